import Foundation
import Logging
import OkikKubeClient
import OkikLLM

/// What `okikctl demo` runs, against any cluster whose time the caller can advance (the built-in simulator): the
/// watchdog watches while time passes, then the optimizer scans and reconciles at the chosen autonomy level, the
/// agent takes one look (with a model when one is configured, else the offline reasoner explains), and a second scan
/// shows the effect. Nothing here knows it is a simulation.
public enum ClusterDemo {
    /// Everything the demo saw and did.
    public struct Result: Sendable, Codable {
        /// The first scan.
        public var before: OptimizationReport
        /// What reconcile did with the first scan's proposals.
        public var reconcile: ReconcileReport
        /// The scan after the fixes had a minute to take effect.
        public var after: OptimizationReport
        /// The watchdog's feed.
        public var recommendations: [Recommendation]
        /// Plans that wait for a person.
        public var pendingPlans: [ActionPlan]
        /// The audit trail, oldest first.
        public var audit: [AuditEntry]
        /// The offline reasoner's reading of the first scan and all actions.
        public var assessment: Assessment
        /// The agent's look with a model, when one was configured.
        public var agent: AgentLook?
        /// Simulated time that passed.
        public var elapsed: Duration
        /// The autonomy level the demo ran at.
        public var level: AutonomyLevel
    }

    /// Settings of a demo run.
    public struct Configuration: Sendable {
        /// The autonomy level (L2 by default: remediate and quarantine run, restarts and destructive calls wait).
        public var level: AutonomyLevel = .l2
        /// How long the watchdog watches before the scan.
        public var watchFor: Duration = .seconds(900)
        /// The step time advances by.
        public var step: Duration = .seconds(15)
        /// How long after reconcile the second scan runs.
        public var settleFor: Duration = .seconds(60)
        /// The watchdog's thresholds.
        public var watchdog = WatchdogConfiguration()
        /// The model the agent asks after reconcile; nil: only the offline reasoner explains.
        public var model: (any ChatModel)?

        /// The defaults.
        public init() {}
    }

    /// Runs the demo.
    /// - Parameters:
    ///   - client: The cluster.
    ///   - audit: Where the audit goes (in memory by default).
    ///   - clock: The cluster's clock.
    ///   - advance: Moves the cluster's time forward and lets it react.
    ///   - progress: A line per phase, for people watching.
    /// - Throws: ``SnapshotError`` when the cluster cannot be read, or an audit store failure.
    public static func run(
        client: KubeClient, audit: OkikRuntimeConfiguration.AuditStorage = .inMemory, clock: any WallClock,
        configuration: Configuration = Configuration(), advance: @escaping @Sendable (Duration) async -> Void,
        logger: Logger, progress: @Sendable (String) -> Void = { _ in }
    ) async throws -> Result {
        // OKIK composed as everywhere else; the demo drives its parts step by step instead of running its services.
        let runtime = try await OkikRuntime.start(
            OkikRuntimeConfiguration(
                cluster: .client(client), audit: audit, gatekeeper: GatekeeperConfiguration(level: configuration.level),
                watchdog: configuration.watchdog, model: configuration.model, clock: clock),
            logger: logger)
        let executor = runtime.executor
        let watchdog = runtime.watchdog
        let watching = Task { try await watchdog.run() }
        defer { watching.cancel() }
        await runtime.caches.waitUntilSynced()

        progress("watchdog: watching pods while \(format(configuration.watchFor)) of cluster time pass")
        var elapsed = Duration.zero
        while elapsed < configuration.watchFor {
            await advance(configuration.step)
            elapsed += configuration.step
            try await settle(watchdog, client: client)
        }
        progress("watchdog: \(await watchdog.feed.count) recommendation(s)")

        progress("optimizer: scanning the cluster")
        let before = try await Optimizer().run(client: client, clock: clock)
        progress("optimizer: score \(before.score)/100, \(before.findings.count) finding(s); reconciling at \(configuration.level)")
        let reconcile = try await Optimizer.reconcile(before, executor: executor)
        var look: AgentLook?
        if let model = configuration.model, let agent = runtime.agent {
            progress("agent: asking \(model.model) to look at the cluster")
            look = AgentLook(model: model.model, report: try await agent.tick())
        }

        await advance(configuration.settleFor)
        elapsed += configuration.settleFor
        try await settle(watchdog, client: client)
        let after = try await Optimizer().run(client: client, clock: clock)
        progress("optimizer: score after the fixes \(after.score)/100")

        let recommendations = await watchdog.feed.recommendations()
        watching.cancel()
        _ = await watching.result
        let trail = try await runtime.store.entries(AuditQuery(limit: 10_000, newestFirst: false))
        await runtime.shutdown()
        return Result(
            before: before, reconcile: reconcile, after: after, recommendations: recommendations,
            pendingPlans: try await executor.approvals.pending(), audit: trail,
            assessment: OfflineReasoner().assess(before, recommendations: recommendations, reconcile: reconcile),
            agent: look, elapsed: elapsed, level: configuration.level)
    }

    /// Lets the watchdog catch up after time moved: waits (up to 30 s of real time) until it has evaluated every pod
    /// at the version the API serves now, then ticks its timers.
    private static func settle(_ watchdog: Watchdog, client: KubeClient) async throws {
        let pods = try await client.namespaced(Pod.self, in: .allNamespaces).list().items
        let deadline = ContinuousClock.now + .seconds(30)
        while await !watchdog.hasEvaluated(pods), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        try await watchdog.tick()
    }

    private static func format(_ duration: Duration) -> String {
        Figures.duration(duration.timeInterval)
    }
}

/// What the agent said and did in the demo's one look.
public struct AgentLook: Sendable, Codable, Hashable {
    /// One tool call and what the gate did with it.
    public struct Call: Sendable, Codable, Hashable {
        /// The call, as `tool {arguments}`.
        public var call: String
        /// executed, queued, denied, failed or invalid.
        public var outcome: CallOutcome
        /// The gate's reason.
        public var decision: String
    }

    /// The model asked.
    public var model: String
    /// The model's answer (Markdown), or the offline reasoner's when the model could not be asked.
    public var answer: String
    /// Why the offline reasoner answered instead, when it did (the provider failed, a budget was spent).
    public var offline: String?
    /// Model calls and tokens.
    public var modelCalls: Int
    /// See ``modelCalls``.
    public var tokens: Int
    /// The tool calls, in order.
    public var calls: [Call]

    /// Summarises a tick.
    public init(model: String, report: AgentTickReport) {
        self.model = model
        self.answer = report.answer
        self.offline = report.offline
        self.modelCalls = report.modelCalls
        self.tokens = report.tokens
        self.calls = report.calls.map { Call(call: $0.invocation.description, outcome: $0.outcome, decision: $0.decision) }
    }
}
