import Foundation

/// GET /audit/actions/{id}: one executed call and every entry it left (decision, intent, outcome), oldest first.
public struct ActionDetailResponse: Codable, Sendable, Hashable {
    /// The call.
    public var action: ActionRecord
    /// Its entries, oldest first.
    public var history: [AuditEntry]

    /// Creates a body.
    public init(action: ActionRecord, history: [AuditEntry]) {
        self.action = action
        self.history = history
    }
}

/// GET /audit/tools: how each tool has been used since a time (all of the audit when `since` is nil).
public struct ToolUsageResponse: Codable, Sendable, Hashable {
    /// The start of the window.
    public var since: Date?
    /// One row a tool that was called, by name.
    public var tools: [ToolUsageStats]

    /// Creates a body.
    public init(since: Date?, tools: [ToolUsageStats]) {
        self.since = since
        self.tools = tools
    }
}

/// GET /audit/stats: totals since a time (all of the audit when `since` is nil).
public struct AuditStatsResponse: Codable, Sendable, Hashable {
    /// The start of the window.
    public var since: Date?
    /// The totals; decisions, actions and plans are objects keyed by kind, status and state.
    public var stats: AuditStats

    /// Creates a body.
    public init(since: Date?, stats: AuditStats) {
        self.since = since
        self.stats = stats
    }
}
