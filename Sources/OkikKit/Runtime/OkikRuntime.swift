import Foundation
import Logging
import OkikLLM
import ServiceLifecycle

/// OKIK composed once from one ``OkikRuntimeConfiguration``: the cluster client, the audit store, the gated executor
/// (controls and approvals), the informer caches, the watchdog and, in agent mode, the agent. Front ends (the
/// server, in-process commands, demos) start OKIK through it and run its ``services`` in a `ServiceGroup`.
///
/// ```swift
/// let runtime = try await OkikRuntime.start(OkikRuntimeConfiguration(cluster: .kubeconfig(path: nil, context: nil)),
///                                           logger: logger)
/// let group = ServiceGroup(services: runtime.services, gracefulShutdownSignals: [.sigterm], logger: logger)
/// try await group.run()
/// await runtime.shutdown()
/// ```
public final class OkikRuntime: Sendable {
    /// Agent mode (the REST API with an agent) or watchdog mode (LLM-free).
    public enum Mode: String, Sendable, Hashable, Codable {
        /// An agent reasons with a model; the watchdog runs alongside.
        case agent
        /// Only the deterministic watchdog runs.
        case watchdog
    }

    /// The configuration it was composed from.
    public let configuration: OkikRuntimeConfiguration
    /// The cluster client.
    public let client: KubeClient
    /// The audit store (also the durable control state, plans and incidents).
    public let store: any AuditStore
    /// The only way a tool call reaches the cluster; its `controls` and `approvals` are the switches and plans.
    public let executor: GatedToolExecutor
    /// The informers the watchdog runs and the agent reads.
    public let caches: ClusterCaches
    /// The deterministic watchdog; its `feed` holds the recommendations.
    public let watchdog: Watchdog
    /// The agent, in agent mode.
    public let agent: Agent?
    /// Expires plans nobody approved in time and fails plans left approved or executing.
    public let approvalExpiry: ApprovalExpiryService
    /// Prunes the audit trail to ``OkikRuntimeConfiguration/auditRetention``, when one is set.
    public let auditRetention: AuditRetentionService?
    /// Mirrors the control state to its ConfigMap, when ``OkikRuntimeConfiguration/controlMirror`` is set.
    public let controlMirror: ControlMirror?
    /// Sends webhook notifications, when targets are configured.
    public let notifier: Notifier?
    private let ownsClient: Bool

    private init(
        configuration: OkikRuntimeConfiguration, client: KubeClient, ownsClient: Bool, store: any AuditStore,
        executor: GatedToolExecutor, caches: ClusterCaches, watchdog: Watchdog, agent: Agent?,
        controlMirror: ControlMirror?, logger: Logger
    ) {
        self.configuration = configuration
        self.client = client
        self.ownsClient = ownsClient
        self.store = store
        self.executor = executor
        self.caches = caches
        self.watchdog = watchdog
        self.agent = agent
        self.controlMirror = controlMirror
        self.approvalExpiry = ApprovalExpiryService(
            approvals: executor.approvals, interval: configuration.approvalExpiryInterval)
        self.auditRetention = configuration.auditRetention.map { retention in
            AuditRetentionService(
                store: store, retention: retention, interval: configuration.auditRetentionInterval,
                clock: configuration.clock, logger: logger)
        }
        self.notifier = configuration.notifications.flatMap { notifications in
            notifications.targets.isEmpty
                ? nil : Notifier(store: store, configuration: notifications, clock: configuration.clock, logger: logger)
        }
    }

    /// Agent mode when a model is configured, else watchdog mode.
    public var mode: Mode { agent == nil ? .watchdog : .agent }

    /// The long-running parts, in start order (the notifier, plan expiry, audit retention, the control mirror, the
    /// watchdog with its informers, the agent); a `ServiceGroup` shuts them down in reverse. Nothing runs until the
    /// group runs them.
    public var services: [any ServiceLifecycle.Service] {
        var services: [any ServiceLifecycle.Service] = []
        if let notifier { services.append(notifier) }
        services.append(approvalExpiry)
        if let auditRetention { services.append(auditRetention) }
        if let controlMirror { services.append(controlMirror) }
        services.append(watchdog)
        if let agent { services.append(agent) }
        return services
    }

