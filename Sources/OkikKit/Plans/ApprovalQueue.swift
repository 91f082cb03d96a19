import Foundation

/// The plans' states, kept in the audit store and changed only by compare-and-set over the pure ``ActionPlan`` state
/// machine, so the store is the one truth: of two approvals (two tasks, or two processes on one SQLite file) exactly
/// one wins, and a plan's steps run at most once. Every change is audited.
struct ApprovalQueue: Sendable {
    let store: any AuditStore
    let clock: any WallClock
    /// A plan left approved or executing this long is taken as interrupted (its process died, or the store failed
    /// while it ran) by the start and by every sweep, unless this process is still running it.
    let staleAfter: Duration

    init(store: any AuditStore, clock: any WallClock, staleAfter: Duration = .seconds(600)) {
        self.store = store
        self.clock = clock
        self.staleAfter = staleAfter
    }

    /// At start: marks plans that an earlier process left approved or executing, longer ago than ``staleAfter``, as
    /// failed ("interrupted"); see ``failInterrupted(excluding:)``.
    func restore() async throws {
        _ = try await failInterrupted(excluding: [])
    }

    /// Marks plans left approved or executing longer ago than ``staleAfter`` as failed ("interrupted"), except
    /// `running` (the plans this process is running now); they are never run again. More recent ones may belong to a
    /// process still running them. Returns the plans it failed.
    func failInterrupted(excluding running: Set<UUID>) async throws -> [ActionPlan] {
        let now = clock.now
        var failed: [ActionPlan] = []
        for plan in try await store.plans(PlanQuery(states: [.approved, .executing], limit: 100_000))
        where !running.contains(plan.id) {
            let since = plan.startedAt ?? plan.decidedAt ?? plan.createdAt
            guard now.timeIntervalSince(since) >= staleAfter.timeInterval else { continue }
            var interrupted = plan
            let from = plan.state
            try? interrupted.finish(
                now: now,
                failure: "interrupted: the process stopped or the store failed while the plan \(from == .executing ? "ran" : "was about to run"); check the audit for which steps ran (a step with an intent row and no outcome may have been sent)")
            if try await store.updatePlan(interrupted, from: from) {
                try await audit(.planFailed, interrupted, actor: "system:okik", reason: interrupted.reason)
                failed.append(interrupted)
            }
        }
        return failed
    }

    /// Best effort after a store failure that ended an approval after its compare-and-set: marks the plan failed
    /// when it is still approved or executing, so it is not left stuck (approving again would say it runs only once,
    /// rejecting is refused). When the store fails again, the next sweep settles it after ``staleAfter``.
    func abandon(_ id: UUID, after error: any Error) async {
        guard let plan = try? await store.plan(id: id), plan.state == .approved || plan.state == .executing else { return }
        var failed = plan
        let cause = String(String(describing: error).prefix(300))
        try? failed.finish(
            now: clock.now,
            failure: "interrupted: the store failed while the plan \(plan.state == .executing ? "ran" : "was about to run") (\(cause)); check the audit for which steps ran")
        if (try? await store.updatePlan(failed, from: plan.state)) == true {
            try? await audit(.planFailed, failed, actor: "system:okik", reason: failed.reason)
        }
    }

    /// Stores a new plan, or returns the pending plan that already makes the same change (audited as `planJoined`).
    /// Plans past their expiry are expired first, so they never stand in for the new one.
    /// - Parameter callID: The gated call that proposed it, recorded on the entry so the call leads to its plan.
    func submit(_ plan: ActionPlan, callID: UUID? = nil) async throws -> ActionPlan {
        _ = try await expireDue()
        let insertion = try await store.insertPlan(plan, now: clock.now)
        if insertion.inserted {
            try await audit(.planCreated, plan, actor: plan.requester, reason: plan.rationale, callID: callID)
        } else {
            try await audit(
                .planJoined, insertion.plan, actor: plan.requester,
                reason: "the same change was proposed again: \(plan.rationale)", callID: callID)
        }
        return insertion.plan
    }

    /// A plan by id.
    func plan(_ id: UUID) async throws -> ActionPlan? {
        try await store.plan(id: id)
    }

    /// Pending plans that have not expired, oldest first.
    func pending() async throws -> [ActionPlan] {
        let now = clock.now
        return try await store.plans(PlanQuery(states: [.pending], limit: 100_000))
            .filter { $0.expiresAt > now }.sorted { ($0.createdAt, $0.id.uuidString) < ($1.createdAt, $1.id.uuidString) }
    }

