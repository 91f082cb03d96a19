import Foundation

/// How much OKIK may do on its own; compare levels with `<`, as in `level >= .l3`.
public enum AutonomyLevel: Int, Sendable, Hashable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    /// L0 advisory: no tool runs, not even reads; OKIK only recommends.
    case l0 = 0
    /// L1 suggest: observe tools run; every write is queued for approval.
    case l1 = 1
    /// L2 guarded (the default): observe, remediate and quarantine run; restart and destructive are queued.
    case l2 = 2
    /// L3 conditional: everything but destructive runs; destructive is queued.
    case l3 = 3
    /// L4 full: every package runs; the hard checks (protected namespaces, emergency stop, rate limits) still apply.
    case l4 = 4

    /// Orders by risk.
    public static func < (lhs: AutonomyLevel, rhs: AutonomyLevel) -> Bool { lhs.rawValue < rhs.rawValue }

    /// `L0` ... `L4`.
    public var description: String { "L\(rawValue)" }

    /// Parses `L2`, `l2` or `2`; nil for anything else.
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.first.map { $0 == "L" || $0 == "l" } == true ? String(trimmed.dropFirst()) : trimmed
        guard digits.count == 1, let number = Int(digits) else { return nil }
        self.init(rawValue: number)
    }

    /// A short name: advisory, suggest, guarded, conditional, full.
    public var title: String {
        switch self {
        case .l0: "advisory"
        case .l1: "suggest"
        case .l2: "guarded"
        case .l3: "conditional"
        case .l4: "full"
        }
    }

    /// Whether a tool of this package runs without approval at this level (before hard checks and automation).
    public func executesWithoutApproval(_ package: ToolPackage) -> Bool {
        switch self {
        case .l0: false
        case .l1: package == .observe
        case .l2: package <= .quarantine
        case .l3: package < .destructive
        case .l4: true
        }
    }
}