    /// Composes the runtime: opens the client and the audit store, restores the control state and the plans an
    /// earlier process left, reconciles the control state with its ConfigMap (when mirrored, so a stop set there
    /// holds before the first gate decision; a failure to reach it is logged and retried by the service), and creates
    /// the caches, the watchdog and (with a model) the agent, its configuration with the ``AgentSettings`` a person
    /// stored over ``OkikRuntimeConfiguration/agent``. Nothing watches the cluster until ``services`` run.
    /// - Throws: ``KubeConfigError`` when the kubeconfig cannot be loaded, or an audit store failure (the database
    ///   cannot be opened or read).
    public static func start(_ configuration: OkikRuntimeConfiguration, logger: Logger) async throws -> OkikRuntime {
        let client: KubeClient
        let ownsClient: Bool
        switch configuration.cluster {
        case .client(let given):
            client = given
            ownsClient = false
        case .kubeconfig(let path, let context):
            client = try KubeClient(config: try KubeConfig.loadDefault(explicitPath: path), context: context, logger: logger)
            ownsClient = true
        }
        do {
            let store: any AuditStore = switch configuration.audit {
            case .inMemory: InMemoryAuditStore()
            case .sqlite(let path): try SQLiteAuditStore(path: path, logger: logger)
            }
            let clock = configuration.clock
            let executor = try await GatedToolExecutor.start(
                client: client, store: store, configuration: configuration.gatekeeper, clock: clock,
                metrics: configuration.metrics, logger: logger)
            var controlMirror: ControlMirror?
            if let mirrorConfiguration = configuration.controlMirror {
                let mirror = ControlMirror(
                    controls: executor.controls, client: client, configuration: mirrorConfiguration, logger: logger)
                await mirror.synchronize()
                controlMirror = mirror
            }
            let caches = ClusterCaches(client: client, namespace: configuration.namespace, logger: logger)
            let watchdog = Watchdog(
                caches: caches, executor: executor, configuration: configuration.watchdog, clock: clock, logger: logger)
            let agentConfiguration = configuration.model == nil
                ? configuration.agent : try await restoredAgentConfiguration(configuration, store: store, logger: logger)
            let agent = configuration.model.map { model in
                Agent(
                    model: model, executor: executor, caches: caches, configuration: agentConfiguration,
                    watchdogFeed: watchdog.feed, clock: clock, logger: logger)
            }
            return OkikRuntime(
                configuration: configuration, client: client, ownsClient: ownsClient, store: store,
                executor: executor, caches: caches, watchdog: watchdog, agent: agent, controlMirror: controlMirror,
                logger: logger)
        } catch {
            if ownsClient { try? await client.shutdown() }
            throw error
        }
    }

    /// The agent's configuration with the ``AgentSettings`` a person stored over the start's: the person's change
    /// wins until changed again. A stored model that cannot be made now (its key is gone) is logged and the start's
    /// model stays.
    private static func restoredAgentConfiguration(
        _ configuration: OkikRuntimeConfiguration, store: any AuditStore, logger: Logger
    ) async throws -> AgentConfiguration {
        guard let settingsStore = store as? any AgentSettingsStore,
            let stored = try await settingsStore.loadAgentSettings(), !stored.isEmpty
        else { return configuration.agent }
        let (restored, problem) = stored.applied(to: configuration.agent, environment: configuration.environment)
        if let problem { logger.warning("\(problem)") }
        let model = restored.llm.map { "\($0.provider.rawValue)/\($0.model)" } ?? "as given"
        logger.info(
            "the agent settings \(stored.changedBy) stored apply over the start flags",
            metadata: [
                "okik.agent.model": "\(model)", "okik.agent.interval": "\(restored.interval)",
                "okik.agent.temperature": "\(restored.temperature)",
            ])
        return restored
    }

    /// Shuts down the client when the runtime opened it (a client passed in stays open). Call after the services
    /// have stopped.
    public func shutdown() async {
        if ownsClient { try? await client.shutdown() }
    }
}
