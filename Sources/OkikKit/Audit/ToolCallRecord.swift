import Foundation
import OkikKubeClient

/// One call the gate decided, read or write: who asked, what the gate said and, when it ran, how it ended. The rows
/// of GET /tools/calls.
public struct ToolCallRecord: Sendable, Hashable, Codable {
    /// The call.
    public var callID: UUID
    /// When the gate decided.
    public var decidedAt: Date
    /// The tool.
    public var tool: String
    /// Its risk package (nil for a call to a tool that does not exist).
    public var package: ToolPackage?
    /// Who asked (`agent`, `watchdog`, `human:alice`).
    public var actor: String
    /// The first namespace touched.
    public var namespace: String?
    /// The targets, as text.
    public var targets: String?
    /// What the gate decided.
    public var decision: GateDecision.Kind
    /// Why, for a queued or denied call.
    public var reason: String?
    /// The plan it belongs to: the plan it was queued as, or the approved plan it ran for.
    public var planID: UUID?
    /// How the run ended; nil when it did not run.
    public var status: ActionRecord.Status?
    /// How long the run took.
    public var durationMs: Int?
    /// The result summary or error.
    public var summary: String?

    /// Builds a record from the decision entry and the run's outcome entry, if any.
    public init(decision entry: AuditEntry, outcome: AuditEntry?) {
        callID = entry.callID ?? UUID()
        decidedAt = entry.timestamp
        tool = entry.tool ?? ""
        package = entry.package
        actor = entry.actor
        namespace = entry.namespace
        targets = entry.targets
        decision = entry.decision ?? .deny
        reason = entry.reason
        planID = entry.planID
        switch (entry.decision, outcome?.outcome) {
        case (.execute, .succeeded?): status = .succeeded
        case (.execute, .failed?): status = .failed
        case (.execute, nil): status = .unknown
        default: status = nil
        }
        durationMs = outcome?.durationMs
        summary = outcome.flatMap { $0.outcome == .failed ? $0.reason ?? $0.summary : $0.summary }
    }
}

/// A filter over decided calls, newest first.
public struct ToolCallQuery: Sendable, Hashable {
    /// Only this tool.
    public var tool: String?
    /// Only this decision.
    public var decision: GateDecision.Kind?
    /// Only this actor.
    public var actor: String?
    /// Not before.
    public var since: Date?
    /// Most calls.
    public var limit: Int

    /// Creates a query.
    public init(tool: String? = nil, decision: GateDecision.Kind? = nil, actor: String? = nil, since: Date? = nil, limit: Int = 100) {
        self.tool = tool
        self.decision = decision
        self.actor = actor
        self.since = since
        self.limit = limit
    }
}

extension AuditStore {
    /// Decided calls with their outcomes, newest first: one read of the decisions and one of their outcomes.
    public func toolCalls(_ query: ToolCallQuery) async throws -> [ToolCallRecord] {
        var decisions: [AuditEntry] = []
        var offset = 0
        // A decision filter is applied after the read, so read pages until enough match (or the audit ends).
        while decisions.count < query.limit {
            let page = try await entries(
                AuditQuery(
                    kinds: [.decision], actor: query.actor, tool: query.tool, since: query.since, limit: query.limit,
                    offset: offset))
            decisions += page.filter { query.decision == nil || $0.decision == query.decision }
            offset += page.count
            if page.count < query.limit || query.decision == nil { break }
        }
        decisions = Array(decisions.prefix(query.limit))
        guard let oldest = decisions.last?.timestamp else { return [] }
        let ids = Set(decisions.compactMap(\.callID))
        // The outcomes of calls that ran, and the plans queued calls became (their entries carry the call's id).
        var outcomes: [UUID: AuditEntry] = [:]
        var plans: [UUID: UUID] = [:]
        let rows = try await entries(
            AuditQuery(kinds: [.outcome, .planCreated, .planJoined], actor: query.actor, since: oldest, limit: 10_000))
        for row in rows {
            guard let id = row.callID, ids.contains(id) else { continue }
            if row.kind == .outcome { outcomes[id] = row } else if let plan = row.planID { plans[id] = plan }
        }
        return decisions.map { entry in
            var record = ToolCallRecord(decision: entry, outcome: entry.callID.flatMap { outcomes[$0] })
            if record.planID == nil, let id = entry.callID { record.planID = plans[id] }
            return record
        }
    }
}
