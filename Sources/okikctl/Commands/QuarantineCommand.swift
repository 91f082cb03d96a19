import ArgumentParser
import Foundation
import OkikKit

/// `okikctl quarantine list|add NS/NAME --reason|restore NS/NAME`.
struct Quarantine: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, add and restore quarantined Deployments.",
        discussion: """
            A quarantine takes a failing Deployment out of service: OKIK records its replicas (and any autoscaler's \
            bounds) in okik.io/ annotations, then scales it to zero; `restore` puts back exactly what was recorded. \
            `add` and `restore` go through OKIK's gate as you (the token's holder): at the level in force they run, \
            wait for approval as a plan, or are refused, and are audited either way. Without a deployed server they \
            run in this process with the local state (~/.okik/okik.db).

            Examples:
              okikctl quarantine list
              okikctl quarantine add shop/checkout --reason "crash loop after 2.3.1"
              okikctl quarantine restore shop/checkout

            Exit codes: 0 done (or queued as a plan); 1 error; 3 no such Deployment; 4 refused by the gate.
            """,
        subcommands: [List.self, Add.self, Restore.self],
        defaultSubcommand: List.self
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The quarantined Deployments (all namespaces, or -n).")

        @OptionGroup var options: GlobalOptions

        func run() async throws {
            try await reportingFailures {
                let options = options
                let list = try await OkikSession.with(options, inProcess: true, logger: options.logger("okik.ctl")) {
                    try await $0.server.quarantined(namespace: options.scope)
                }
                switch options.output {
                case .table:
                    var table = Table(headers: ["namespace", "name", "replicas before", "since", "by", "reason"])
                    for entry in list.deployments {
                        table.add(
                            entry.namespace, entry.name, entry.originalReplicas.map(String.init) ?? "?", entry.at ?? "",
                            entry.by ?? "", oneLine(entry.reason ?? "", max: 80))
                    }
                    print(table.render(empty: "No quarantined Deployments" + (options.scope.map { " in \($0)" } ?? "") + "."))
                case .json, .yaml: print(try options.output.encode(list))
                }
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Quarantine a Deployment (scale it to zero, recording how to restore it).")

        @Argument(help: "The Deployment as NAMESPACE/NAME.")
        var deployment: WorkloadReference

        @Option(help: "Why (required; recorded on the Deployment and in the audit).")
        var reason: String

        @OptionGroup var options: GlobalOptions

        func validate() throws {
            try requireText(reason, flag: "--reason")
        }

        func run() async throws {
            try await reportingFailures {
                try await runGated(
                    ToolRunRequest(
                        tool: QuarantineDeploymentTool.name,
                        arguments: ["namespace": .string(deployment.namespace), "name": .string(deployment.name), "reason": .string(reason)],
                        rationale: reason),
                    options: options)
            }
        }
    }

    struct Restore: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lift a quarantine: restore the recorded replicas and autoscaler bounds.")

        @Argument(help: "The Deployment as NAMESPACE/NAME.")
        var deployment: WorkloadReference

        @OptionGroup var options: GlobalOptions

        func run() async throws {
            try await reportingFailures {
                try await runGated(
                    ToolRunRequest(
                        tool: UnquarantineDeploymentTool.name,
                        arguments: ["namespace": .string(deployment.namespace), "name": .string(deployment.name)],
                        rationale: "restored with okikctl"),
                    options: options)
            }
        }
    }
}
