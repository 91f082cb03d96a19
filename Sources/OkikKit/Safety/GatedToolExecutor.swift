import Foundation
import Logging
import OkikKubeClient

/// The only way a tool call reaches the cluster: it prepares the call, asks the ``Gatekeeper``, applies rate
/// limits, audits, and then runs it, queues it as an ``ActionPlan``, or refuses it.
///
/// ```swift
/// let executor = try await GatedToolExecutor.start(client: client, store: InMemoryAuditStore(), logger: logger)
/// let report = try await executor.execute(
///     ToolInvocation(tool: "scale_deployment", arguments: ["namespace": "shop", "name": "web", "replicas": 3]),
///     caller: Caller(.agent, "okik"))
/// ```
public final class GatedToolExecutor: Sendable {
    /// The tools on offer.
    public let registry: ToolRegistry
    /// Autonomy level, automation and emergency stop.
    public let controls: SafetyControls
    /// Plans waiting for approval.
    public let approvals: ApprovalQueue
    /// The audit store.
    public let store: any AuditStore
    /// The configuration it started with.
    public let configuration: GatekeeperConfiguration
    /// The remediation guards every write passes after the gatekeeper.
    public let guards: RemediationGuard
    /// Per-container usage history (rightsizing reads it; the optimizer records into it).
    public let history: any UsageHistoryStore
    private let client: KubeClient
    private let rateLimiter: RateLimiter
    private let clock: any WallClock
    private let logger: Logger

    private init(
        client: KubeClient, registry: ToolRegistry, store: any AuditStore, history: any UsageHistoryStore,
        configuration: GatekeeperConfiguration, clock: any WallClock, logger: Logger
    ) {
        self.client = client
        self.registry = registry
        self.store = store
        self.history = history
        self.configuration = configuration
        self.guards = RemediationGuard(
            policy: configuration.remediation, client: client, history: history, audit: store, clock: clock)
        self.clock = clock
        self.logger = logger
        self.controls = SafetyControls(configuration: configuration, store: store, clock: clock)
        self.approvals = ApprovalQueue(store: store, clock: clock)
        self.rateLimiter = RateLimiter(configuration: configuration.rateLimits, clock: clock)
    }

    /// Creates an executor and restores the persisted emergency stop and open plans from the store.
    /// - Parameters:
    ///   - history: Usage history for rightsizing; by default the audit store when it keeps history (both built-in
    ///     stores do), else an in-memory one.
    /// - Throws: when the store cannot be read.
    public static func start(
        client: KubeClient, registry: ToolRegistry = .builtIn, store: any AuditStore,
        history: (any UsageHistoryStore)? = nil, configuration: GatekeeperConfiguration = .default,
        clock: any WallClock = SystemWallClock(), logger: Logger
    ) async throws -> GatedToolExecutor {
        let executor = GatedToolExecutor(
            client: client, registry: registry, store: store,
            history: history ?? (store as? any UsageHistoryStore) ?? InMemoryUsageHistoryStore(),
            configuration: configuration, clock: clock, logger: logger)
        try await executor.controls.restore()
        try await executor.approvals.restore()
        return executor
    }

    // MARK: - Calls

    /// Decides one call and executes, queues or denies it; every path is audited.
    /// - Parameters:
    ///   - pass: The remediation pass the call belongs to (its namespace scope, one write per workload), if any.
    /// - Throws: only when the audit store fails (a write never runs without its intent on record).
    public func execute(
        _ invocation: ToolInvocation, caller: Caller, rationale: String? = nil, pass: RemediationPass? = nil
    ) async throws -> CallReport {
        try await decideAndRun(invocation, caller: caller, planID: nil, approved: false, rationale: rationale, pass: pass)
    }

