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

                --server URL runs the scan on a deployed okik-server instead (POST /optimise; --reconcile there needs an \
                admin token and uses the server's level and audit).

                Exit codes: 0 success; 1 error (including a namespace that does not exist); 2 the score is below \
                --fail-under; 4 refused (the token's role).

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

        @Option(help: "Scan the built-in simulated cluster: a scenario name, `all`, `mixed` (with --nodes/--pods), or a YAML file.")
        var sim: String?

        @Option(help: "With --sim mixed: nodes of the synthetic cluster.")
        var nodes: Int?

        @Option(help: "With --sim mixed: pods of the synthetic cluster.")
        var pods: Int?

        @Option(help: "Exit with code 2 when the overall score is below this (0-100).")
        var failUnder: Int?

        @Option(help: "Checks or codes to skip, comma-separated: check ids (missing-resources) or finding codes (OKK-106); see Docs/FindingCodes.md.")
        var disable: String?

        @Flag(help: "Show each finding's evidence and proposed calls.")
        var details = false

        @OptionGroup var options: GlobalOptions

        private var namespace: String? { options.scope }
        private var output: OutputFormat { options.output }

        var categories: Set<String>? {
            (try? CategorySelection.parse(category)) ?? nil
        }

        var autonomy: AutonomyLevel? {
            AutonomyLevel(parsing: level)
        }

        func validate() throws {
            do {
                _ = try CategorySelection.parse(category)
            } catch {
                throw ValidationError("--category: \(error.message)")
            }
            guard autonomy != nil else { throw ValidationError("--level must be L0, L1, L2, L3 or L4") }
            if let failUnder, !(0...100).contains(failUnder) { throw ValidationError("--fail-under must be between 0 and 100") }
            if sim != nil && (options.kubeconfig != nil || options.context != nil || options.server != nil) {
                throw ValidationError("--sim scans the built-in simulated cluster; it cannot be combined with --kubeconfig, --context or --server")
            }
            if options.server != nil && (auditDB != nil || !disabled.isEmpty) {
                throw ValidationError("--audit-db and --disable apply to a scan in this process, not with --server")
            }
            if (nodes != nil || pods != nil) && sim != "mixed" { throw ValidationError("--nodes and --pods need --sim mixed") }
            for name in disabled where !CheckRegistry.isKnown(name) {
                throw ValidationError(
                    "unknown check or code \(name) in --disable; use a code such as OKK-106 or a check id: "
                        + CheckRegistry.ids.joined(separator: ", "))
            }
        }

        var disabled: Set<String> {
            Set((disable ?? "").split(separator: ",").map { name in
                let trimmed = name.trimmingCharacters(in: .whitespaces)
                return trimmed.uppercased().hasPrefix("OKK-") ? trimmed.uppercased() : trimmed
            }.filter { !$0.isEmpty })
        }

        func run() async throws {
            let logger = options.logger("okik.optimise")
            if options.server != nil {
                try await reportingFailures { try await runOnServer(logger: logger) }
                return
            }
            let progress = ProgressLine()
            let target = try await ClusterTarget.open(
                sim: sim, nodes: nodes, pods: pods, kubeconfig: options.kubeconfig, context: options.context,
                logger: logger, progress: progress)
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
            try show(report, trail: trail, name: target.name)
        }

        /// Runs the scan on the deployed server (POST /optimise; --reconcile needs an admin token).
        private func runOnServer(logger: Logger) async throws {
            let (options, request) = (options, OptimiseRequest(
                category: category == "all" ? nil : category, namespace: namespace, reconcile: reconcile ? true : nil))
            let report = try await OkikSession.with(options, inProcess: false, logger: logger) {
                try await $0.server.optimise(request)
            }
            try show(report, trail: "", name: options.server ?? "server")
        }

        private func show(_ report: OptimizationReport, trail: String, name: String) throws {
            let terminal = options.terminal
            switch output {
            case .table:
                print(ReportRenderer(terminal: terminal, details: details).render(report, title: "OKIK optimise · \(name)"))
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
