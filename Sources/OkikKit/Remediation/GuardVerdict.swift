/// What the remediation guards say about one write, with the rule that decided.
public enum GuardVerdict: Sendable, Hashable, CustomStringConvertible {
    /// Every invariant holds.
    case allow
    /// It may only run once a person approves this exact plan (an approved step passes).
    case requireApproval(rule: String, reason: String)
    /// It must not run at all, approved or not.
    case refuse(rule: String, reason: String)

    /// The stricter of two verdicts (refuse over requireApproval over allow); the first wins a tie.
    public func combined(with other: GuardVerdict) -> GuardVerdict {
        switch (self, other) {
        case (.refuse, _): self
        case (_, .refuse): other
        case (.requireApproval, _): self
        case (_, .requireApproval): other
        default: self
        }
    }

    /// `remediation guard (availability-floor): ...`, or `allow`.
    public var description: String {
        switch self {
        case .allow: "allow"
        case .requireApproval(let rule, let reason), .refuse(let rule, let reason): "remediation guard (\(rule)): \(reason)"
        }
    }
}
