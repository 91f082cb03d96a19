import Foundation
import OkikKubeClient
import Synchronization

/// Plans for people: propose calls as a plan, preview them, approve or reject them. Plans enter the queue only
/// through ``propose(_:caller:rationale:pass:)`` or a call the gate queued, so every plan has its gate decisions on
/// record; only a person (a ``Caller`` of kind `human` with a name) may approve or reject, never the agent, the
/// watchdog, the optimizer or an MCP client; and a plan's steps run at most once, even with two processes on one
/// database (compare-and-set in the store).
public final class ApprovalService: Sendable {
    private let pipeline: ToolCallPipeline
    /// The plans this process is running now: the sweep never takes them as interrupted, however long they run.
    private let running = Mutex<Set<UUID>>([])

    init(pipeline: ToolCallPipeline) {
        self.pipeline = pipeline
    }

    // MARK: - Proposing

    /// Queues several calls as one plan for approval, whatever the level; refused when any call is invalid, denied
    /// by the gatekeeper or refused by the remediation guards (each refusal audited). A pending plan with the same
    /// calls is joined, not repeated.
    /// - Throws: only when the audit or control-state store fails.
    public func propose(
        _ invocations: [ToolInvocation], caller: Caller, rationale: String, pass: RemediationPass? = nil
    ) async throws -> ProposalReport {
        let policy = try await pipeline.controls.refresh()
        var refusals: [String] = []
        var prepared: [(call: PreparedToolCall, conditions: ActionPlan.Conditions?)] = []
        var subjects: [ResourceRef] = []
        for invocation in invocations {
            do {
                let call = try pipeline.registry.prepare(invocation)
                var decision = Gatekeeper.decide(
                    GateRequest(tool: invocation.tool, package: call.package, targets: call.targets), policy: policy)
                var conditions: ActionPlan.Conditions?
                if case .deny = decision {} else {
                    let judgement = await pipeline.guards.judge(call, approved: false, pass: pass)
                    conditions = judgement.conditions
                    if case .refuse = judgement.verdict {
                        decision = .deny(reason: judgement.verdict.description, retryAfter: nil)
                    }
                    subjects += judgement.subjects
                }
                if case .deny(let reason, _) = decision {
                    refusals.append("\(invocation.tool): \(reason)")
                    try await pipeline.auditDecision(call, invocation, caller: caller, callID: UUID(), decision: decision)
                }
                prepared.append((call, conditions))
            } catch let error as ToolError {
                refusals.append("\(invocation.tool): \(error.message)")
                try await pipeline.store.append(
                    AuditEntry(
                        timestamp: pipeline.clock.now, kind: .decision, actor: caller.description, callID: UUID(),
                        tool: invocation.tool, arguments: invocation.arguments, decision: .deny,
                        reason: "invalid call: \(error.message)"))
            }
        }
        if invocations.isEmpty { refusals.append("a plan needs at least one call") }
        guard refusals.isEmpty else { return ProposalReport(plan: nil, refusals: refusals) }
        var steps: [ActionPlan.Step] = []
        for (call, conditions) in prepared {
            let decision = GateDecision.requireApproval(reason: "proposed as a plan by \(caller)")
            try await pipeline.auditDecision(call, call.invocation, caller: caller, callID: UUID(), decision: decision)
            steps.append(await pipeline.step(call, caller: caller, conditions: conditions))
        }
        let now = pipeline.clock.now
        let plan = try await pipeline.queue.submit(
            ActionPlan(
                requester: caller.description, rationale: rationale, steps: steps, createdAt: now,
                expiresAt: now.addingTimeInterval(pipeline.configuration.approvalTTL.timeInterval)))
        pass?.record(subjects, call: "plan \(plan.id)")
        return ProposalReport(plan: plan, refusals: [])
    }

    // MARK: - Reading

    /// Pending plans that have not expired, oldest first (read from the store, so plans of other processes show).
    /// - Throws: when the store cannot be read.
    public func pending() async throws -> [ActionPlan] {
        try await pipeline.queue.pending()
    }

    /// One plan.
    /// - Throws: when the store cannot be read.
    public func plan(_ id: UUID) async throws -> ActionPlan? {
        try await pipeline.queue.plan(id)
    }

    /// Dry-runs a plan's steps again, now, with a client that refuses any real write: what approving it would do
    /// to the cluster as it is at this moment.
    /// - Throws: ``ApprovalError`` `.notFound`, or a store failure.
    public func preview(_ id: UUID, by caller: Caller) async throws -> [ActionPlan.Preview?] {
        guard let plan = try await pipeline.queue.plan(id) else { throw ApprovalError.notFound(id) }
        var previews: [ActionPlan.Preview?] = []
        for step in plan.steps {
            guard let call = try? pipeline.registry.prepare(step.invocation) else {
                previews.append(ActionPlan.Preview(error: "the stored call no longer prepares", supported: false))
                continue
            }
            previews.append(await pipeline.step(call, caller: caller).preview)
        }
        return previews
    }

    // MARK: - Deciding

