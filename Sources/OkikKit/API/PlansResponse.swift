/// GET /actions (pending plans) and GET /audit/plans (plans in any state).
public struct PlansResponse: Codable, Sendable, Hashable {
    /// The plans (pending: oldest first; audit: newest first).
    public var plans: [ActionPlan]

    /// Creates a body.
    public init(plans: [ActionPlan]) {
        self.plans = plans
    }
}

/// GET /audit/plans/{id}: a plan and its audit trail.
public struct PlanDetailResponse: Codable, Sendable, Hashable {
    /// The plan.
    public var plan: ActionPlan
    /// Its entries, oldest first.
    public var history: [AuditEntry]

    /// Creates a body.
    public init(plan: ActionPlan, history: [AuditEntry]) {
        self.plan = plan
        self.history = history
    }
}

/// GET /audit/actions: executed calls with their outcomes, newest first.
public struct ActionsResponse: Codable, Sendable, Hashable {
    /// The actions.
    public var actions: [ActionRecord]

    /// Creates a body.
    public init(actions: [ActionRecord]) {
        self.actions = actions
    }
}

/// GET /recommendations: the watchdog's feed, newest last.
public struct RecommendationsResponse: Codable, Sendable, Hashable {
    /// The recommendations.
    public var recommendations: [Recommendation]

    /// Creates a body.
    public init(recommendations: [Recommendation]) {
        self.recommendations = recommendations
    }
}
