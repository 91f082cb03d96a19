import Foundation

/// Something a person should hear about, read from the audit trail: a plan waiting for approval, a plan that ran or
/// failed, a quarantine, the emergency stop changing, or the agent's token budget running out.
public struct NotificationEvent: Sendable, Hashable, Codable {
    /// What happened; the raw value is the name used in a target's `events` filter and in the generic body's `kind`.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A plan waits for a person's approval.
        case planWaiting
        /// An approved plan ran every step.
        case planExecuted
        /// An approved plan stopped at a failed step.
        case planFailed
        /// A Deployment was quarantined (scaled to zero) outside a plan, by the watchdog or the agent.
        case quarantine
        /// The emergency stop was engaged.
        case emergencyStopEngaged
        /// The emergency stop was lifted.
        case emergencyStopLifted
        /// The agent's hourly or daily token budget is spent.
        case budgetExhausted
    }

    /// How urgent it is.
    public enum Severity: String, Sendable, Hashable, Codable, CaseIterable {
        /// For the record.
        case info
        /// Someone should look soon.
        case warning
        /// Someone should look now.
        case critical
    }

    /// The plan a plan event is about, as the generic body shows it.
    public struct Plan: Sendable, Hashable, Codable {
        /// The plan's id (`okikctl approve ID`).
        public var id: UUID
        /// Its state (`pending`, `executed`, `failed`).
        public var state: String
        /// Who proposed it.
        public var requester: String
        /// The tools of its steps, in order.
        public var tools: [String]
        /// What it touches.
        public var targets: String?
        /// Its risk (the highest tool package).
        public var risk: String?
        /// When a pending plan expires.
        public var expiresAt: Date?

        /// Creates a plan summary.
        public init(
            id: UUID, state: String, requester: String, tools: [String], targets: String? = nil, risk: String? = nil,
            expiresAt: Date? = nil
        ) {
            self.id = id
            self.state = state
            self.requester = requester
            self.tools = tools
            self.targets = targets
            self.risk = risk
            self.expiresAt = expiresAt
        }
    }

    /// What happened.
    public var kind: Kind
    /// A one-line title.
    public var title: String
    /// A few lines of detail (redacted).
    public var text: String
    /// How urgent it is.
    public var severity: Severity
    /// When it happened (the audit entry's time).
    public var at: Date
    /// The plan, for plan events.
    public var plan: Plan?
    /// The id of the audit entry it was read from.
    public var auditID: Int64?

    /// Creates an event.
    public init(
        kind: Kind, title: String, text: String, severity: Severity, at: Date, plan: Plan? = nil, auditID: Int64? = nil
    ) {
        self.kind = kind
        self.title = title
        self.text = text
        self.severity = severity
        self.at = at
        self.plan = plan
        self.auditID = auditID
    }
}
