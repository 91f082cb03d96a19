/// The watchdog's thresholds and identity.
public struct WatchdogConfiguration: Sendable, Hashable {
    /// Restarts at which a container in CrashLoopBackOff gets its Deployment quarantined (default 5).
    public var crashLoopRestartThreshold: Int
    /// How long a pod may stay unschedulable before it is diagnosed (default 5 minutes).
    public var pendingTimeout: Duration
    /// The factor applied to the observed peak (at least the limit) for an OOM memory recommendation (default 1.5).
    public var oomLimitFactor: Double
    /// How often time-driven rules (pending timeouts) look at the pods they track (default 15 s); no API call is made.
    public var tickInterval: Duration
    /// The caller recorded in the audit for the watchdog's actions.
    public var caller: Caller

    /// Creates a configuration.
    public init(
        crashLoopRestartThreshold: Int = 5, pendingTimeout: Duration = .seconds(300), oomLimitFactor: Double = 1.5,
        tickInterval: Duration = .seconds(15), caller: Caller = Caller(.watchdog, "okik-watchdog")
    ) {
        self.crashLoopRestartThreshold = crashLoopRestartThreshold
        self.pendingTimeout = pendingTimeout
        self.oomLimitFactor = oomLimitFactor
        self.tickInterval = tickInterval
        self.caller = caller
    }
}
