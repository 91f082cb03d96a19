import Foundation

/// The settings of the remediation guards: the invariants every OKIK write must keep, whoever proposes it
/// (optimizer, watchdog, agent, API, MCP). See Docs/Remediation.md for why each default is what it is.
public struct RemediationPolicy: Sendable, Hashable, Codable {
    /// Restarts at which a crash-looping pod counts as failing, not starting (default 5). The watchdog and the
    /// optimizer both read this one value.
    public var restartThreshold: Int
    /// A pod whose last crash ended within this window still counts as crash-looping (default 10 minutes).
    public var crashRecencySeconds: Double
    /// Most schedulable nodes OKIK lets be cordoned at once, as a share of all nodes (default 0.1); at least one
    /// node may always be cordoned, never the last schedulable one.
    public var maxCordonedNodeShare: Double
    /// Usage history a container needs before OKIK lowers its requests or limits (default 24 h).
    public var minimumHistorySeconds: Double
    /// Samples a container needs before OKIK lowers its requests or limits (default 30).
    public var minimumHistorySamples: Int
    /// The CPU usage percentile a CPU request is set to (default 0.95, as KRR does).
    public var cpuRequestPercentile: Double
    /// The percentile a CPU limit is never lowered below (default 0.99).
    public var cpuLimitPercentile: Double
    /// Margin added to the memory peak for memory requests and limits (default 0.15, as VPA and KRR do).
    public var memoryMargin: Double
    /// One resize per workload within this window (default 24 h).
    public var resizeCooldownSeconds: Double

    /// Creates a policy; every argument has the documented default.
    public init(
        restartThreshold: Int = 5, crashRecencySeconds: Double = 600, maxCordonedNodeShare: Double = 0.1,
        minimumHistorySeconds: Double = 24 * 3600, minimumHistorySamples: Int = 30, cpuRequestPercentile: Double = 0.95,
        cpuLimitPercentile: Double = 0.99, memoryMargin: Double = 0.15, resizeCooldownSeconds: Double = 24 * 3600
    ) {
        self.restartThreshold = restartThreshold
        self.crashRecencySeconds = crashRecencySeconds
        self.maxCordonedNodeShare = maxCordonedNodeShare
        self.minimumHistorySeconds = minimumHistorySeconds
        self.minimumHistorySamples = minimumHistorySamples
        self.cpuRequestPercentile = cpuRequestPercentile
        self.cpuLimitPercentile = cpuLimitPercentile
        self.memoryMargin = memoryMargin
        self.resizeCooldownSeconds = resizeCooldownSeconds
    }

    /// The defaults.
    public static let `default` = RemediationPolicy()

    /// How many nodes may be cordoned at once in a cluster of `nodes` nodes: `max(1, ⌊share × nodes⌋)`.
    public func cordonAllowance(nodes: Int) -> Int {
        max(1, Int((maxCordonedNodeShare * Double(nodes)).rounded(.down)))
    }
}
