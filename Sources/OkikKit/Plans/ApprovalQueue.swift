import Foundation

/// Plans waiting for a person, over the pure ``ActionPlan`` state machine; every change is saved to the store.
///
/// Transitions happen inside the actor before any suspension, so of concurrent approvals exactly one executes.
public actor ApprovalQueue {
    private let store: any AuditStore
    private let clock: any WallClock
    private var plans: [UUID: ActionPlan] = [:]

    /// Creates an empty queue; call ``restore()`` to load open plans from the store.
    public init(store: any AuditStore, clock: any WallClock = SystemWallClock()) {
        self.store = store
        self.clock = clock
    }

    /// Loads pending plans; a plan left `approved` by a crash is marked failed ("interrupted"), never re-run.
    public func restore() async throws {
        for var plan in try await store.plans(PlanQuery(states: [.pending, .approved], limit: 100_000)) {
            if plan.state == .approved {
                try? plan.finish(now: clock.now, failure: "interrupted: the process stopped while the plan ran; outcome of the running step is unknown")
                try await store.savePlan(plan)
                try await audit(.planFailed, plan, actor: "system:okik", reason: plan.reason)
                continue
            }
            plans[plan.id] = plan
        }
    }

    /// Queues a plan, unless a pending plan makes the same change (same ``ActionPlan/fingerprint``): then that plan
    /// is returned, and the new requester is recorded on it in the audit. Callers use the plan it returns. Plans past
    /// their expiry are expired first, so an expired plan never stands in for a new one.
    @discardableResult
    public func submit(_ plan: ActionPlan) async throws -> ActionPlan {
        // Decide and change the in-memory state before any suspension, so concurrent submits cannot both insert.
        let now = clock.now
        var expired: [ActionPlan] = []
        for (id, var open) in plans where open.expireIfDue(now: now) {
            plans[id] = nil
            expired.append(open)
        }
        let fingerprint = plan.fingerprint
        let existing = plans.values.filter { $0.state == .pending && $0.fingerprint == fingerprint }
            .min { $0.createdAt < $1.createdAt }
        if existing == nil { plans[plan.id] = plan }
        for stale in expired {
            try await store.savePlan(stale)
            try await audit(.planExpired, stale, actor: "system:okik", reason: stale.reason)
        }
        if let existing {
            try await audit(
                .planJoined, existing, actor: plan.requester,
                reason: "the same change was proposed again: \(plan.rationale)")
            return existing
        }
        try await store.savePlan(plan)
        try await audit(.planCreated, plan, actor: plan.requester, reason: plan.rationale)
        return plan
    }

    /// A plan by id (open ones from memory, others from the store).
    public func plan(_ id: UUID) async throws -> ActionPlan? {
        if let plan = plans[id] { return plan }
        return try await store.plan(id: id)
    }

    /// Pending plans that have not expired, oldest first.
    public func pending() -> [ActionPlan] {
        let now = clock.now
        return plans.values.filter { $0.state == .pending && $0.expiresAt > now }.sorted { $0.createdAt < $1.createdAt }
    }

    /// Approves a plan: returns it with `.execute` exactly once, `.noChange` afterwards.
    /// - Throws: ``ApprovalError`` (`.notFound`, `.expired`, `.invalidTransition`).
    public func approve(_ id: UUID, by approver: String) async throws -> (ActionPlan, PlanTransition) {
        guard var plan = try await openPlan(id) else { throw ApprovalError.notFound(id) }
        let now = clock.now
        let transition: PlanTransition
        do {
            transition = try plan.approve(by: approver, now: now)
        } catch {
            if plan.state == .expired, plans[id]?.state == .pending {
                plans[id] = plan
                try await store.savePlan(plan)
                try await audit(.planExpired, plan, actor: "system:okik", reason: plan.reason)
                plans[id] = nil
            }
            throw error
        }
        if case .execute = transition {
            plans[id] = plan
            try await store.savePlan(plan)
            try await audit(.planApproved, plan, actor: approver, reason: nil)
        }
        return (plan, transition)
    }

    /// Rejects a plan.
    /// - Throws: ``ApprovalError``.
    public func reject(_ id: UUID, by approver: String, reason: String) async throws -> ActionPlan {
        guard var plan = try await openPlan(id) else { throw ApprovalError.notFound(id) }
        let wasPending = plan.state == .pending
        if wasPending, plan.expireIfDue(now: clock.now) {
            plans[id] = nil
            try await store.savePlan(plan)
            try await audit(.planExpired, plan, actor: "system:okik", reason: plan.reason)
            throw ApprovalError.expired(id, at: plan.expiresAt)
        }
        _ = try plan.reject(by: approver, reason: reason, now: clock.now)
        if wasPending {
            plans[id] = nil
            try await store.savePlan(plan)
            try await audit(.planRejected, plan, actor: approver, reason: reason)
        }
        return plan
    }

    /// Records a step result of an approved plan.
    func record(_ id: UUID, _ result: ActionPlan.StepResult) async throws {
        guard var plan = plans[id] else { throw ApprovalError.notFound(id) }
        try plan.record(result)
        plans[id] = plan
        try await store.savePlan(plan)
    }

    /// Ends an approved plan (executed or failed) and removes it from the open set.
    func finish(_ id: UUID, failure: String?) async throws -> ActionPlan {
        guard var plan = plans[id] else { throw ApprovalError.notFound(id) }
        try plan.finish(now: clock.now, failure: failure)
        plans[id] = nil
        try await store.savePlan(plan)
        try await audit(plan.state == .executed ? .planExecuted : .planFailed, plan, actor: plan.decidedBy ?? "?", reason: plan.reason)
        return plan
    }

    /// Expires every pending plan whose time has passed; returns them.
    @discardableResult
    public func expireDue() async throws -> [ActionPlan] {
        let now = clock.now
        var expired: [ActionPlan] = []
        for (id, var plan) in plans where plan.expireIfDue(now: now) {
            plans[id] = nil
            expired.append(plan)
        }
        for plan in expired {
            try await store.savePlan(plan)
            try await audit(.planExpired, plan, actor: "system:okik", reason: plan.reason)
        }
        return expired
    }

    private func openPlan(_ id: UUID) async throws -> ActionPlan? {
        if let plan = plans[id] { return plan }
        return try await store.plan(id: id)
    }

    private func audit(_ kind: AuditEntry.Kind, _ plan: ActionPlan, actor: String, reason: String?) async throws {
        try await store.append(
            AuditEntry(
                timestamp: clock.now, kind: kind, actor: actor, planID: plan.id,
                tool: plan.steps.count == 1 ? plan.steps[0].invocation.tool : nil, package: plan.risk,
                namespace: plan.steps.lazy.flatMap(\.targets).compactMap(\.namespace).first,
                targets: plan.steps.flatMap(\.targets).map(\.description).joined(separator: ", "),
                arguments: kind == .planCreated ? .array(plan.steps.map { step in
                    ["tool": .string(step.invocation.tool), "arguments": step.invocation.arguments]
                }) : nil,
                reason: reason, summary: "plan \(plan.state.rawValue): \(plan.steps.count) steps, risk \(plan.risk.rawValue)"))
    }
}
