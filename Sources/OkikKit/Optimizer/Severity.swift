/// How bad a finding is, ordered `info < low < medium < high < critical`.
public enum Severity: String, Sendable, Hashable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    /// Worth knowing; costs no score.
    case info
    /// A small inefficiency or risk.
    case low
    /// Waste or risk that deserves a change.
    case medium
    /// Users are or soon will be affected.
    case high
    /// Broken now: pods crash, nodes are down.
    case critical

    /// How much of one evaluated subject a finding of this severity takes from its category's score:
    /// critical 1, high 0.75, medium 0.5, low 0.25, info 0.
    public var scoreWeight: Double {
        switch self {
        case .info: 0
        case .low: 0.25
        case .medium: 0.5
        case .high: 0.75
        case .critical: 1
        }
    }

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    /// Orders by badness.
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

    /// The raw value.
    public var description: String { rawValue }
}
