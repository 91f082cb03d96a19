import Foundation
import Logging
import OkikKubeClient

/// The only way a tool call reaches the cluster: it prepares the call, asks the ``Gatekeeper`` and the
/// ``RemediationGuard``, applies rate limits, audits, and then runs it, queues it as an ``ActionPlan``, or refuses it.
/// Plans are proposed, approved and rejected through its ``approvals`` service.
///
/// ```swift
/// let executor = try await GatedToolExecutor.start(client: client, store: InMemoryAuditStore(), logger: logger)
/// let report = try await executor.execute(
///     ToolInvocation(tool: "scale_deployment", arguments: ["namespace": "shop", "name": "web", "replicas": 3]),
///     caller: Caller(.agent, "okik"))
/// ```
public final class GatedToolExecutor: Sendable {
    /// The tools on offer.
    public var registry: ToolRegistry { pipeline.registry }
    /// Autonomy level, automation, emergency stop and extra protected namespaces (durable, versioned).
    public var controls: SafetyControls { pipeline.controls }
    /// The audit store.
    public var store: any AuditStore { pipeline.store }
    /// The configuration it started with.
    public var configuration: GatekeeperConfiguration { pipeline.configuration }
    /// The remediation guards every write passes after the gatekeeper.
    public var guards: RemediationGuard { pipeline.guards }
    /// Where OKIK's instruments are recorded.
    public var metrics: OkikMetrics { pipeline.metrics }
    /// Per-container usage history (rightsizing reads it; the optimizer records into it).
    public let history: any UsageHistoryStore
    /// Plans: propose, approve, reject, preview, list.
    public let approvals: ApprovalService
    private let pipeline: ToolCallPipeline

    private init(pipeline: ToolCallPipeline, history: any UsageHistoryStore) {
        self.pipeline = pipeline
        self.history = history
        self.approvals = ApprovalService(pipeline: pipeline)
    }

    /// Creates an executor and restores the durable control state and the plans an earlier process left running.
    /// - Parameters:
    ///   - history: Usage history for rightsizing; by default the audit store when it keeps history (both built-in
    ///     stores do), else an in-memory one.
    ///   - metrics: Where gate decisions, model calls and ticks are counted (the process-wide factory by default).
    /// - Throws: when the store cannot be read.
    public static func start(
        client: KubeClient, registry: ToolRegistry = .builtIn, store: any AuditStore,
        history: (any UsageHistoryStore)? = nil, configuration: GatekeeperConfiguration = .default,
        clock: any WallClock = SystemWallClock(), metrics: OkikMetrics = OkikMetrics(), logger: Logger
    ) async throws -> GatedToolExecutor {
        let history = history ?? (store as? any UsageHistoryStore) ?? InMemoryUsageHistoryStore()
        let pipeline = ToolCallPipeline(
            client: client, registry: registry, store: store, history: history, configuration: configuration,
            clock: clock, metrics: metrics, logger: logger)
        try await pipeline.controls.restore()
        try await pipeline.queue.restore()
        return GatedToolExecutor(pipeline: pipeline, history: history)
    }

    /// Decides one call and executes, queues or denies it; every path is audited.
    /// - Parameters:
    ///   - pass: The remediation pass the call belongs to (its namespace scope, one write per workload), if any.
    /// - Throws: only when the audit or control-state store fails (a write never runs without its intent on record).
    public func execute(
        _ invocation: ToolInvocation, caller: Caller, rationale: String? = nil, pass: RemediationPass? = nil
    ) async throws -> CallReport {
        try await pipeline.decideAndRun(
            invocation, caller: caller, planID: nil, approved: false, rationale: rationale, pass: pass)
    }

    /// Refuses a call that cannot be run as asked (a model named a tool it was not offered, or sent arguments that are
    /// not a JSON object), without deciding or running it, and puts the refusal on record like every other call.
    /// - Throws: only when the audit store fails.
    public func refuse(_ invocation: ToolInvocation, caller: Caller, reason: String) async throws -> CallReport {
        try await pipeline.refuse(invocation, caller: caller, reason: reason)
    }
}
