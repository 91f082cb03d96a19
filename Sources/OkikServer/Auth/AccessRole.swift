/// What a token may do; each role includes the ones below it (viewer < operator < approver < admin).
public enum AccessRole: Int, Sendable, Hashable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    /// Reads: status, tools, plans, audit, recommendations.
    case viewer = 0
    /// Also chat and optimise without reconcile.
    case `operator` = 1
    /// Also approves and rejects plans.
    case approver = 2
    /// Also changes autonomy, the emergency stop and the configuration, and reconciles.
    case admin = 3

    /// Parses `viewer`, `operator`, `approver` or `admin` (any case); nil for anything else.
    public init?(name: String) {
        guard let role = AccessRole.allCases.first(where: { $0.description == name.lowercased() }) else { return nil }
        self = role
    }

    /// Orders by privilege.
    public static func < (lhs: AccessRole, rhs: AccessRole) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The lowercase name, as written in a token file.
    public var description: String {
        switch self {
        case .viewer: "viewer"
        case .operator: "operator"
        case .approver: "approver"
        case .admin: "admin"
        }
    }
}
