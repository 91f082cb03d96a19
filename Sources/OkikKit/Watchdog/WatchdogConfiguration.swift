/// The watchdog's thresholds and identity. The restart threshold of crash loops is not here: it is the remediation
/// policy's (``RemediationPolicy/restartThreshold``), shared with the optimizer and enforced by the guards.
public struct WatchdogConfiguration: Sendable, Hashable {
    /// How long a pod may stay unschedulable before it is diagnosed (default 5 minutes).
    public var pendingTimeout: Duration
    /// The factor applied to the observed peak (at least the limit) for an OOM memory recommendation (default 1.5).
    public var oomLimitFactor: Double
    /// How often time-driven rules (pending timeouts) look at the pods they track (default 15 s); no API call is made.
    public var tickInterval: Duration
    /// The caller recorded in the audit for the watchdog's actions.
    public var caller: Caller
    /// The longest wait between retries of an incident whose action was refused or failed (default 15 minutes);
    /// retries start at 30 s and double.
    public var maximumRetryInterval: Duration
    /// How long a workload's live pods must stop showing an incident before it counts as resolved and is forgotten
    /// (default 10 minutes: twice Kubernetes' longest crash-loop back-off, so a container between two crashes is not
    /// taken for fixed). An incident whose workload revision has no live pod left is resolved at once.
    public var resolveAfter: Duration
    /// How long an incident no pod has shown is kept at most (default 7 days); this also ends incidents of
    /// namespaces the watchdog does not watch.
    public var incidentRetention: Duration

    /// Creates a configuration.
    public init(
        pendingTimeout: Duration = .seconds(300), oomLimitFactor: Double = 1.5,
        tickInterval: Duration = .seconds(15), caller: Caller = Caller(.watchdog, "okik-watchdog"),
        maximumRetryInterval: Duration = .seconds(900), resolveAfter: Duration = .seconds(600),
        incidentRetention: Duration = .seconds(7 * 86_400)
    ) {
        self.pendingTimeout = pendingTimeout
        self.oomLimitFactor = oomLimitFactor
        self.tickInterval = tickInterval
        self.caller = caller
        self.maximumRetryInterval = maximumRetryInterval
        self.resolveAfter = resolveAfter
        self.incidentRetention = incidentRetention
    }
}
