import Foundation
import OkikKubeClient

/// One append-only audit record: a gate decision, a write's intent or outcome, a plan event or a safety change.
public struct AuditEntry: Sendable, Hashable, Codable, Identifiable {
    /// What happened.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// The gatekeeper decided a call (every call, including invalid ones).
        case decision
        /// A write is about to run (stored before it runs).
        case intent
        /// A call finished (success or failure), with result and duration.
        case outcome
        /// A plan was queued for approval.
        case planCreated
        /// The same change was proposed again while its plan was pending; the pending plan stands for both.
        case planJoined
        /// A person approved a plan.
        case planApproved
        /// A person rejected a plan.
        case planRejected
        /// A plan expired unapproved.
        case planExpired
        /// An approved plan ran every step.
        case planExecuted
        /// An approved plan stopped at a failed step.
        case planFailed
        /// The emergency stop was engaged.
        case emergencyStopEngaged
        /// The emergency stop was lifted.
        case emergencyStopLifted
        /// The autonomy level or automation switch changed.
        case policyChanged
        /// The agent's hourly or daily token budget refused a model call, recorded once per window it runs out.
        case budgetExhausted
        /// A notification reached a webhook target (its name in `targets`, never its URL).
        case notificationDelivered
        /// A notification could not be delivered after every attempt (its name in `targets`, never its URL).
        case notificationFailed
    }

    /// Whether a call succeeded.
    public enum Outcome: String, Sendable, Hashable, Codable, CaseIterable {
        /// It ran and returned.
        case succeeded
        /// It ran and failed (API error, precondition).
        case failed
    }

    /// The row id, assigned by the store.
    public var id: Int64?
    /// When.
    public var timestamp: Date
    /// What happened.
    public var kind: Kind
    /// Who (`kind:name`).
    public var actor: String
    /// Correlates the decision, intent and outcome of one call.
    public var callID: UUID?
    /// The plan, for plan events and plan steps.
    public var planID: UUID?
    /// The tool.
    public var tool: String?
    /// The tool's package.
    public var package: ToolPackage?
    /// The first namespace the call touches.
    public var namespace: String?
    /// The targets, as text.
    public var targets: String?
    /// The arguments (secret values removed).
    public var arguments: JSONValue?
    /// The gate decision.
    public var decision: GateDecision.Kind?
    /// Why (decision reason, rejection reason, error message).
    public var reason: String?
    /// For outcomes: success or failure.
    public var outcome: Outcome?
    /// A one-line summary of the result.
    public var summary: String?
    /// The structured result (secret values removed).
    public var result: JSONValue?
    /// How long the call took.
    public var durationMs: Int?
    /// True for server-side dry runs.
    public var dryRun: Bool
    /// The `[REDACTED:kind]` markers the stored row carries (arguments, result, summary, reason, targets), by kind;
    /// set by ``redacted(by:)``, which every store applies before writing; nil before that.
    public internal(set) var redactions: RedactionReport?
    /// The redaction rules applied before the row was stored (``Redactor/setName``; rows written before
    /// `redactor-v1` say `secret-scrubber-v1`); set by ``redacted(by:)``; nil before that.
    public internal(set) var redactionSet: String?

    /// Creates an entry.
    public init(
        id: Int64? = nil, timestamp: Date, kind: Kind, actor: String, callID: UUID? = nil, planID: UUID? = nil,
        tool: String? = nil, package: ToolPackage? = nil, namespace: String? = nil, targets: String? = nil,
        arguments: JSONValue? = nil, decision: GateDecision.Kind? = nil, reason: String? = nil, outcome: Outcome? = nil,
        summary: String? = nil, result: JSONValue? = nil, durationMs: Int? = nil, dryRun: Bool = false
    ) {
        self.id = id
        self.timestamp = timestamp
        self.kind = kind
        self.actor = actor
        self.callID = callID
        self.planID = planID
        self.tool = tool
        self.package = package
        self.namespace = namespace
        self.targets = targets
        self.arguments = arguments
        self.decision = decision
        self.reason = reason
        self.outcome = outcome
        self.summary = summary
        self.result = result
        self.durationMs = durationMs
        self.dryRun = dryRun
    }

    /// The entry with secrets replaced by `[REDACTED:kind]` markers in its arguments, result, summary, reason and
    /// targets, with ``redactions`` (the markers it carries, by kind) and ``redactionSet`` filled in. Both stores
    /// call this before writing; it is idempotent.
    /// - Parameter redactor: the rules; ``Redactor/standard`` by default.
    public func redacted(by redactor: Redactor = .standard) -> AuditEntry {
        var copy = self
        copy.arguments = arguments.map { redactor.redact($0) }
        copy.result = result.map { redactor.redact($0) }
        copy.summary = summary.map { redactor.redact($0) }
        copy.reason = reason.map { redactor.redact($0) }
        copy.targets = targets.map { redactor.redact($0) }
        copy.redactions = RedactionReport(markersIn: [
            copy.arguments ?? .null, copy.result ?? .null, copy.summary.map { .string($0) } ?? .null,
            copy.reason.map { .string($0) } ?? .null, copy.targets.map { .string($0) } ?? .null,
        ])
        copy.redactionSet = Redactor.setName
        return copy
    }
}
