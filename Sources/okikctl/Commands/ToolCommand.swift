import ArgumentParser
import Foundation
import OkikKit

/// `okikctl tool list|run NAME --args JSON`.
struct Tool: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List OKIK's tools, or call one through its gate as yourself.",
        discussion: """
            Every tool has a risk package (observe, remediate, quarantine, restart, destructive); the autonomy level \
            decides which run without approval. `run` sends the call through the same gate as the agent's calls: \
            protected namespaces, the emergency stop, rate limits, the remediation guards and the level all apply, \
            and the call is audited under your name. Without a deployed server it runs in this process with the \
            local state (~/.okik/okik.db).

            Examples:
              okikctl tool list
              okikctl tool run get_pods --args '{"namespace":"shop"}'
              okikctl tool run scale_deployment --args '{"namespace":"shop","name":"web","replicas":3}' --rationale "sale traffic"
              okikctl tool test

            Exit codes: 0 ran (or queued as a plan); 1 error or failed; 3 no such tool or object; 4 refused by the gate.
            """,
        subcommands: [List.self, Run.self, Test.self],
        defaultSubcommand: List.self
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The tools, their packages and whether each runs without approval now.")

        @OptionGroup var options: GlobalOptions

        func run() async throws {
            try await reportingFailures {
                let options = options
                let tools = try await OkikSession.with(options, inProcess: true, logger: options.logger("okik.ctl")) {
                    try await $0.server.tools()
                }
                switch options.output {
                case .table:
                    var table = Table(headers: ["tool", "package", "at \(tools.level)", "description"])
                    for tool in tools.tools {
                        table.add(
                            tool.name, tool.package.rawValue, tool.runsWithoutApproval ? "runs" : "needs approval",
                            oneLine(tool.description, max: 90))
                    }
                    print(table.render(empty: "No tools."))
                case .json, .yaml: print(try options.output.encode(tools))
                }
            }
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Call one tool through the gate, as yourself.")

        @Argument(help: "The tool's name (see okikctl tool list).")
        var name: String

        @Option(help: "The arguments as a JSON object (see the tool's inputSchema in okikctl tool list -o json).")
        var args = "{}"

        @Option(help: "Why (kept with the plan when the call waits for approval).")
        var rationale: String?

        @OptionGroup var options: GlobalOptions

        func validate() throws {
            guard case .object = try parsedArguments() else { throw ValidationError("--args must be a JSON object, such as '{\"namespace\":\"shop\"}'") }
        }

        private func parsedArguments() throws -> JSONValue {
            do {
                return try JSONValue.parse(Data(args.utf8))
            } catch {
                throw ValidationError("--args is not valid JSON: \(error)")
            }
        }

        func run() async throws {
            try await reportingFailures {
                try await runGated(
                    ToolRunRequest(tool: name, arguments: try parsedArguments(), rationale: rationale), options: options)
            }
        }
    }

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check which tools would work with OKIK's RBAC: every call each tool makes, asked of the API server.",
            discussion: """
                For each tool (and the runtime's own reads) okikctl asks the API server, with SubjectAccessReviews, \
                whether OKIK's service account may make each Kubernetes call the tool makes (the permissions OKIK's \
                code declares per tool); the cluster's own authorizers answer. Nothing runs and nothing changes. You \
                need create on subjectaccessreviews (cluster admins have it). The service account is the deployed \
                OKIK's (okik-agent, else okik-watchdog), or --service-account.

                Exit codes: 0 every tool would work; 1 an error; 4 some tools lack permissions (listed).
                """)

        @Option(help: "The service account as NAMESPACE/NAME (default: the deployed OKIK's).")
        var serviceAccount: String?

        @OptionGroup var options: GlobalOptions

        func validate() throws {
            if let serviceAccount, WorkloadReference(argument: serviceAccount) == nil {
                throw ValidationError("--service-account must be NAMESPACE/NAME, not \(serviceAccount)")
            }
        }

        func run() async throws {
            try await reportingFailures {
                let logger = options.logger("okik.ctl")
                let kube = try KubeClient(
                    config: try KubeConfig.loadDefault(explicitPath: options.kubeconfig), context: options.context, logger: logger)
                let result: Result<(String, [ToolAccessReview.Access]), any Error>
                do {
                    let account = try await account(kube)
                    let review = ToolAccessReview(client: kube, serviceAccountNamespace: account.namespace, serviceAccount: account.name)
                    result = .success((review.user, try await review.review()))
                } catch {
                    result = .failure(error)
                }
                try? await kube.shutdown()
                let (user, accesses) = try result.get()
                switch options.output {
                case .table:
                    let terminal = options.terminal
                    var table = Table(headers: ["tool", "package", "rbac", "missing"])
                    for access in accesses {
                        table.add(
                            access.tool, access.package?.rawValue ?? "", access.allowed ? terminal.green("ok") : terminal.red("refused"),
                            access.missing.joined(separator: ", "))
                    }
                    print("Permissions of \(user):")
                    print(table.render(empty: "No tools."))
                case .json, .yaml: print(try options.output.encode(accesses))
                }
                if accesses.contains(where: { !$0.allowed }) { throw ExitCode(ExitStatus.refused.rawValue) }
            }
        }

        /// --service-account, else the deployed OKIK's.
        private func account(_ kube: KubeClient) async throws -> WorkloadReference {
            if let serviceAccount, let reference = WorkloadReference(argument: serviceAccount) { return reference }
            let accounts = kube.namespaced(ServiceAccount.self, in: .named(OkikInstallation.namespace))
            for name in [OkikInstallation.agentService, OkikInstallation.watchdogService] {
                if try await accounts.getIfPresent(name) != nil {
                    return WorkloadReference(argument: "\(OkikInstallation.namespace)/\(name)")!
                }
            }
            throw CommandFailure(
                "no OKIK service account in \(OkikInstallation.namespace) (okik-agent or okik-watchdog); deploy OKIK, or name one with --service-account NAMESPACE/NAME")
        }
    }
}