    /// Approves a pending plan: `.execute` for exactly one approver, `.noChange` for every other.
    /// - Throws: ``ApprovalError`` (`.notFound`, `.expired`, `.invalidTransition`).
    func approve(_ id: UUID, by approver: String) async throws -> (ActionPlan, PlanTransition) {
        guard var plan = try await store.plan(id: id) else { throw ApprovalError.notFound(id) }
        let transition: PlanTransition
        do {
            transition = try plan.approve(by: approver, now: clock.now)
        } catch {
            if plan.state == .expired, try await store.updatePlan(plan, from: .pending) {
                try await audit(.planExpired, plan, actor: "system:okik", reason: plan.reason)
            }
            throw error
        }
        guard case .execute = transition else { return (plan, transition) }
        guard try await store.updatePlan(plan, from: .pending) else {
            let latest = try await store.plan(id: id) ?? plan
            return (
                latest,
                .noChange("plan \(id) was \(latest.state.rawValue) by \(latest.decidedBy ?? "another process") first; it runs only once")
            )
        }
        do {
            try await audit(.planApproved, plan, actor: approver, reason: nil)
        } catch {
            await abandon(id, after: error)
            throw error
        }
        return (plan, .execute)
    }

    /// Moves an approved plan to executing; nil when another process got there first.
    func start(_ plan: ActionPlan) async throws -> ActionPlan? {
        var started = plan
        try started.start(now: clock.now)
        return try await store.updatePlan(started, from: .approved) ? started : nil
    }

    /// Records a step result of an executing plan; nil when the plan is no longer executing (marked interrupted).
    func record(_ plan: ActionPlan, _ result: ActionPlan.StepResult) async throws -> ActionPlan? {
        var updated = plan
        try updated.record(result)
        return try await store.updatePlan(updated, from: .executing) ? updated : nil
    }

    /// Ends an executing plan, executed or failed.
    func finish(_ plan: ActionPlan, failure: String?) async throws -> ActionPlan {
        var finished = plan
        try finished.finish(now: clock.now, failure: failure)
        if try await store.updatePlan(finished, from: plan.state) {
            try await audit(
                finished.state == .executed ? .planExecuted : .planFailed, finished, actor: finished.decidedBy ?? "?",
                reason: finished.reason)
            return finished
        }
        return try await store.plan(id: plan.id) ?? finished
    }

    /// Rejects a pending plan.
    /// - Throws: ``ApprovalError``.
    func reject(_ id: UUID, by approver: String, reason: String) async throws -> ActionPlan {
        guard var plan = try await store.plan(id: id) else { throw ApprovalError.notFound(id) }
        if plan.expireIfDue(now: clock.now) {
            if try await store.updatePlan(plan, from: .pending) {
                try await audit(.planExpired, plan, actor: "system:okik", reason: plan.reason)
            }
            throw ApprovalError.expired(id, at: plan.expiresAt)
        }
        let wasPending = plan.state == .pending
        _ = try plan.reject(by: approver, reason: reason, now: clock.now)
        if wasPending {
            guard try await store.updatePlan(plan, from: .pending) else {
                let latest = try await store.plan(id: id) ?? plan
                throw ApprovalError.invalidTransition(id, from: latest.state, event: "reject")
            }
            try await audit(.planRejected, plan, actor: approver, reason: reason)
        }
        return plan
    }

    /// Expires every pending plan whose time has passed; returns them.
    func expireDue() async throws -> [ActionPlan] {
        let now = clock.now
        var expired: [ActionPlan] = []
        for var plan in try await store.plans(PlanQuery(states: [.pending], limit: 100_000)) where plan.expireIfDue(now: now) {
            if try await store.updatePlan(plan, from: .pending) {
                try await audit(.planExpired, plan, actor: "system:okik", reason: plan.reason)
                expired.append(plan)
            }
        }
        return expired
    }

    private func audit(
        _ kind: AuditEntry.Kind, _ plan: ActionPlan, actor: String, reason: String?, callID: UUID? = nil
    ) async throws {
        try await store.append(
            AuditEntry(
                timestamp: clock.now, kind: kind, actor: actor, callID: callID, planID: plan.id,
                tool: plan.steps.count == 1 ? plan.steps[0].invocation.tool : nil, package: plan.risk,
                namespace: plan.steps.lazy.flatMap(\.targets).compactMap(\.namespace).first,
                targets: plan.steps.flatMap(\.targets).map(\.description).joined(separator: ", "),
                arguments: kind == .planCreated ? .array(plan.steps.map { step in
                    ["tool": .string(step.invocation.tool), "arguments": step.invocation.arguments]
                }) : nil,
                reason: reason, summary: "plan \(plan.state.rawValue): \(plan.steps.count) steps, risk \(plan.risk.rawValue)"))
    }
}
