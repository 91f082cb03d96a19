import ArgumentParser
import Foundation
import Logging
import OkikKit
import OkikSimulator

extension OkikCtl {
    struct Optimise: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "optimise",
            abstract: "Scan a cluster, score it 0-100 per category, explain what is wrong and (with --reconcile) fix it.",
            discussion: """
                Reads the cluster once (pods, workloads, nodes, autoscalers, claims, budgets, events and metrics), \
                runs the optimizer's checks over that snapshot and prints findings with stable codes (OKK-NNN, see \
                Docs/FindingCodes.md), evidence and recommendations. Scans all namespaces unless -n is given.

                --reconcile sends the fixes the findings propose through the gatekeeper and the remediation guards \
                at --level: what the level allows runs, the rest is queued as approval plans or denied, and every \
                decision is audited (in memory, or in the SQLite file given with --audit-db). The guards keep every \
                write from making the cluster worse: no serving workload below its floor, no more than 10% of nodes \
                cordoned, nothing rightsized without 24 h of usage history, one write per workload per run, and a \
                namespace scan (-n) never writes outside its namespace (see Docs/Remediation.md).

                --audit-db also keeps per-container usage history: each scan records a sample, and rightsizing \
                proposals start once a container has enough of it. Run optimise regularly (or okik-server) against \
                the same file.

                Findings of one code are grouped in the table (a count and three examples); -o json lists them all.

                --sim runs the scan against OKIK's built-in simulated cluster instead (a scenario name, `all`, \
                `mixed` with --nodes/--pods, or a scenario YAML file): no cluster needed.

                Exit codes: 0 success; 1 error (including a namespace that does not exist); 2 the score is below \
                --fail-under.

                Examples:
                  okikctl optimise --sim all
                  okikctl optimise -n shop --category resource-efficiency -o json
                  okikctl optimise --context prod --fail-under 80
                  okikctl optimise --sim crashloop --reconcile --level L2
                """,
            aliases: ["optimize"]
        )

        @Option(help: "Categories to run: all, or a comma-separated list of resource-efficiency, availability, cost, scaling, workload-health.")
        var category: String = "all"

        @Flag(help: "Send the proposed fixes through the gatekeeper (executed, queued for approval, or denied; all audited).")
        var reconcile = false

        @Option(help: "Autonomy level for --reconcile: L0 (advisory) ... L4 (full). L2 runs remediate and quarantine tools and queues the rest.")
        var level: String = "L2"

        @Option(help: "SQLite file for the audit trail and the usage history (default: in memory, forgotten on exit).")
        var auditDB: String?

        @Option(name: [.short, .customLong("namespace")], help: "Scan only this namespace.")
        var namespace: String?

        @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "Scan all namespaces (the default).")
        var allNamespaces = false

        @Option(help: "The kubeconfig context to use (default: current-context).")
        var context: String?

        @Option(help: "Path to the kubeconfig (default: $KUBECONFIG or ~/.kube/config; in a pod, the service account).")
        var kubeconfig: String?

        @Option(help: "Scan the built-in simulated cluster: a scenario name, `all`, `mixed` (with --nodes/--pods), or a YAML file.")
        var sim: String?

        @Option(help: "With --sim mixed: nodes of the synthetic cluster.")
        var nodes: Int?

        @Option(help: "With --sim mixed: pods of the synthetic cluster.")
        var pods: Int?

        @Option(name: [.short, .customLong("output")], help: "Output format: table, json or yaml (json and yaml follow the okik.io/optimise/v1 schema).")
        var output: OutputFormat = .table

        @Option(help: "Exit with code 2 when the overall score is below this (0-100).")
        var failUnder: Int?

        @Option(help: "Checks or codes to skip, comma-separated: check ids (missing-resources) or finding codes (OKK-106); see Docs/FindingCodes.md.")
        var disable: String?

        @Flag(help: "Show each finding's evidence and proposed calls.")
        var details = false

        @Option(help: "Log level: trace, debug, info, notice, warning, error.")
        var logLevel: String = "warning"

        var categories: Set<String>? {
            category == "all" ? nil : Set(category.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        }

        var autonomy: AutonomyLevel? {
            AutonomyLevel(parsing: level)
        }

        func validate() throws {
            let known = Set(OptimizationCategory.builtIn.map(\.id))
            for id in categories ?? [] where !known.contains(id) {
                throw ValidationError("unknown --category \(id); use all or \(known.sorted().joined(separator: ", "))")
            }
            guard autonomy != nil else { throw ValidationError("--level must be L0, L1, L2, L3 or L4") }
            if let failUnder, !(0...100).contains(failUnder) { throw ValidationError("--fail-under must be between 0 and 100") }
            if namespace != nil && allNamespaces { throw ValidationError("use either -n NAMESPACE or -A, not both") }
            if sim != nil && (kubeconfig != nil || context != nil) {
                throw ValidationError("--sim scans the built-in simulated cluster; it cannot be combined with --kubeconfig or --context")
            }
            if (nodes != nil || pods != nil) && sim != "mixed" { throw ValidationError("--nodes and --pods need --sim mixed") }
            for name in disabled where !CheckRegistry.isKnown(name) {
                throw ValidationError(
                    "unknown check or code \(name) in --disable; use a code such as OKK-106 or a check id: "
                        + CheckRegistry.ids.joined(separator: ", "))
            }
            guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level \(logLevel)") }
        }

        var disabled: Set<String> {
            Set((disable ?? "").split(separator: ",").map { name in
                let trimmed = name.trimmingCharacters(in: .whitespaces)
                return trimmed.uppercased().hasPrefix("OKK-") ? trimmed.uppercased() : trimmed
            }.filter { !$0.isEmpty })
        }

        func run() async throws {
            var logger = Logger(label: "okik.optimise")
            logger.logLevel = Logger.Level(rawValue: logLevel) ?? .warning
            let progress = ProgressLine()
            let target = try await ClusterTarget.open(
                sim: sim, nodes: nodes, pods: pods, kubeconfig: kubeconfig, context: context, logger: logger,
                progress: progress)
            let result: (OptimizationReport, String)
            do {
                result = try await scan(target, logger: logger, progress: progress)
                await target.close()
            } catch {
                progress.finish()
                await target.close()
                throw error
            }
            let (report, trail) = result
            let terminal = Terminal.standardOutput
            switch output {
            case .table:
                print(ReportRenderer(terminal: terminal, details: details).render(report, title: "OKIK optimise · \(target.name)"))
                if let reconcile = report.reconcile {
                    print("")
                    print(ReportRenderer(terminal: terminal).render(reconcile))
                    if !trail.isEmpty { print(trail) }
                }
            case .json, .yaml:
                print(try output.encode(report))
            }
            if let failUnder, report.score < failUnder {
                FileHandle.standardError.write(Data("okikctl: score \(report.score) is below --fail-under \(failUnder)\n".utf8))
                throw ExitCode(2)
            }
        }

        private func scan(_ target: ClusterTarget, logger: Logger, progress: ProgressLine) async throws -> (OptimizationReport, String) {
            progress.update("reading the cluster…")
            // Composed like every front end: the usage history and (with --reconcile) the gate and its audit.
            let runtime = try await OkikRuntime.start(
                OkikRuntimeConfiguration(
                    cluster: .client(target.client), audit: auditDB.map { .sqlite(path: $0) } ?? .inMemory,
                    gatekeeper: GatekeeperConfiguration(level: autonomy ?? .l2), clock: target.clock),
                logger: logger)
            var report = try await Optimizer().run(
                client: target.client, namespace: namespace, categories: categories, disabledChecks: disabled,
                history: runtime.executor.history, clock: target.clock
            ) { step in
                progress.update("reading the cluster: \(step.completed)/\(step.total) (\(step.resource): \(step.count))")
            }
            progress.finish()
            guard reconcile else { return (report, "") }
            report.reconcile = try await Optimizer.reconcile(report, executor: runtime.executor)
            await runtime.shutdown()
            let trail = auditDB.map { "audit trail written to \($0)" } ?? ""
            return (report, trail)
        }
    }
}