    /// Queues several calls as one plan for approval, whatever the level; refused when any call is invalid, denied by
    /// the gatekeeper or refused by the remediation guards. A pending plan with the same calls is joined, not repeated.
    /// - Throws: only when the audit store fails.
    public func propose(
        _ invocations: [ToolInvocation], caller: Caller, rationale: String, pass: RemediationPass? = nil
    ) async throws -> ProposalReport {
        let policy = await controls.policy
        var steps: [ActionPlan.Step] = []
        var refusals: [String] = []
        var prepared: [PreparedToolCall] = []
        var subjects: [ResourceRef] = []
        for invocation in invocations {
            do {
                let call = try registry.prepare(invocation)
                var decision = Gatekeeper.decide(
                    GateRequest(tool: invocation.tool, package: call.package, targets: call.targets), policy: policy)
                if case .deny = decision {} else {
                    let judgement = await guards.judge(call, approved: false, pass: pass)
                    if case .refuse = judgement.verdict {
                        decision = .deny(reason: judgement.verdict.description, retryAfter: nil)
                    }
                    subjects += judgement.subjects
                }
                if case .deny(let reason, _) = decision {
                    refusals.append("\(invocation.tool): \(reason)")
                    try await auditDecision(call, invocation, caller: caller, callID: UUID(), decision: decision)
                }
                prepared.append(call)
            } catch let error as ToolError {
                refusals.append("\(invocation.tool): \(error.message)")
                try await store.append(
                    AuditEntry(
                        timestamp: clock.now, kind: .decision, actor: caller.description, callID: UUID(),
                        tool: invocation.tool, arguments: invocation.arguments, decision: .deny,
                        reason: "invalid call: \(error.message)"))
            }
        }
        if invocations.isEmpty { refusals.append("a plan needs at least one call") }
        guard refusals.isEmpty else { return ProposalReport(plan: nil, refusals: refusals) }
        for call in prepared {
            let decision = GateDecision.requireApproval(reason: "proposed as a plan by \(caller)")
            try await auditDecision(call, call.invocation, caller: caller, callID: UUID(), decision: decision)
            steps.append(await step(call, caller: caller))
        }
        let plan = try await approvals.submit(
            ActionPlan(
                requester: caller.description, rationale: rationale, steps: steps, createdAt: clock.now,
                expiresAt: clock.now.addingTimeInterval(configuration.approvalTTL.timeInterval)))
        pass?.record(subjects, call: "plan \(plan.id)")
        return ProposalReport(plan: plan, refusals: [])
    }

    // MARK: - Approvals

    /// Approves a plan and runs exactly its stored calls once, in order, each through the gatekeeper again,
    /// stopping at the first failure. A second approval changes nothing and says so.
    /// - Throws: ``ApprovalError`` (not found, expired, rejected, emergency stop), or a store failure.
    public func approve(_ id: UUID, by approver: Caller) async throws -> PlanReport {
        if await controls.policy.emergencyStop { throw ApprovalError.emergencyStop }
        let (plan, transition) = try await approvals.approve(id, by: approver.description)
        if case .noChange(let message) = transition {
            return PlanReport(plan: plan, ranNow: false, message: message)
        }
        var failure: String?
        for (index, step) in plan.steps.enumerated() {
            let report = try await decideAndRun(
                step.invocation, caller: approver, planID: id, approved: true, rationale: plan.rationale, pass: nil)
            let succeeded: Bool
            let message: String
            var data: OkikKubeClient.JSONValue?
            switch report.outcome {
            case .executed(let output):
                succeeded = true
                message = output.summary
                data = output.data
            case .failed(let error):
                succeeded = false
                message = error.message
            case .denied(let reason, _):
                succeeded = false
                message = "denied: \(reason)"
            case .invalid(let error):
                succeeded = false
                message = "invalid: \(error.message)"
            case .queued:
                succeeded = false
                message = "unexpectedly queued again"
            }
            try await approvals.record(
                id, .init(index: index, callID: report.callID, succeeded: succeeded, message: message,
                          data: data, finishedAt: clock.now))
            if !succeeded {
                failure = "step \(index + 1) (\(step.invocation.tool)) failed: \(message)"
                break
            }
        }
        let final = try await approvals.finish(id, failure: failure)
        return PlanReport(
            plan: final, ranNow: true,
            message: final.state == .executed ? "plan executed: \(final.steps.count) steps" : (final.reason ?? "plan failed"))
    }

    /// Rejects a plan, recording who and why.
    /// - Throws: ``ApprovalError``.
    public func reject(_ id: UUID, by approver: Caller, reason: String) async throws -> ActionPlan {
        try await approvals.reject(id, by: approver.description, reason: reason)
    }

    // MARK: - Internals

