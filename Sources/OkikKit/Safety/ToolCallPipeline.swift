import Foundation
import Logging
import OkikKubeClient

/// The one path every tool call takes, shared by ``GatedToolExecutor`` (calls) and ``ApprovalService`` (plans):
/// prepare → gatekeeper → remediation guards → rate limit → audit the decision → run (intent row, tool, redacted
/// outcome row), queue as a plan, or deny. Nothing else in OKIK calls a tool's `run`.
final class ToolCallPipeline: Sendable {
    let registry: ToolRegistry
    let controls: SafetyControls
    let store: any AuditStore
    let configuration: GatekeeperConfiguration
    let guards: RemediationGuard
    let queue: ApprovalQueue
    let client: KubeClient
    let rateLimiter: RateLimiter
    let clock: any WallClock
    let metrics: OkikMetrics
    let logger: Logger
    let writeLocks = WriteLocks()

    init(
        client: KubeClient, registry: ToolRegistry, store: any AuditStore, history: any UsageHistoryStore,
        configuration: GatekeeperConfiguration, clock: any WallClock, metrics: OkikMetrics, logger: Logger
    ) {
        self.metrics = metrics
        self.client = client
        self.registry = registry
        self.store = store
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        self.controls = SafetyControls(configuration: configuration, store: store, clock: clock)
        self.queue = ApprovalQueue(store: store, clock: clock)
        self.rateLimiter = RateLimiter(configuration: configuration.rateLimits, clock: clock)
        self.guards = RemediationGuard(
            policy: configuration.remediation, client: client, history: history, audit: store, clock: clock)
    }

    /// Decides one call and runs, queues or denies it. `approvedUnder` is what the guards saw when the approved
    /// plan was made: a step the cluster has outgrown since is denied as stale. `tokensReserved` says the rate
    /// limits were taken for the whole plan before its first step.
    func decideAndRun(
        _ invocation: ToolInvocation, caller: Caller, planID: UUID?, approved: Bool, rationale: String?,
        pass: RemediationPass?, approvedUnder: ActionPlan.Conditions? = nil, tokensReserved: Bool = false
    ) async throws -> CallReport {
        let callID = UUID()
        let call: PreparedToolCall
        do throws(ToolError) {
            call = try registry.prepare(invocation)
        } catch {
            return try await refuse(invocation, caller: caller, error: error, callID: callID, planID: planID)
        }
        guard call.package.isWrite else {
            return try await decide(
                call, callID: callID, caller: caller, planID: planID, approved: approved, rationale: rationale, pass: pass,
                approvedUnder: approvedUnder, tokensReserved: tokensReserved)
        }
        let keys = Set(call.targets.map { $0.namespace ?? WriteLocks.clusterKey })
        return try await writeLocks.run(holding: keys.isEmpty ? [WriteLocks.clusterKey] : keys) {
            try await self.decide(
                call, callID: callID, caller: caller, planID: planID, approved: approved, rationale: rationale, pass: pass,
                approvedUnder: approvedUnder, tokensReserved: tokensReserved)
        }
    }

    /// Audits a call that never reaches the gate (it does not prepare, or cannot be read as asked) as denied.
    func refuse(_ invocation: ToolInvocation, caller: Caller, reason: String) async throws -> CallReport {
        try await refuse(
            invocation, caller: caller, error: ToolError(code: .invalidValue, message: reason), callID: UUID(), planID: nil)
    }

    private func refuse(
        _ invocation: ToolInvocation, caller: Caller, error: ToolError, callID: UUID, planID: UUID?
    ) async throws -> CallReport {
        let decision = GateDecision.deny(reason: "invalid call: \(error.message.prefix(500))", retryAfter: nil)
        let known = registry.tool(named: invocation.tool) != nil
        // What a model invents is bounded on record: the name, the arguments (a preview past 2,000 characters) and
        // the metric label (one `unknown` series, not one per invented name).
        let arguments = invocation.arguments.jsonString()
        try await store.append(
            AuditEntry(
                timestamp: clock.now, kind: .decision, actor: caller.description, callID: callID, planID: planID,
                tool: String(invocation.tool.prefix(100)),
                package: registry.tool(named: invocation.tool).map { type(of: $0).package },
                arguments: arguments.count <= 2_000
                    ? invocation.arguments
                    : ["truncated": .int(arguments.count), "preview": .string(String(arguments.prefix(500)))],
                decision: .deny, reason: decision.reason))
        metrics.recordToolCall(tool: known ? invocation.tool : "unknown", decision: .deny)
        return CallReport(callID: callID, invocation: invocation, decision: decision, outcome: .invalid(error))
    }

