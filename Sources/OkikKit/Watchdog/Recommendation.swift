import Foundation

/// One entry of the watchdog's feed: what a rule saw, what it recommends, and what it did through the gatekeeper.
public struct Recommendation: Sendable, Hashable, Codable, Identifiable {
    /// What became of the rule's action.
    public struct Action: Sendable, Hashable, Codable {
        /// The call.
        public var invocation: ToolInvocation
        /// `executed`, `queued`, `denied`, `failed` or `invalid`.
        public var outcome: CallOutcome
        /// The tool's summary, the plan, or the reason.
        public var message: String
        /// The approval plan, when queued.
        public var planID: UUID?
    }

    /// A unique id.
    public var id: UUID
    /// When the rule fired.
    public var createdAt: Date
    /// The rule, such as `crash-loop-backoff`.
    public var rule: String
    /// The incident key; a rule fires once per incident.
    public var incident: String
    /// How bad.
    public var severity: Severity
    /// The object at fault (the owning workload where there is one).
    public var subject: ResourceRef
    /// The pod the event was about.
    public var pod: ResourceRef
    /// The container, when the rule is about one.
    public var container: String?
    /// One sentence.
    public var message: String
    /// The figures behind it.
    public var evidence: [String: String]
    /// What to do.
    public var recommendation: String
    /// Calls that would fix it, proposed but not run.
    public var proposedCalls: [ToolInvocation]
    /// The action the rule took through the gatekeeper, if any.
    public var action: Action?

    /// Creates a recommendation (the watchdog makes them; tests and other producers of the feed may too).
    public init(
        id: UUID, createdAt: Date, rule: String, incident: String, severity: Severity, subject: ResourceRef,
        pod: ResourceRef, container: String?, message: String, evidence: [String: String], recommendation: String,
        proposedCalls: [ToolInvocation], action: Action?
    ) {
        self.id = id
        self.createdAt = createdAt
        self.rule = rule
        self.incident = incident
        self.severity = severity
        self.subject = subject
        self.pod = pod
        self.container = container
        self.message = message
        self.evidence = evidence
        self.recommendation = recommendation
        self.proposedCalls = proposedCalls
        self.action = action
    }
}
