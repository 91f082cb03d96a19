/// The gatekeeper's answer for one call: run it, queue it for a person, or refuse it, always with a reason.
public enum GateDecision: Sendable, Hashable, CustomStringConvertible {
    /// Run now.
    case execute(reason: String)
    /// Put it in an ``ActionPlan`` for approval.
    case requireApproval(reason: String)
    /// Refuse; `retryAfter` is set when a rate limit refused it.
    case deny(reason: String, retryAfter: Duration?)

    /// The decision without its reason.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable, CodingKeyRepresentable {
        /// Run now.
        case execute
        /// Queue for approval.
        case requireApproval
        /// Refuse.
        case deny
    }

    /// The decision without its reason.
    public var kind: Kind {
        switch self {
        case .execute: .execute
        case .requireApproval: .requireApproval
        case .deny: .deny
        }
    }

    /// Why.
    public var reason: String {
        switch self {
        case .execute(let reason), .requireApproval(let reason), .deny(let reason, _): reason
        }
    }

    /// `execute: reason`.
    public var description: String { "\(kind.rawValue): \(reason)" }
}
