/// PUT /autonomy: `{"level": "L3", "enabled": true}`; `enabled` turns automation on or off and may be left out.
public struct AutonomyRequest: APIRequest, Hashable {
    /// The members.
    public static let fieldNames: Set<String> = ["level", "enabled"]
    /// `L0` ... `L4` (or `0` ... `4`).
    public var level: String
    /// Automation on or off; unchanged when absent.
    public var enabled: Bool?

    /// Creates a body.
    public init(level: String, enabled: Bool? = nil) {
        self.level = level
        self.enabled = enabled
    }
}

/// POST /emergency-stop: no body (or `{}`) engages the stop; `enabled` sets it (only `false` lifts it).
public struct EmergencyStopRequest: APIRequest, Hashable {
    /// The members.
    public static let fieldNames: Set<String> = ["enabled", "reason"]
    /// Engage (true) or lift (false); engages when absent.
    public var enabled: Bool?
    /// Why, recorded in the audit.
    public var reason: String?

    /// Creates a body.
    public init(enabled: Bool? = nil, reason: String? = nil) {
        self.enabled = enabled
        self.reason = reason
    }
}