    /// The gate, the guards, the rate limit and the audit of a prepared call, then its run, plan or denial. A write
    /// comes here holding its namespaces' ``WriteLocks``.
    private func decide(
        _ call: PreparedToolCall, callID: UUID, caller: Caller, planID: UUID?, approved: Bool, rationale: String?,
        pass: RemediationPass?, approvedUnder: ActionPlan.Conditions?, tokensReserved: Bool
    ) async throws -> CallReport {
        let invocation = call.invocation
        var decision = Gatekeeper.decide(
            GateRequest(tool: invocation.tool, package: call.package, targets: call.targets, approved: approved),
            policy: try await controls.refresh())
        var judgement: RemediationGuard.Judgement?
        if call.package.isWrite, decision.kind != .deny {
            let verdict = await guards.judge(call, approved: approved, pass: pass)
            judgement = verdict
            decision = Self.apply(verdict.verdict, to: decision, approved: approved)
            if approved, let approvedUnder, decision.kind != .deny, let stale = verdict.staleness(against: approvedUnder) {
                decision = .deny(reason: "stale plan: \(stale)", retryAfter: nil)
            }
        }
        if case .execute = decision, !tokensReserved,
            case .limited(let scope, let retryAfter) = await rateLimiter.acquire(call.package)
        {
            let seconds = Int(retryAfter.timeInterval.rounded(.up))
            decision = .deny(reason: "rate limit (\(scope)) exceeded; retry in \(seconds)s", retryAfter: retryAfter)
        }
        // The guards read the cluster, which takes time: a stop engaged meanwhile still stops this write (a state
        // that cannot be read counts as stopped).
        if call.package.isWrite, case .execute = decision, (try? await controls.refresh().emergencyStop) ?? true {
            decision = .deny(
                reason: "emergency stop is engaged (set while the call was being checked): every write is refused until it is lifted",
                retryAfter: nil)
        }
        try await auditDecision(
            call, invocation, caller: caller, callID: callID, decision: decision, planID: planID, rationale: rationale)
        metrics.recordToolCall(tool: invocation.tool, decision: decision.kind)
        if let pass, let judgement, decision.kind != .deny {
            pass.record(judgement.subjects, call: invocation.description)
        }
        logger.debug(
            "gate decision",
            metadata: ["okik.tool": "\(invocation.tool)", "okik.decision": "\(decision.kind.rawValue)", "okik.actor": "\(caller)"])
        switch decision {
        case .deny(let reason, let retryAfter):
            return CallReport(callID: callID, invocation: invocation, decision: decision, outcome: .denied(reason: reason, retryAfter: retryAfter))
        case .requireApproval(let reason):
            let plan = try await queue.submit(
                ActionPlan(
                    requester: caller.description, rationale: rationale ?? reason, steps: [await step(call, caller: caller, conditions: judgement?.conditions)],
                    createdAt: clock.now, expiresAt: clock.now.addingTimeInterval(configuration.approvalTTL.timeInterval)),
                callID: callID)
            return CallReport(callID: callID, invocation: invocation, decision: decision, outcome: .queued(plan))
        case .execute:
            let outcome = try await run(call, caller: caller, callID: callID, planID: planID)
            return CallReport(callID: callID, invocation: invocation, decision: decision, outcome: outcome)
        }
    }

    /// The gate's decision after the remediation guards: a refusal denies, a required approval queues what would
    /// have run (a person's approval of the exact plan passes it), and anything else leaves the decision as it was.
    static func apply(_ verdict: GuardVerdict, to decision: GateDecision, approved: Bool) -> GateDecision {
        switch (verdict, decision) {
        case (.refuse, _):
            return .deny(reason: verdict.description, retryAfter: nil)
        case (.requireApproval, .execute) where !approved:
            return .requireApproval(reason: verdict.description)
        case (.requireApproval, .requireApproval(let reason)):
            return .requireApproval(reason: "\(reason); \(verdict.description)")
        default:
            return decision
        }
    }

