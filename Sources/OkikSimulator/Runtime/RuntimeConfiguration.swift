/// How the simulated controllers, scheduler and kubelets behave.
public struct RuntimeConfiguration: Sendable {
    /// Seed of every random choice (pod name suffixes, IPs, pull times), for repeatable runs.
    public var seed: UInt64
    /// How often the metrics pipeline samples container usage (metrics-server's resolution).
    public var metricsInterval: Duration
    /// How often the HPA controller re-evaluates (`--horizontal-pod-autoscaler-sync-period`).
    public var hpaSyncInterval: Duration
    /// How long pulling an image the node does not have yet takes.
    public var imagePullDuration: Duration
    /// Record Normal events (Scheduled, Pulled, Started, ...); Warning events are always recorded.
    public var recordNormalEvents: Bool
    /// Events older than this are deleted, like the API server's event TTL.
    public var eventTTL: Duration
    /// How often pods that did not fit are retried even when nothing changed.
    public var unschedulableRetryInterval: Duration
    /// Write PodMetrics and NodeMetrics objects (for `kubectl top` and the HPA).
    public var publishMetrics: Bool

    /// Creates a configuration; the defaults follow the real components' defaults.
    public init(
        seed: UInt64 = 42, metricsInterval: Duration = .seconds(30), hpaSyncInterval: Duration = .seconds(15),
        imagePullDuration: Duration = .seconds(2), recordNormalEvents: Bool = true, eventTTL: Duration = .seconds(3600),
        unschedulableRetryInterval: Duration = .seconds(300), publishMetrics: Bool = true
    ) {
        self.seed = seed
        self.metricsInterval = metricsInterval
        self.hpaSyncInterval = hpaSyncInterval
        self.imagePullDuration = imagePullDuration
        self.recordNormalEvents = recordNormalEvents
        self.eventTTL = eventTTL
        self.unschedulableRetryInterval = unschedulableRetryInterval
        self.publishMetrics = publishMetrics
    }

    /// The real components' defaults.
    public static var standard: RuntimeConfiguration { RuntimeConfiguration() }
}

extension Duration {
    /// The duration in seconds, as a `TimeInterval`.
    var timeInterval: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
