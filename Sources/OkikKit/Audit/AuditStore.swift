import Foundation

/// Where every decision, action, plan and safety change is recorded; append-only apart from retention pruning.
///
/// Implementations remove secret values (``AuditEntry/redacted()``) before anything is stored.
public protocol AuditStore: Sendable {
    /// Appends an entry and returns it with its id.
    /// - Throws: when the entry cannot be stored durably; callers must not run a write then.
    @discardableResult
    func append(_ entry: AuditEntry) async throws -> AuditEntry
    /// Entries matching a query.
    func entries(_ query: AuditQuery) async throws -> [AuditEntry]
    /// Stores a new pending plan, unless a pending plan that has not expired by `now` makes the same change (same
    /// ``ActionPlan/fingerprint``): then that plan is returned and nothing is stored. One atomic step, so two
    /// processes proposing the same change get one plan.
    func insertPlan(_ plan: ActionPlan, now: Date) async throws -> PlanInsertion
    /// Compare-and-set: stores `plan` only when the stored plan is still in state `expected`, so of two processes
    /// changing one plan exactly one succeeds (plans are state; their history is in the entries).
    /// - Returns: whether it was stored.
    func updatePlan(_ plan: ActionPlan, from expected: ActionPlan.State) async throws -> Bool
    /// One plan.
    func plan(id: UUID) async throws -> ActionPlan?
    /// Plans matching a query, newest first.
    func plans(_ query: PlanQuery) async throws -> [ActionPlan]
    /// Executed calls with their outcome (or `unknown`), newest first.
    func actions(_ query: ActionQuery) async throws -> [ActionRecord]
    /// Usage per tool since a time.
    func toolUsage(since: Date?) async throws -> [ToolUsageStats]
    /// Totals since a time.
    func stats(since: Date?) async throws -> AuditStats
    /// Removes entries older than `date` and finished plans that ended before it.
    func prune(before date: Date) async throws -> PruneResult
}

/// The result of ``AuditStore/insertPlan(_:now:)``.
public struct PlanInsertion: Sendable {
    /// The plan that stands for the change: the new one, or the pending one it joined.
    public var plan: ActionPlan
    /// True when `plan` is the new one.
    public var inserted: Bool

    /// Creates a result.
    public init(plan: ActionPlan, inserted: Bool) {
        self.plan = plan
        self.inserted = inserted
    }
}

extension AuditStore {
    /// One executed call by its call id.
    public func action(callID: UUID) async throws -> ActionRecord? {
        let rows = try await entries(AuditQuery(kinds: [.intent, .outcome], callID: callID, limit: 10, newestFirst: false))
        guard let intent = rows.first(where: { $0.kind == .intent }) ?? rows.first(where: { $0.kind == .outcome }) else {
            return nil
        }
        return ActionRecord(intent: intent, outcome: rows.first { $0.kind == .outcome })
    }

    /// A plan with its audit trail, oldest first.
    public func planDetail(id: UUID) async throws -> (plan: ActionPlan, history: [AuditEntry])? {
        guard let plan = try await plan(id: id) else { return nil }
        return (plan, try await entries(AuditQuery(planID: id, limit: 10_000, newestFirst: false)))
    }
}
