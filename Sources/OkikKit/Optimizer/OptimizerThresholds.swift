/// The numbers the built-in checks judge by; the defaults are what a platform team would start with.
public struct OptimizerThresholds: Sendable, Hashable, Codable {
    /// Usage below this fraction of the request counts as over-provisioned (default 0.25).
    public var overProvisionedFraction: Double = 0.25
    /// Requests below these are too small to bother about (default 100m CPU, 128 MiB).
    public var minimumCPURequestMillicores: Int64 = 100
    /// See ``minimumCPURequestMillicores``.
    public var minimumMemoryRequestBytes: Int64 = 128 << 20
    /// Usage at or above this fraction of the limit is near the limit (default 0.9).
    public var nearLimitFraction: Double = 0.9
    /// A limit more than this many times the request is far above it (default 4).
    public var limitToRequestRatio: Double = 4
    /// Memory limits on a node above this multiple of its allocatable overcommit it (default 1.5).
    public var nodeOvercommitRatio: Double = 1.5
    /// Restarts from which a running container restarts too often (default 5).
    public var restartThreshold: Int = 5
    /// CPU usage below this, in every pod, is idle (default 5m).
    public var idleCPUMillicores: Int64 = 5
    /// A node whose requests and usage are both below this fraction of allocatable is almost unused (default 0.1).
    public var underusedNodeFraction: Double = 0.1
    /// Pending for less than this is still starting, not unschedulable (default 60 s).
    public var pendingGraceSeconds: Double = 60
    /// How late a CronJob may be before it is "not scheduling" (default 300 s past its due time).
    public var cronJobLatenessSeconds: Double = 300
    /// How many recent Jobs of a CronJob are looked at (default 3).
    public var cronJobHistory: Int = 3
    /// Headroom added to observed usage when recommending requests and limits (default 1.3 = 30%).
    public var recommendationHeadroom: Double = 1.3

    /// The defaults.
    public init() {}
}
