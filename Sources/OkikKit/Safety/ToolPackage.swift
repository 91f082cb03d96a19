/// The risk package of a tool; declared by the tool's code and enforced by the ``Gatekeeper``, never taken from a model.
public enum ToolPackage: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Reads only (risk 0).
    case observe
    /// Reversible tuning: scale, resources, autoscalers (risk 5).
    case remediate
    /// Taking a failing workload out of service and back (risk 6).
    case quarantine
    /// Restarts and deletions that controllers recreate (risk 7).
    case restart
    /// Changes that lose capacity or data: scale to zero, cordon, delete (risk 9).
    case destructive

    /// The numeric risk of the package: 0, 5, 6, 7 or 9.
    public var risk: Int {
        switch self {
        case .observe: 0
        case .remediate: 5
        case .quarantine: 6
        case .restart: 7
        case .destructive: 9
        }
    }

    /// True for every package that changes the cluster.
    public var isWrite: Bool { self != .observe }

    /// Orders by risk.
    public static func < (lhs: ToolPackage, rhs: ToolPackage) -> Bool { lhs.risk < rhs.risk }
}