    private func decideAndRun(
        _ invocation: ToolInvocation, caller: Caller, planID: UUID?, approved: Bool, rationale: String?,
        pass: RemediationPass?
    ) async throws -> CallReport {
        let callID = UUID()
        let call: PreparedToolCall
        do throws(ToolError) {
            call = try registry.prepare(invocation)
        } catch {
            let decision = GateDecision.deny(reason: "invalid call: \(error.message)", retryAfter: nil)
            try await store.append(
                AuditEntry(
                    timestamp: clock.now, kind: .decision, actor: caller.description, callID: callID, planID: planID,
                    tool: invocation.tool, package: registry.tool(named: invocation.tool).map { type(of: $0).package },
                    arguments: invocation.arguments, decision: .deny, reason: decision.reason))
            return CallReport(callID: callID, invocation: invocation, decision: decision, outcome: .invalid(error))
        }
        var decision = Gatekeeper.decide(
            GateRequest(tool: invocation.tool, package: call.package, targets: call.targets, approved: approved),
            policy: await controls.policy)
        var judgement: RemediationGuard.Judgement?
        if call.package.isWrite, decision.kind != .deny {
            let verdict = await guards.judge(call, approved: approved, pass: pass)
            judgement = verdict
            decision = Self.apply(verdict.verdict, to: decision, approved: approved)
        }
        if case .execute = decision, case .limited(let scope, let retryAfter) = await rateLimiter.acquire(call.package) {
            let seconds = Int(retryAfter.timeInterval.rounded(.up))
            decision = .deny(reason: "rate limit (\(scope)) exceeded; retry in \(seconds)s", retryAfter: retryAfter)
        }
        try await auditDecision(call, invocation, caller: caller, callID: callID, decision: decision, planID: planID)
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
            let plan = try await approvals.submit(
                ActionPlan(
                    requester: caller.description, rationale: rationale ?? reason, steps: [await step(call, caller: caller)],
                    createdAt: clock.now, expiresAt: clock.now.addingTimeInterval(configuration.approvalTTL.timeInterval)))
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
        let context = ToolContext(
            client: client, dryRun: .none, caller: caller, clock: clock, limits: configuration.outputLimits,
            protectedNamespaces: await controls.policy.protectedNamespaces, logger: logger)
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

    private func step(_ call: PreparedToolCall, caller: Caller) async -> ActionPlan.Step {
        var step = ActionPlan.Step(invocation: call.invocation, package: call.package, targets: call.targets)
        guard configuration.dryRunPreview, call.package.isWrite else { return step }
        guard call.supportsDryRun else {
            step.preview = ActionPlan.Preview(supported: false)
            return step
        }
        let context = ToolContext(
            client: client, dryRun: .all, caller: caller, clock: clock, limits: configuration.outputLimits,
            protectedNamespaces: await controls.policy.protectedNamespaces, logger: logger)
        do {
            let output = Redactor.standard.redact(try await call.run(context: context))
            step.preview = ActionPlan.Preview(summary: output.summary, data: output.data)
        } catch {
            step.preview = ActionPlan.Preview(error: Redactor.standard.redact(ToolFailure(error)).message)
        }
        return step
    }

    private func auditDecision(
        _ call: PreparedToolCall, _ invocation: ToolInvocation, caller: Caller, callID: UUID, decision: GateDecision,
        planID: UUID? = nil
    ) async throws {
        try await store.append(
            AuditEntry(
                timestamp: clock.now, kind: .decision, actor: caller.description, callID: callID, planID: planID,
                tool: invocation.tool, package: call.package, namespace: call.targets.lazy.compactMap(\.namespace).first,
                targets: call.targets.map(\.description).joined(separator: ", "), arguments: invocation.arguments,
                decision: decision.kind, reason: decision.reason))
    }
}

/// A failed run: a stable code and a message.
public struct ToolFailure: Sendable, Hashable, Codable, CustomStringConvertible {
    /// `notFound`, `Conflict`, `precondition`, ... (a ``ToolError`` or ``OkikKubeClient/KubeError`` code).
    public var code: String
    /// What went wrong.
    public var message: String

    /// Describes an error.
    public init(_ error: any Error) {
        switch error {
        case let error as ToolError:
            code = error.code.description
            message = error.message
        case let error as KubeError:
            code = error.code.description
            message = error.description
        default:
            code = "error"
            message = "\(error)"
        }
    }

    /// A readable form.
    public var description: String { message }
}

/// What happened to one call.
public struct CallReport: Sendable {
    /// The outcome.
    public enum Outcome: Sendable {
        /// It ran.
        case executed(ToolOutput)
        /// It ran and failed.
        case failed(ToolFailure)
        /// It was queued in a plan.
        case queued(ActionPlan)
        /// It was refused.
        case denied(reason: String, retryAfter: Duration?)
        /// Its input was invalid (or the tool unknown).
        case invalid(ToolError)
    }

    /// The call's id in the audit.
    public var callID: UUID
    /// The call.
    public var invocation: ToolInvocation
    /// The gate decision.
    public var decision: GateDecision
    /// What happened.
    public var outcome: Outcome

    /// A text for a model: the output, or what happened instead.
    public var textForModel: String {
        switch outcome {
        case .executed(let output): output.textForModel
        case .failed(let failure): "The call failed: \(Redactor.standard.redact(failure.message))"
        case .queued(let plan): "Queued for human approval as plan \(plan.id) (\(decision.reason)). It has not run."
        case .denied(let reason, let retryAfter):
            "Denied: \(reason)" + (retryAfter.map { " (retry after \(Int($0.timeInterval.rounded(.up)))s)" } ?? "")
        case .invalid(let error): "Invalid call: \(Redactor.standard.redact(error.message))"
        }
    }
}

/// The result of proposing a plan.
public struct ProposalReport: Sendable {
    /// The queued plan, or nil when refused.
    public var plan: ActionPlan?
    /// Why it was refused.
    public var refusals: [String]
}

/// The result of an approval.
public struct PlanReport: Sendable {
    /// The plan as it stands now.
    public var plan: ActionPlan
    /// True when this approval ran the steps; false for a repeated approval.
    public var ranNow: Bool
    /// What happened.
    public var message: String
}