    /// Approves a plan and runs exactly its stored calls once, in order, each through the gatekeeper and the
    /// remediation guards again (a guard's "needs a person" the plan showed is satisfied; its refusals are not, nor
    /// is a step the cluster outgrew since the plan was made, see ``ActionPlan/Conditions``), stopping at the first
    /// failure. A second approval, here or in another process, changes nothing and says so.
    /// - Throws: ``ApprovalError`` (not a person, four-eyes, not found, expired, rejected, emergency stop), or a store
    ///   failure.
    public func approve(_ id: UUID, by approver: Caller) async throws -> PlanReport {
        try Self.requirePerson(approver)
        if try await pipeline.controls.refresh().emergencyStop { throw ApprovalError.emergencyStop }
        // A plan a person's MCP client asked for (`mcp:NAME`, NAME the token's) is that person's too.
        let stored = try await pipeline.queue.plan(id)
        if pipeline.configuration.fourEyes, let plan = stored,
            plan.requester == approver.description || plan.requester == Caller(.mcp, approver.name).description
        {
            throw ApprovalError.sameRequester(id, approver)
        }
        // Every step's tokens are taken before the plan is approved, so a rate limit never stops it halfway.
        if let plan = stored, plan.state == .pending,
            case .limited(let scope, let retryAfter) = await pipeline.rateLimiter.acquire(all: plan.steps.map(\.package))
        {
            throw ApprovalError.rateLimited(id, scope: scope, retryAfter: retryAfter)
        }
        let (approved, transition) = try await pipeline.queue.approve(id, by: approver.description)
        if case .noChange(let message) = transition {
            return PlanReport(plan: approved, ranNow: false, message: message)
        }
        // Only the one approval that won the compare-and-set gets here.
        running.withLock { _ = $0.insert(id) }
        defer { running.withLock { _ = $0.remove(id) } }
        do {
            return try await run(approved, by: approver)
        } catch {
            // The plan won its compare-and-set: never leave it approved or executing for ever.
            await pipeline.queue.abandon(id, after: error)
            throw error
        }
    }

    /// Runs an approved plan's steps (see ``approve(_:by:)``).
    private func run(_ approved: ActionPlan, by approver: Caller) async throws -> PlanReport {
        let id = approved.id
        guard var plan = try await pipeline.queue.start(approved) else {
            let latest = try await pipeline.queue.plan(id) ?? approved
            return PlanReport(plan: latest, ranNow: false, message: "plan \(id) is \(latest.state.rawValue); it runs only once")
        }
        var failure: String?
        // A workload an earlier step changed has a new revision by design: only its first step compares revisions.
        var changedByEarlierSteps: Set<String> = []
        for (index, step) in plan.steps.enumerated() {
            var conditions = step.conditions
            if let recorded = step.conditions {
                conditions?.revisions = recorded.revisions.filter { !changedByEarlierSteps.contains($0.key) }
                changedByEarlierSteps.formUnion(recorded.revisions.keys)
            }
            let report = try await pipeline.decideAndRun(
                step.invocation, caller: approver, planID: id, approved: true, rationale: plan.rationale, pass: nil,
                approvedUnder: conditions, tokensReserved: true)
            let (succeeded, message, data) = Self.result(of: report)
            let result = ActionPlan.StepResult(
                index: index, callID: report.callID, succeeded: succeeded, message: message, data: data,
                finishedAt: pipeline.clock.now)
            guard let recorded = try await pipeline.queue.record(plan, result) else {
                failure = "the plan stopped being executing in the store (marked interrupted elsewhere) after step \(index + 1)"
                break
            }
            plan = recorded
            if !succeeded {
                failure = "step \(index + 1) (\(step.invocation.tool)) failed: \(message)"
                break
            }
        }
        let final = try await pipeline.queue.finish(plan, failure: failure)
        return PlanReport(
            plan: final, ranNow: true,
            message: final.state == .executed ? "plan executed: \(final.steps.count) steps" : (final.reason ?? "plan failed"))
    }

    /// Rejects a plan, recording who and why.
    /// - Throws: ``ApprovalError`` (not a person, not found, expired, not pending), or a store failure.
    public func reject(_ id: UUID, by approver: Caller, reason: String) async throws -> ActionPlan {
        try Self.requirePerson(approver)
        return try await pipeline.queue.reject(id, by: approver.description, reason: reason)
    }

    /// Expires every pending plan whose time has passed; returns them.
    /// - Throws: when the store fails.
    @discardableResult
    public func expireDue() async throws -> [ActionPlan] {
        try await pipeline.queue.expireDue()
    }

    /// Marks plans left approved or executing for more than 10 minutes as failed ("interrupted": the process
    /// stopped or the store failed while they ran; the audit tells which steps ran), except the plans this process
    /// is running now; returns them. The expiry service runs it with every sweep.
    /// - Throws: when the store fails.
    @discardableResult
    public func failInterrupted() async throws -> [ActionPlan] {
        try await pipeline.queue.failInterrupted(excluding: running.withLock { $0 })
    }

    private static func requirePerson(_ caller: Caller) throws {
        guard caller.kind == .human, !caller.name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ApprovalError.notAPerson(caller)
        }
    }

    private static func result(of report: CallReport) -> (Bool, String, JSONValue?) {
        switch report.outcome {
        case .executed(let output): (true, output.summary, output.data)
        case .failed(let error): (false, error.message, nil)
        case .denied(let reason, _): (false, "denied: \(reason)", nil)
        case .invalid(let error): (false, "invalid: \(error.message)", nil)
        case .queued: (false, "unexpectedly queued again", nil)
        }
    }
}
