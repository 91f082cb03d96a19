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
    /// The share of the hours in ``minimumHistorySeconds`` that must each hold a sample (default 0.75: 18 of 24), so
    /// the history saw the daily cycle rather than one busy or quiet stretch.
    public var minimumHistoryCoverage: Double
    /// The CPU usage percentile a CPU request is set to (default 0.95, as KRR does).
    public var cpuRequestPercentile: Double
    /// The percentile a CPU limit is never lowered below (default 0.99).
    public var cpuLimitPercentile: Double
    /// Margin added to the memory peak for memory requests and limits (default 0.15, as VPA and KRR do).
    public var memoryMargin: Double
    /// One resize per workload within this window (default 24 h).
    public var resizeCooldownSeconds: Double
    /// A revision that has run this long proved itself: when it starts crash-looping the cause is more likely outside
    /// it (a database, a node, a secret), kubelet brings it back once that is mended, and quarantining it (to zero,
    /// until a person restores it) needs a person (default 1 h).
    public var provenRevisionSeconds: Double
    /// Quarantines OKIK makes on its own within ``quarantineBurstSeconds`` before the next one needs a person
    /// (default 3): many workloads failing together usually share a cause a quarantine does not mend.
    public var quarantineBurst: Int
    /// The window of ``quarantineBurst`` (default 15 minutes).
    public var quarantineBurstSeconds: Double
    /// OKIK changes an autoscaler's bounds at most once per workload within this window without a person, so a
    /// signal that never settles (a queue that never drains, a leak) cannot ratchet its maximum up pass after pass
    /// (default 24 h).
    public var autoscalerCooldownSeconds: Double

    /// Creates a policy; every argument has the documented default.
    public init(
        restartThreshold: Int = 5, crashRecencySeconds: Double = 600, maxCordonedNodeShare: Double = 0.1,
        minimumHistorySeconds: Double = 24 * 3600, minimumHistorySamples: Int = 30, minimumHistoryCoverage: Double = 0.75,
        cpuRequestPercentile: Double = 0.95,
        cpuLimitPercentile: Double = 0.99, memoryMargin: Double = 0.15, resizeCooldownSeconds: Double = 24 * 3600,
        provenRevisionSeconds: Double = 3600, quarantineBurst: Int = 3, quarantineBurstSeconds: Double = 900,
        autoscalerCooldownSeconds: Double = 24 * 3600
    ) {
        self.restartThreshold = restartThreshold
        self.crashRecencySeconds = crashRecencySeconds
        self.maxCordonedNodeShare = maxCordonedNodeShare
        self.minimumHistorySeconds = minimumHistorySeconds
        self.minimumHistorySamples = minimumHistorySamples
        self.minimumHistoryCoverage = minimumHistoryCoverage
        self.cpuRequestPercentile = cpuRequestPercentile
        self.cpuLimitPercentile = cpuLimitPercentile
        self.memoryMargin = memoryMargin
        self.resizeCooldownSeconds = resizeCooldownSeconds
        self.provenRevisionSeconds = provenRevisionSeconds
        self.quarantineBurst = quarantineBurst
        self.quarantineBurstSeconds = quarantineBurstSeconds
        self.autoscalerCooldownSeconds = autoscalerCooldownSeconds
    }

    /// The defaults.
    public static let `default` = RemediationPolicy()

    /// How many nodes may be cordoned at once in a cluster of `nodes` nodes: `max(1, ⌊share × nodes⌋)`.
    public func cordonAllowance(nodes: Int) -> Int {
        max(1, Int((maxCordonedNodeShare * Double(nodes)).rounded(.down)))
    }
}
