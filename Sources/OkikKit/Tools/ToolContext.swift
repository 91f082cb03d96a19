import Logging
import OkikKubeClient

/// Everything a tool needs to run: the cluster client, dry-run mode, who asked, time and output limits.
public struct ToolContext: Sendable {
    /// The cluster client.
    public var client: KubeClient
    /// `.all` when every write must be a server-side dry run (approval previews).
    public var dryRun: DryRun
    /// Who asked; written into annotations such as `okik.io/quarantined-by`.
    public var caller: Caller
    /// The clock for timestamps written into the cluster.
    public var clock: any WallClock
    /// Bounds on result sizes.
    public var limits: ToolOutputLimits
    /// The logger.
    public var logger: Logger
    /// The namespaces no write may touch; tools that act on many objects (a node drain) skip them.
    public var protectedNamespaces: ProtectedNamespaces
    /// True once the emergency stop is engaged (read from the durable control state each time; a state that cannot
    /// be read counts as stopped). A tool that writes many objects asks between writes and stops.
    public var isStopped: @Sendable () async -> Bool

    /// Creates a context. Only the executor makes one (internal), so a tool's `run` cannot be reached around the
    /// gatekeeper, the guards and the audit.
    init(
        client: KubeClient, dryRun: DryRun = .none, caller: Caller, clock: any WallClock = SystemWallClock(),
        limits: ToolOutputLimits = .default, protectedNamespaces: ProtectedNamespaces = ProtectedNamespaces(),
        isStopped: @escaping @Sendable () async -> Bool = { false }, logger: Logger
    ) {
        self.isStopped = isStopped
        self.client = client
        self.dryRun = dryRun
        self.caller = caller
        self.clock = clock
        self.limits = limits
        self.protectedNamespaces = protectedNamespaces
        self.logger = logger
    }

    /// True when writes are dry runs.
    public var isDryRun: Bool { dryRun == .all }
}

/// Bounds on what a tool returns, so a model's context stays small.
public struct ToolOutputLimits: Sendable, Hashable {
    /// Most items in a list result.
    public var maxItems: Int
    /// Most events attached to a description.
    public var maxEvents: Int
    /// Most log lines returned.
    public var maxLogLines: Int
    /// Most log bytes returned.
    public var maxLogBytes: Int
    /// Longest free-text field (messages) before it is cut.
    public var maxTextLength: Int

    /// Creates limits.
    public init(
        maxItems: Int = 50, maxEvents: Int = 20, maxLogLines: Int = 200, maxLogBytes: Int = 16 * 1024,
        maxTextLength: Int = 300
    ) {
        self.maxItems = maxItems
        self.maxEvents = maxEvents
        self.maxLogLines = maxLogLines
        self.maxLogBytes = maxLogBytes
        self.maxTextLength = maxTextLength
    }

    /// 50 items, 20 events, 200 log lines or 16 KiB, 300-character messages.
    public static let `default` = ToolOutputLimits()
}
