import OkikKubeClient

/// One problem a check found: what, where, how bad, the figures behind it, what to do, and the tool calls that
/// would do it when such a fix is safe to propose.
public struct Finding: Sendable, Hashable, Codable {
    /// A stable id: the code, the subject and the container (`OKK-201/Deployment/shop/web/api`), the same for the same
    /// problem in every run.
    public var id: String
    /// The catalogue code.
    public var code: FindingCode
    /// The category (the code's).
    public var category: OptimizationCategory { code.category }
    /// How bad it is (usually the code's severity).
    public var severity: Severity
    /// The object at fault.
    public var subject: ResourceRef
    /// The container, when the finding is about one.
    public var container: String?
    /// One sentence a person can act on.
    public var message: String
    /// The figures and statuses behind it, such as `restarts: 14`.
    public var evidence: [String: String]
    /// What to do about it.
    public var recommendation: String
    /// Tool calls that would fix it, for reconcile mode (always through the gatekeeper and the remediation guards).
    public var proposedCalls: [ToolInvocation]
    /// When true, reconcile proposes the calls together as one plan for a person, whatever the autonomy level
    /// (cordon-and-drain of an underused node); otherwise each call is executed, queued or denied by the gate.
    public var planOnly: Bool

    /// Creates a finding; the severity defaults to the code's.
    public init(
        code: FindingCode, severity: Severity? = nil, subject: ResourceRef, container: String? = nil, message: String,
        evidence: [String: String] = [:], recommendation: String, proposedCalls: [ToolInvocation] = [],
        planOnly: Bool = false
    ) {
        self.code = code
        self.severity = severity ?? code.severity
        self.subject = subject
        self.container = container
        self.message = message
        self.evidence = evidence
        self.recommendation = recommendation
        self.proposedCalls = proposedCalls
        self.planOnly = planOnly
        self.id = ([code.description, subject.kind, subject.namespace ?? "", subject.name] + (container.map { [$0] } ?? []))
            .joined(separator: "/")
    }

    enum CodingKeys: String, CodingKey {
        case id, code, category, severity, subject, container, message, evidence, recommendation, proposedCalls, planOnly
    }

    /// Decodes a finding as written by ``encode(to:)``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        code = try container.decode(FindingCode.self, forKey: .code)
        severity = try container.decode(Severity.self, forKey: .severity)
        subject = try container.decode(ResourceRef.self, forKey: .subject)
        self.container = try container.decodeIfPresent(String.self, forKey: .container)
        message = try container.decode(String.self, forKey: .message)
        evidence = try container.decodeIfPresent([String: String].self, forKey: .evidence) ?? [:]
        recommendation = try container.decode(String.self, forKey: .recommendation)
        proposedCalls = try container.decodeIfPresent([ToolInvocation].self, forKey: .proposedCalls) ?? []
        planOnly = try container.decodeIfPresent(Bool.self, forKey: .planOnly) ?? false
    }

    /// Encodes the finding with its category.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(code, forKey: .code)
        try container.encode(category, forKey: .category)
        try container.encode(severity, forKey: .severity)
        try container.encode(subject, forKey: .subject)
        try container.encodeIfPresent(self.container, forKey: .container)
        try container.encode(message, forKey: .message)
        try container.encode(evidence, forKey: .evidence)
        try container.encode(recommendation, forKey: .recommendation)
        try container.encode(proposedCalls, forKey: .proposedCalls)
        if planOnly { try container.encode(planOnly, forKey: .planOnly) }
    }

    /// The report order: most severe first, then code, subject and container.
    public static func reportOrder(_ lhs: Finding, _ rhs: Finding) -> Bool {
        if lhs.severity != rhs.severity { return lhs.severity > rhs.severity }
        if lhs.code != rhs.code { return lhs.code < rhs.code }
        if lhs.subject != rhs.subject { return lhs.subject < rhs.subject }
        return (lhs.container ?? "") < (rhs.container ?? "")
    }
}
