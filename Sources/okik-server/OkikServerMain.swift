import ArgumentParser
import Foundation
import Hummingbird
import Logging
import OkikKit
import OkikLLM
import OkikServer
import OkikSimulator
import Prometheus
import ServiceLifecycle
import UnixSignals

/// okik-server: parses flags, composes the runtime, and runs the HTTP application and the runtime's services in one
/// `ServiceGroup` until SIGTERM or SIGINT (graceful shutdown).
@main
struct OkikServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "okik-server",
        abstract: "OKIK's HTTP server (agent and watchdog modes).",
        discussion: """
            Every route but /health needs a token from --token-file (lines ROLE:NAME:TOKEN; roles viewer, operator, \
            approver, admin), sent as "Authorization: Bearer TOKEN" or "X-Okik-Token: TOKEN".
            """
    )

    @Option(help: "The port to listen on.")
    var port = 8000

    @Option(help: "The address to bind (0.0.0.0 in a pod).")
    var host = "127.0.0.1"

    @Option(help: "The kubeconfig (default: $KUBECONFIG, ~/.kube/config, then the in-cluster service account).")
    var kubeconfig: String?

    @Option(help: "The kubeconfig context (default: the current context).")
    var context: String?

    @Option(name: .customLong("sim"), help: "Serve over the built-in simulated cluster running this scenario, in process.")
    var scenario: String?

    @Flag(help: "Watchdog mode: only /health, /status, /recommendations and /recommendations/stream.")
    var watchdog = false

    @Option(help: "The SQLite audit database (default: in memory, lost on exit).")
    var db: String?

    @Option(help: "Days the audit trail and finished plans are kept (0 keeps them for ever; pending plans are never pruned).")
    var auditRetentionDays = 90

    @Option(help: "The token file (ROLE:NAME:TOKEN lines).")
    var tokenFile: String?

    @Option(
        help: ArgumentHelp(
            "The webhook targets file (JSON or YAML, mounted from a Secret): where notifications go.",
            discussion: "See Docs/Notifications.md."))
    var webhooksFile: String?

    @Option(
        help: ArgumentHelp(
            "The ConfigMap the control state is mirrored to, as NAMESPACE/NAME, or none.",
            discussion: """
                Default: okik-system/okik-control in a pod (in-cluster config) and with --sim; none otherwise. \
                `okikctl emergency-stop` writes it to stop OKIK even when this server is hung; see Docs/Safety.md.
                """))
    var controlConfigmap: String?

    @Option(help: "The autonomy level at the first start, L0 ... L4 (the stored control state wins afterwards).")
    var level = "L2"

    @Option(
        name: .customLong("llm-provider"),
        help: ArgumentHelp(
            "The agent's model provider: openai, anthropic or openai-compatible.",
            discussion: "Default: OKIK_LLM_PROVIDER, else anthropic when only ANTHROPIC_API_KEY is set, else openai."))
    var llmProvider: String?

    @Option(help: "The agent's model (default: OKIK_LLM_MODEL, else the provider's: gpt-5-mini, claude-sonnet-4-6).")
    var model: String?

    @Option(
        name: .customLong("llm-base-url"),
        help: "The provider's API root, for an OpenAI-compatible server (default: OKIK_LLM_BASE_URL, else the provider's).")
    var llmBaseURL: String?

    @Option(
        help: ArgumentHelp(
            "A file holding the provider's API key (mounted from a Secret; a trailing newline is trimmed).",
            discussion: "Default: OKIK_LLM_API_KEY, else OPENAI_API_KEY or ANTHROPIC_API_KEY. The key is never a flag."))
    var apiKeyFile: String?

    @Option(help: "Seconds between the agent's looks at the cluster (default 30).")
    var interval: Double?

    @Option(help: "The log level.")
    var logLevel = "info"

    @Option(
        name: .customLong("mcp-allowed-origin"),
        help: "A browser origin allowed to call /mcp besides localhost (repeat for more), such as https://assistant.example.com.")
    var mcpAllowedOrigins: [String] = []

    @Option(name: .customLong("mcp-max-sessions"), help: "The most MCP sessions over HTTP kept at once (default 32).")
    var mcpMaxSessions = 32

    /// The agent flags, for ``AgentFlags``' checks and resolution.
    var agentFlags: AgentFlags {
        AgentFlags(provider: llmProvider, model: model, baseURL: llmBaseURL, apiKeyFile: apiKeyFile, interval: interval)
    }

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard mcpMaxSessions >= 1 else { throw ValidationError("--mcp-max-sessions must be at least 1") }
        guard auditRetentionDays >= 0 else { throw ValidationError("--audit-retention-days must be 0 (keep) or more") }
        for origin in mcpAllowedOrigins {
            guard let url = URL(string: origin), ["http", "https"].contains(url.scheme ?? ""), url.host != nil, url.path.isEmpty
            else { throw ValidationError("--mcp-allowed-origin must be an origin such as https://assistant.example.com, not \(origin)") }
        }
        guard AutonomyLevel(parsing: level) != nil else { throw ValidationError("--level must be L0 ... L4, not \(level)") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level \(logLevel)") }
        if let scenario, BuiltInScenarios.named(scenario) == nil {
            throw ValidationError("no built-in scenario \(scenario); one of \(BuiltInScenarios.names.joined(separator: ", "))")
        }
        if let controlConfigmap, controlConfigmap != "none" && ControlMirrorConfiguration(reference: controlConfigmap) == nil {
            throw ValidationError("--control-configmap must be NAMESPACE/NAME or none, not \(controlConfigmap)")
        }
        if scenario != nil && (kubeconfig != nil || context != nil) {
            throw ValidationError("--sim serves a simulated cluster: leave out --kubeconfig and --context")
        }
        do {
            try agentFlags.validate()
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() async throws {
        var logger = Logger(label: "okik.server")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        // A malformed token file stops the start here, naming its line.
        let tokens = try tokenFile.map(TokenFile.load(from:)) ?? TokenFile()
        if tokens.entries.isEmpty {
            logger.warning("no tokens (--token-file): every route but /health answers 401")
        }
        // A malformed targets file stops the start here, naming its entry (never a URL).
        let webhooks = try webhooksFile.map(WebhookTarget.load(from:)) ?? []
        if webhooksFile != nil && webhooks.isEmpty {
            logger.warning("the webhooks file lists no targets: no notifications are sent")
        }

        // A model configuration that is there but wrong stops the start here, naming the flag.
        let agentModel = try makeAgentModel(logger: logger)

        var simulator: Simulator?
        var runtimeConfiguration: OkikRuntimeConfiguration
        if let scenario, let definition = BuiltInScenarios.named(scenario) {
            let duration = Int(definition.durationSeconds.rounded(.up))
            let started = try await Simulator.start(
                SimulatorConfiguration(clock: .realTime(startingAgo: .seconds(duration)), runtime: .standard),
                logger: logger)
            simulator = started
            do {
                for line in try await SimulatedClusterSetup.prepare(
                    started, scenario: scenario, nodes: nil, pods: nil, fastForward: "\(duration)s")
                {
                    logger.info("simulator: \(line)")
                }
                let client = try KubeClient(config: started.kubeConfig, logger: logger)
                // OKIK's own namespace, where the control ConfigMap lives (in a cluster, the deployment creates it).
                if (try? await client.clusterScoped(Namespace.self).get(ControlConfigMap.defaultNamespace)) == nil {
                    _ = try await client.clusterScoped(Namespace.self).create(
                        Namespace(metadata: ObjectMeta(name: ControlConfigMap.defaultNamespace)))
                }
                let clock = started.clock
                runtimeConfiguration = OkikRuntimeConfiguration(
                    cluster: .client(client), clock: ClosureWallClock { clock.now })
            } catch {
                await started.stop()
                throw error
            }
        } else {
            runtimeConfiguration = OkikRuntimeConfiguration(cluster: .kubeconfig(path: kubeconfig, context: context))
        }
        runtimeConfiguration.audit = db.map { .sqlite(path: $0) } ?? .inMemory
        runtimeConfiguration.auditRetention = auditRetentionDays == 0 ? nil : .seconds(auditRetentionDays * 86_400)
        runtimeConfiguration.gatekeeper.level = AutonomyLevel(parsing: level) ?? .l2
        // OKIK's instruments go to one Prometheus registry, which GET /metrics exposes.
        runtimeConfiguration.metrics = OkikMetrics(factory: PrometheusMetricsFactory(registry: PrometheusCollectorRegistry()))
        runtimeConfiguration.controlMirror = controlMirror(simulated: simulator != nil)
        if let mirror = runtimeConfiguration.controlMirror {
            logger.info("the control state is mirrored to ConfigMap \(mirror.namespace)/\(mirror.name)")
        }
        if !webhooks.isEmpty {
            runtimeConfiguration.notifications = NotifierConfiguration(targets: webhooks)
            logger.info("notifications go to \(webhooks.map(\.name).joined(separator: ", "))")
        }
        if let interval = agentFlags.intervalDuration { runtimeConfiguration.agent.interval = interval }
        if let (llm, model) = agentModel {
            runtimeConfiguration.agent.llm = llm
            runtimeConfiguration.model = model
        }

        let runtime: OkikRuntime
        do {
            runtime = try await OkikRuntime.start(runtimeConfiguration, logger: logger)
        } catch {
            await simulator?.stop()
            throw error
        }
        let app = buildApplication(
            configuration: ServerConfiguration(
                host: host, port: port, tokens: tokens, mode: watchdog ? .watchdog : .agent,
                mcp: MCPConfiguration(allowedOrigins: mcpAllowedOrigins, maxSessions: mcpMaxSessions)),
            runtime: runtime, logger: logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: runtime.services.map { .init(service: $0) } + [.init(service: app)],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            await shutdown(runtime, simulator)
            throw error
        }
        await shutdown(runtime, simulator)
    }

    /// The model the flags or the environment choose, for agent mode; nil (offline, no agent) with none, and in
    /// watchdog mode. - Throws: ``ServerFlagError`` naming the flag when a model configuration is there but wrong.
    private func makeAgentModel(logger: Logger) throws -> (LLMConfiguration, any ChatModel)? {
        let flags = agentFlags
        if watchdog {
            if flags.namesAModel { logger.warning("watchdog mode runs no agent: the model flags are ignored") }
            return nil
        }
        guard let llm = try flags.llmConfiguration() else {
            logger.warning(
                """
                no model configured (--llm-provider, --model, --api-key-file, OPENAI_API_KEY, ANTHROPIC_API_KEY or \
                OKIK_LLM_*): the agent runs offline, with no model; chat answers offline and POST /config changes \
                only the level
                """)
            return nil
        }
        let model: any ChatModel
        do {
            model = try llm.makeChatModel()
        } catch {
            throw ServerFlagError(flag: nil, message: "the model cannot be made: \(error.message ?? "\(error)")")
        }
        logger.info(
            "agent mode: the agent asks \(llm.provider.rawValue)/\(llm.model)",
            metadata: ["okik.llm.base_url": "\(llm.baseURL)"])
        return (llm, model)
    }

    private func shutdown(_ runtime: OkikRuntime, _ simulator: Simulator?) async {
        await runtime.shutdown()
        if case .client(let client) = runtime.configuration.cluster { try? await client.shutdown() }
        await simulator?.stop()
    }

    /// The mirror `--control-configmap` asks for; by default okik-system/okik-control in a pod and over --sim.
    private func controlMirror(simulated: Bool) -> ControlMirrorConfiguration? {
        switch controlConfigmap {
        case "none"?:
            return nil
        case let text?:
            return ControlMirrorConfiguration(reference: text)
        case nil:
            let inCluster = kubeconfig == nil && ProcessInfo.processInfo.environment["KUBERNETES_SERVICE_HOST"] != nil
                && ProcessInfo.processInfo.environment["KUBECONFIG"] == nil
            return simulated || inCluster ? .default : nil
        }
    }
}
