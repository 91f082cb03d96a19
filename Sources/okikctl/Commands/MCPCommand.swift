import ArgumentParser
import Foundation
import Logging
import OkikKit
import OkikServer

extension OkikCtl {
    /// `okikctl mcp`: OKIK's gated tools, resources and prompts for an MCP client, over standard input and output.
    struct MCP: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mcp",
            abstract: "Serve OKIK's gated tools to an MCP client (Claude Desktop, Cursor, VS Code) over stdio.",
            discussion: """
                Speaks the Model Context Protocol on standard input and output, for an assistant that starts it as a \
                local MCP server; logs go to standard error only. It offers OKIK's tools with their JSON Schemas, \
                OKIK's state as resources (okik://status, okik://findings, okik://scores, okik://plans/pending, \
                okik://audit/recent, okik://watchdog/feed, okik://namespaces/NAME/findings; subscribable) and two \
                prompts (diagnose_namespace, explain_finding).

                Every tool call passes OKIK's gate when it is made, as mcp:CLIENT (the client's name from its \
                initialize request), at --level: L0 runs nothing; L1 (the default) runs observe tools and queues \
                every write as a plan, whose id the result names, for a person to approve (okikctl actions approve ID); \
                L2 also runs remediate and quarantine tools; L3 everything but destructive ones; L4 everything. \
                Protected namespaces and the emergency stop refuse writes at any level. Every call is audited and \
                every result redacted.

                OKIK runs in this process against the kubeconfig's cluster, with its state (audit, plans, the level) \
                in ~/.okik/okik.db; --level is applied to that state at start. --sim SCENARIO serves a built-in \
                simulated cluster instead (a scenario name, `all`, or a scenario YAML file), with its state in \
                memory. --watchdog also runs OKIK's deterministic watchdog, whose recommendations fill \
                okik://watchdog/feed. An emergency stop engaged in the cluster (okikctl emergency-stop) holds here \
                too, within 5 seconds. To reach a deployed okik-server instead, point the client at its /mcp \
                endpoint (Docs/MCP.md).

                Examples:
                  okikctl mcp --kubeconfig ~/.kube/config --context prod
                  okikctl mcp --sim crashloop --level L2 --watchdog
                  claude mcp add okik -- okikctl mcp --context staging

                Exit codes: 0 the client closed standard input; 1 error (no cluster, an unknown scenario, a database \
                that cannot be opened).
                """
        )

        @Option(help: "Serve the built-in simulated cluster: a scenario name (crashloop, oom, ...), `all`, or a scenario YAML file.")
        var sim: String?

        @Option(help: "Autonomy level: L0 (advisory) ... L4 (full). L1 runs observe tools and queues every write for approval.")
        var level: String = "L1"

        @Flag(help: "Also run OKIK's watchdog, which acts on crash loops, OOM kills and pending pods through the same gate.")
        var watchdog = false

        @OptionGroup var options: GlobalOptions

        var autonomy: AutonomyLevel? { AutonomyLevel(parsing: level) }

        func validate() throws {
            guard autonomy != nil else { throw ValidationError("--level must be L0, L1, L2, L3 or L4") }
            if sim != nil && (options.kubeconfig != nil || options.context != nil) {
                throw ValidationError("--sim serves the built-in simulated cluster; it cannot be combined with --kubeconfig or --context")
            }
            if options.server != nil || options.token != nil {
                throw ValidationError(
                    "okikctl mcp runs OKIK in this process; to use a deployed okik-server, point the MCP client at its /mcp endpoint (Docs/MCP.md)")
            }
        }

        func run() async throws {
            try await reportingFailures {
                let logger = options.logger("okik.mcp")
                let target = try await ClusterTarget.open(
                    sim: sim, nodes: nil, pods: nil, kubeconfig: options.kubeconfig, context: options.context,
                    logger: logger)
                do {
                    try await serve(target, logger: logger)
                    await target.close()
                } catch {
                    await target.close()
                    throw error
                }
            }
        }

        /// Composes OKIK over the target and serves one MCP client on stdio, with plan expiry (and the watchdog)
        /// running beside it.
        private func serve(_ target: ClusterTarget, logger: Logger) async throws {
            let level = autonomy ?? .l1
            var audit = OkikRuntimeConfiguration.AuditStorage.inMemory
            if sim == nil {
                let path = LocalOkik.databasePath
                let directory = (path as NSString).deletingLastPathComponent
                do {
                    try FileManager.default.createDirectory(
                        atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                } catch {
                    throw CommandFailure("cannot create \(directory) for OKIK's local state: \(error.localizedDescription)")
                }
                audit = .sqlite(path: path)
            }
            let runtime = try await OkikRuntime.start(
                OkikRuntimeConfiguration(
                    cluster: .client(target.client), audit: audit, gatekeeper: GatekeeperConfiguration(level: level),
                    namespace: options.scope, clock: target.clock),
                logger: logger)
            let controls = runtime.executor.controls
            if try await controls.refresh().level != level {
                // The stored level (from an earlier command) gives way to the one this server was started with.
                try await controls.setLevel(level, by: Caller(.human, LocalOkik.person))
            }
            // `okikctl emergency-stop` writes the cluster's okik-control ConfigMap: it holds here too.
            let follower = EmergencyStopFollower(runtime: runtime, caller: Caller(.human, LocalOkik.person), logger: logger)
            await follower.check()
            logger.info("serving MCP on stdio", metadata: ["okik.cluster": "\(target.name)", "okik.level": "\(level)"])
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await runtime.approvalExpiry.run() }
                tasks.addTask { try await follower.run() }
                if watchdog { tasks.addTask { try await runtime.watchdog.run() } }
                defer { tasks.cancelAll() }
                try await MCPEndpoint(runtime: runtime, logger: logger).serveStandardIO()
            }
            await runtime.shutdown()
        }
    }
}
