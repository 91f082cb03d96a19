import Foundation
import OkikLLM

/// Everything ``OkikRuntime`` needs to compose OKIK: where the cluster is, where the audit goes, the gate, the
/// watchdog and, when a model is given, the agent.
///
/// ```swift
/// var configuration = OkikRuntimeConfiguration(cluster: .kubeconfig(path: nil, context: "prod"))
/// configuration.audit = .sqlite(path: "/var/lib/okik/audit.sqlite")
/// configuration.gatekeeper.level = .l1
/// ```
public struct OkikRuntimeConfiguration: Sendable {
    /// Where the cluster is.
    public enum Cluster: Sendable {
        /// Loaded like kubectl does: the explicit path, else `$KUBECONFIG`, else `~/.kube/config`, else the in-cluster
        /// service account; `context` nil means the current context. The runtime owns (and shuts down) the client.
        case kubeconfig(path: String?, context: String?)
        /// A client the caller made and shuts down (tests, the simulator, embedding programs).
        case client(KubeClient)
    }

    /// Where the audit trail, plans, incidents and the durable control state are kept.
    public enum AuditStorage: Sendable, Hashable {
        /// In memory: lost when the process ends (tests, demos).
        case inMemory
        /// A SQLite database at this path (created when missing).
        case sqlite(path: String)
    }

    /// Where the cluster is.
    public var cluster: Cluster
    /// Where the audit goes (in memory by default).
    public var audit: AuditStorage
    /// The gate's starting level, automation, limits and approval lifetime (the durable control state wins once one
    /// is stored).
    public var gatekeeper: GatekeeperConfiguration
    /// The watchdog's thresholds.
    public var watchdog: WatchdogConfiguration
    /// The model the agent asks; nil runs watchdog mode (no agent).
    public var model: (any ChatModel)?
    /// The agent's settings (used only when ``model`` is set). The ``AgentSettings`` a person stored at run time
    /// (POST /config) win over them at start, until changed again.
    public var agent: AgentConfiguration
    /// The environment a model's key is read from when a person's stored or new provider differs from the start's
    /// (`OPENAI_API_KEY`, `ANTHROPIC_API_KEY`, `OKIK_LLM_*`); the process's by default.
    public var environment: [String: String]
    /// The namespace the informers watch; nil for all.
    public var namespace: String?
    /// How often pending plans past their lifetime are expired.
    public var approvalExpiryInterval: Duration
    /// How long audit entries and finished plans are kept (90 days by default); nil keeps them for ever. Pending,
    /// approved and executing plans are never pruned.
    public var auditRetention: Duration?
    /// How often the audit trail is pruned to ``auditRetention``.
    public var auditRetentionInterval: Duration
    /// The time the gate, the watchdog and the agent read (a simulator's clock in simulations).
    public var clock: any WallClock
    /// Where gate decisions, model calls, ticks and watchdog incidents are counted (see ``OkikMetrics``).
    public var metrics: OkikMetrics
    /// Where the control state is mirrored in the cluster (the `okik-control` ConfigMap that `okikctl emergency-stop`
    /// can write without the server); nil mirrors nothing.
    public var controlMirror: ControlMirrorConfiguration?
    /// Outbound webhook notifications; nil or no targets sends none.
    public var notifications: NotifierConfiguration?

    /// Creates a configuration.
    public init(
        cluster: Cluster, audit: AuditStorage = .inMemory, gatekeeper: GatekeeperConfiguration = .default,
        watchdog: WatchdogConfiguration = WatchdogConfiguration(), model: (any ChatModel)? = nil,
        agent: AgentConfiguration = AgentConfiguration(), namespace: String? = nil,
        approvalExpiryInterval: Duration = .seconds(30), auditRetention: Duration? = .seconds(90 * 86_400),
        auditRetentionInterval: Duration = .seconds(3600), clock: any WallClock = SystemWallClock(),
        metrics: OkikMetrics = OkikMetrics(), controlMirror: ControlMirrorConfiguration? = nil,
        notifications: NotifierConfiguration? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.environment = environment
        self.metrics = metrics
        self.cluster = cluster
        self.audit = audit
        self.gatekeeper = gatekeeper
        self.watchdog = watchdog
        self.model = model
        self.agent = agent
        self.namespace = namespace
        self.approvalExpiryInterval = approvalExpiryInterval
        self.auditRetention = auditRetention
        self.auditRetentionInterval = auditRetentionInterval
        self.clock = clock
        self.controlMirror = controlMirror
        self.notifications = notifications
    }
}
