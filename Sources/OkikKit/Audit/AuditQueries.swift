import Foundation
import OkikKubeClient

/// A filter over audit entries, newest first by default.
public struct AuditQuery: Sendable, Hashable {
    /// Only these kinds.
    public var kinds: Set<AuditEntry.Kind>?
    /// Only this actor.
    public var actor: String?
    /// Only this tool.
    public var tool: String?
    /// Only this call.
    public var callID: UUID?
    /// Only this plan.
    public var planID: UUID?
    /// Not before.
    public var since: Date?
    /// Before.
    public var until: Date?
    /// Only rows appended after the row with this id; rows then come in append (id) order, which is how a reader
    /// tails the trail (the ``Notifier``).
    public var afterID: Int64?
    /// Most rows.
    public var limit: Int
    /// Rows to skip.
    public var offset: Int
    /// Newest first (default) or oldest first.
    public var newestFirst: Bool

    /// Creates a query.
    public init(
        kinds: Set<AuditEntry.Kind>? = nil, actor: String? = nil, tool: String? = nil, callID: UUID? = nil,
        planID: UUID? = nil, since: Date? = nil, until: Date? = nil, afterID: Int64? = nil, limit: Int = 100,
        offset: Int = 0, newestFirst: Bool = true
    ) {
        self.kinds = kinds
        self.actor = actor
        self.tool = tool
        self.callID = callID
        self.planID = planID
        self.since = since
        self.until = until
        self.afterID = afterID
        self.limit = limit
        self.offset = offset
        self.newestFirst = newestFirst
    }
}

/// A filter over plans, newest first.
public struct PlanQuery: Sendable, Hashable {
    /// Only these states.
    public var states: Set<ActionPlan.State>?
    /// Only this requester.
    public var requester: String?
    /// Most plans.
    public var limit: Int
    /// Plans to skip.
    public var offset: Int

    /// Creates a query.
    public init(states: Set<ActionPlan.State>? = nil, requester: String? = nil, limit: Int = 100, offset: Int = 0) {
        self.states = states
        self.requester = requester
        self.limit = limit
        self.offset = offset
    }
}

/// A filter over actions (executed calls), newest first.
public struct ActionQuery: Sendable, Hashable {
    /// Only this tool.
    public var tool: String?
    /// Only this namespace.
    public var namespace: String?
    /// Only this status.
    public var status: ActionRecord.Status?
    /// Only writes (default) or reads too.
    public var writesOnly: Bool
    /// Not before.
    public var since: Date?
    /// Most actions.
    public var limit: Int
    /// Actions to skip.
    public var offset: Int

    /// Creates a query.
    public init(
        tool: String? = nil, namespace: String? = nil, status: ActionRecord.Status? = nil, writesOnly: Bool = true,
        since: Date? = nil, limit: Int = 100, offset: Int = 0
    ) {
        self.tool = tool
        self.namespace = namespace
        self.status = status
        self.writesOnly = writesOnly
        self.since = since
        self.limit = limit
        self.offset = offset
    }
}

/// One executed call: its intent and, once known, its outcome.
public struct ActionRecord: Sendable, Hashable, Codable {
    /// Where the action stands.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable, CodingKeyRepresentable {
        /// Started, no outcome recorded (still running, or the process died).
        case unknown
        /// Succeeded.
        case succeeded
        /// Failed.
        case failed
    }

    /// The call.
    public var callID: UUID
    /// The plan it belonged to.
    public var planID: UUID?
    /// The tool.
    public var tool: String
    /// Its package.
    public var package: ToolPackage?
    /// Who.
    public var actor: String
    /// The first namespace touched.
    public var namespace: String?
    /// The targets, as text.
    public var targets: String?
    /// The arguments.
    public var arguments: JSONValue?
    /// When it started.
    public var startedAt: Date
    /// When it finished.
    public var finishedAt: Date?
    /// How long it took.
    public var durationMs: Int?
    /// Where it stands.
    public var status: Status
    /// The result summary or error.
    public var summary: String?
    /// The error, for failures.
    public var error: String?
    /// The structured result.
    public var result: JSONValue?
    /// Whether it was a dry run.
    public var dryRun: Bool

    /// Pairs an intent entry with its outcome, if any.
    public init(intent: AuditEntry, outcome: AuditEntry?) {
        callID = intent.callID ?? UUID()
        planID = intent.planID
        tool = intent.tool ?? ""
        package = intent.package
        actor = intent.actor
        namespace = intent.namespace
        targets = intent.targets
        arguments = intent.arguments
        startedAt = intent.timestamp
        finishedAt = outcome?.timestamp
        durationMs = outcome?.durationMs
        switch outcome?.outcome {
        case .succeeded: status = .succeeded
        case .failed: status = .failed
        case nil: status = .unknown
        }
        summary = outcome?.summary
        error = outcome?.outcome == .failed ? outcome?.reason : nil
        result = outcome?.result
        dryRun = intent.dryRun
    }
}

/// How one tool has been used.
public struct ToolUsageStats: Sendable, Hashable, Codable {
    /// The tool.
    public var tool: String
    /// Calls decided.
    public var calls: Int
    /// Decided to execute.
    public var executed: Int
    /// Queued for approval.
    public var queued: Int
    /// Denied.
    public var denied: Int
    /// Runs that succeeded.
    public var succeeded: Int
    /// Runs that failed.
    public var failed: Int
    /// Mean run time.
    public var averageDurationMs: Double?

    /// Creates stats.
    public init(
        tool: String, calls: Int = 0, executed: Int = 0, queued: Int = 0, denied: Int = 0, succeeded: Int = 0,
        failed: Int = 0, averageDurationMs: Double? = nil
    ) {
        self.tool = tool
        self.calls = calls
        self.executed = executed
        self.queued = queued
        self.denied = denied
        self.succeeded = succeeded
        self.failed = failed
        self.averageDurationMs = averageDurationMs
    }
}

/// Totals over the whole audit.
public struct AuditStats: Sendable, Hashable, Codable {
    /// All entries.
    public var entries: Int
    /// Decisions by kind.
    public var decisions: [GateDecision.Kind: Int]
    /// Writes by status (unknown = started, no outcome).
    public var actions: [ActionRecord.Status: Int]
    /// Plans by state.
    public var plans: [ActionPlan.State: Int]
    /// The oldest entry.
    public var firstEntry: Date?
    /// The newest entry.
    public var lastEntry: Date?

    /// Creates stats.
    public init(
        entries: Int = 0, decisions: [GateDecision.Kind: Int] = [:], actions: [ActionRecord.Status: Int] = [:],
        plans: [ActionPlan.State: Int] = [:], firstEntry: Date? = nil, lastEntry: Date? = nil
    ) {
        self.entries = entries
        self.decisions = decisions
        self.actions = actions
        self.plans = plans
        self.firstEntry = firstEntry
        self.lastEntry = lastEntry
    }
}

/// What a retention prune removed.
public struct PruneResult: Sendable, Hashable, Codable {
    /// Audit entries removed.
    public var entries: Int
    /// Finished plans removed.
    public var plans: Int

    /// Creates a result.
    public init(entries: Int, plans: Int) {
        self.entries = entries
        self.plans = plans
    }
}
