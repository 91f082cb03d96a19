/// POST /actions/reject/{id}: why.
public struct RejectRequest: APIRequest, Hashable {
    /// The members.
    public static let fieldNames: Set<String> = ["reason"]
    /// Why the plan is rejected (required, not blank).
    public var reason: String

    /// Creates a body.
    public init(reason: String) {
        self.reason = reason
    }
}

/// POST /actions/approve/{id} and /actions/reject/{id}: the plan as it stands after the decision.
public struct PlanDecisionResponse: Codable, Sendable, Hashable {
    /// The plan (executed, failed or rejected).
    public var plan: ActionPlan
    /// True when this approval ran the steps; false for a repeated approval or a rejection.
    public var ranNow: Bool
    /// What happened.
    public var message: String

    /// Creates a body.
    public init(plan: ActionPlan, ranNow: Bool, message: String) {
        self.plan = plan
        self.ranNow = ranNow
        self.message = message
    }
}