    private func run(_ call: PreparedToolCall, caller: Caller, callID: UUID, planID: UUID?) async throws -> CallReport.Outcome {
        let invocation = call.invocation
        let namespace = call.targets.lazy.compactMap(\.namespace).first
        let targets = call.targets.map(\.description).joined(separator: ", ")
        if call.package.isWrite {
            try await store.append(
                AuditEntry(
                    timestamp: clock.now, kind: .intent, actor: caller.description, callID: callID, planID: planID,
                    tool: invocation.tool, package: call.package, namespace: namespace, targets: targets,
                    arguments: invocation.arguments, decision: .execute, reason: "about to run"))
        }
        let controls = controls
        let context = ToolContext(
            client: client, dryRun: .none, caller: caller, clock: clock, limits: configuration.outputLimits,
            protectedNamespaces: await controls.policy.protectedNamespaces,
            isStopped: { (try? await controls.refresh().emergencyStop) ?? true }, logger: logger)
        let started = ContinuousClock.now
        let outcome: CallReport.Outcome
        do {
            outcome = .executed(Redactor.standard.redact(try await call.run(context: context)))
        } catch {
            outcome = .failed(Redactor.standard.redact(ToolFailure(error)))
        }
        let elapsed = ContinuousClock.now - started
        var entry = AuditEntry(
            timestamp: clock.now, kind: .outcome, actor: caller.description, callID: callID, planID: planID,
            tool: invocation.tool, package: call.package, namespace: namespace, targets: targets,
            arguments: invocation.arguments, durationMs: Int(elapsed.timeInterval * 1000))
        switch outcome {
        case .executed(let output):
            entry.outcome = .succeeded
            entry.summary = output.summary
            entry.result = output.data
        case .failed(let failure):
            entry.outcome = .failed
            entry.reason = failure.message
            entry.summary = "failed (\(failure.code))"
        default: break
        }
        try await store.append(entry)
        return outcome
    }

    /// A plan step for the call, with its dry-run preview and the guards' `conditions` when it was judged.
    func step(_ call: PreparedToolCall, caller: Caller, conditions: ActionPlan.Conditions? = nil) async -> ActionPlan.Step {
        var step = ActionPlan.Step(
            invocation: call.invocation, package: call.package, targets: call.targets, conditions: conditions)
        guard configuration.dryRunPreview, call.package.isWrite else { return step }
        guard call.supportsDryRun else {
            step.preview = ActionPlan.Preview(supported: false)
            return step
        }
        // The tool gets a client that refuses any write without dryRun=All at the transport, whatever the tool does.
        let context = ToolContext(
            client: client.dryRunOnly(), dryRun: .all, caller: caller, clock: clock, limits: configuration.outputLimits,
            protectedNamespaces: await controls.policy.protectedNamespaces, logger: logger)
        do {
            let output = Redactor.standard.redact(try await call.run(context: context))
            step.preview = ActionPlan.Preview(summary: output.summary, data: output.data)
        } catch {
            step.preview = ActionPlan.Preview(error: Redactor.standard.redact(ToolFailure(error)).message)
        }
        return step
    }

    /// The decision row. A caller's rationale (why it asked: the watchdog's alert, the question a chat's model
    /// answered with this call) follows the gate's reason, so the audit tells a person's own call from one a model
    /// made in their chat.
    func auditDecision(
        _ call: PreparedToolCall, _ invocation: ToolInvocation, caller: Caller, callID: UUID, decision: GateDecision,
        planID: UUID? = nil, rationale: String? = nil
    ) async throws {
        let reason = rationale.map { "\(decision.reason); rationale: \($0.prefix(600))" } ?? decision.reason
        try await store.append(
            AuditEntry(
                timestamp: clock.now, kind: .decision, actor: caller.description, callID: callID, planID: planID,
                tool: invocation.tool, package: call.package, namespace: call.targets.lazy.compactMap(\.namespace).first,
                targets: call.targets.map(\.description).joined(separator: ", "), arguments: invocation.arguments,
                decision: decision.kind, reason: reason))
    }
}
