import Foundation
import Logging
import OkikKubeClient
import OkikLLM

/// Measures what the agent costs and how fast it reacts (`okikctl bench agent`): it ticks an ``Agent`` every
/// ``Configuration/interval`` of simulated time over a cluster the caller advances, counts model calls, tokens (as the
/// provider reports them) and the largest context, and, when asked, starts an incident part-way and counts the ticks
/// until the model is asked about it.
///
/// The model is whatever the caller passes: the command uses a scripted one that answers without calling tools, so the
/// figures are the agent's own economy (how often it asks and how much it sends), not a model's verbosity.
public enum AgentBenchmark {
    /// What to run.
    public struct Configuration: Sendable {
        /// Simulated time to run for (default one hour).
        public var duration: Duration
        /// Simulated time between ticks (default 30 s, the agent's default interval).
        public var interval: Duration
        /// When to start the incident, from the start (default: half-way); nil for none.
        public var incidentAfter: Duration?
        /// The agent's configuration (its budgets and limits).
        public var agent: AgentConfiguration
        /// Called after each tick with its index and report (for a verbose listing).
        public var onTick: (@Sendable (Int, AgentTickReport) -> Void)?

        /// Creates a configuration.
        public init(
            duration: Duration = .seconds(3600), interval: Duration = .seconds(30), incidentAfter: Duration? = .seconds(1800),
            agent: AgentConfiguration = AgentConfiguration(), onTick: (@Sendable (Int, AgentTickReport) -> Void)? = nil
        ) {
            self.onTick = onTick
            self.duration = duration
            self.interval = interval
            self.incidentAfter = incidentAfter
            self.agent = agent
        }
    }

    /// What the cluster does for the benchmark.
    public struct Cluster: Sendable {
        /// Takes a snapshot at the cluster's time.
        public var snapshot: @Sendable () async throws -> ClusterSnapshot
        /// Moves the cluster's time on.
        public var advance: @Sendable (Duration) async -> Void
        /// Starts an incident and names the object the agent should notice.
        public var startIncident: @Sendable () async throws -> ResourceRef

        /// Creates the description.
        public init(
            snapshot: @escaping @Sendable () async throws -> ClusterSnapshot,
            advance: @escaping @Sendable (Duration) async -> Void,
            startIncident: @escaping @Sendable () async throws -> ResourceRef
        ) {
            self.snapshot = snapshot
            self.advance = advance
            self.startIncident = startIncident
        }
    }

    /// What one run measured.
    public struct Result: Sendable, Codable, Hashable {
        /// Pods in the first snapshot.
        public var pods: Int
        /// Ticks run.
        public var ticks: Int
        /// Simulated hours run.
        public var hours: Double
        /// Model calls in all.
        public var modelCalls: Int
        /// Tokens in all (reported by the model, or estimated when it reports none).
        public var tokens: Int
        /// Tokens per simulated hour.
        public var tokensPerHour: Int
        /// Model calls and tokens outside the first tick and the incident's ticks: what a steady cluster costs.
        public var steadyModelCalls: Int
        /// See ``steadyModelCalls``.
        public var steadyTokens: Int
        /// The largest context sent, in estimated tokens.
        public var maxContextTokens: Int
        /// Ticks from the first tick whose findings show the incident to the first model call about it, counting
        /// that tick (1: the same tick); nil without an incident or when the model was never asked.
        public var firstReactionTicks: Int?
        /// Ticks from starting the incident to the first model call about it (includes the time the cluster takes
        /// to show it).
        public var ticksFromIncident: Int?
        /// Ticks where the budget refused a call.
        public var budgetRefusals: Int
        /// Wall time of the slowest tick, in seconds (snapshot, optimizer and the call).
        public var slowestTickSeconds: Double
    }

    /// Runs the benchmark.
    /// - Throws: when the cluster or the agent's stores fail.
    public static func run(
        model: any ChatModel, client: KubeClient, cluster: Cluster, now: @escaping @Sendable () -> Date,
        configuration: Configuration = Configuration(), logger: Logger
    ) async throws -> Result {
        let clock = ClosureWallClock(now)
        let executor = try await GatedToolExecutor.start(
            client: client, store: InMemoryAuditStore(),
            configuration: GatekeeperConfiguration(level: .l2, rateLimits: .unlimited), clock: clock, logger: logger)
        let agent = Agent(
            model: model, executor: executor, configuration: configuration.agent, snapshot: cluster.snapshot,
            clock: clock, logger: logger)
        let ticks = max(1, Int(configuration.duration.timeInterval / configuration.interval.timeInterval))
        let incidentTick = configuration.incidentAfter.map { Int($0.timeInterval / configuration.interval.timeInterval) }
        var result = Result(
            pods: 0, ticks: 0, hours: Double(ticks) * configuration.interval.timeInterval / 3600, modelCalls: 0, tokens: 0,
            tokensPerHour: 0, steadyModelCalls: 0, steadyTokens: 0, maxContextTokens: 0, firstReactionTicks: nil,
            ticksFromIncident: nil, budgetRefusals: 0, slowestTickSeconds: 0)
        result.pods = try await cluster.snapshot().pods.count
        var incident: ResourceRef?
        var incidentStartedAt: Int?
        var firstSeenAt: Int?
        for index in 0..<ticks {
            if index > 0 { await cluster.advance(configuration.interval) }
            if index == incidentTick {
                incident = try await cluster.startIncident()
                incidentStartedAt = index
            }
            let started = ContinuousClock.now
            let report = try await agent.tick()
            result.slowestTickSeconds = max(result.slowestTickSeconds, (ContinuousClock.now - started).timeInterval)
            result.ticks += 1
            configuration.onTick?(index, report)
            result.modelCalls += report.modelCalls
            result.tokens += report.tokens
            result.maxContextTokens = max(result.maxContextTokens, report.contextTokens)
            if report.offline?.contains("budget") == true { result.budgetRefusals += 1 }

            var aboutIncident = false
            if let incident, let startedAt = incidentStartedAt, result.ticksFromIncident == nil {
                if firstSeenAt == nil, await agent.ledger.recommendation(AgentRecommendation.id(for: incident)) != nil {
                    firstSeenAt = index
                }
                if let seen = firstSeenAt, report.modelCalls > 0 {
                    result.firstReactionTicks = index - seen + 1
                    result.ticksFromIncident = index - startedAt + 1
                    aboutIncident = true
                }
            }
            if index > 0 && !aboutIncident {
                result.steadyModelCalls += report.modelCalls
                result.steadyTokens += report.tokens
            }
        }
        result.tokensPerHour = result.hours > 0 ? Int((Double(result.tokens) / result.hours).rounded()) : result.tokens
        return result
    }
}
