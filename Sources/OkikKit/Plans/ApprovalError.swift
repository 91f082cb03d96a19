import Foundation

/// Why an approval, rejection or plan transition was refused.
public struct ApprovalError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        /// A readable form.
        public var description: String { name }

        /// No plan has this id.
        public static let notFound = Code("notFound")
        /// The plan expired before it was approved.
        public static let expired = Code("expired")
        /// The transition is not allowed from the plan's state.
        public static let invalidTransition = Code("invalidTransition")
        /// The emergency stop is engaged; approvals wait until it is lifted.
        public static let emergencyStop = Code("emergencyStop")
        /// Only a person may approve or reject, and this caller is not one (an agent, the watchdog, ...).
        public static let notAPerson = Code("notAPerson")
        /// The four-eyes setting forbids the person who asked for a plan to approve it.
        public static let sameRequester = Code("sameRequester")
        /// The rate limits cannot take every step of the plan now; it stays pending, approve it again later.
        public static let rateLimited = Code("rateLimited")
    }

    /// The kind of failure.
    public let code: Code
    /// A message for a person.
    public let message: String

    /// A stable short name, for metrics labels.
    public var shortDescription: String { code.description }
    /// A readable form.
    public var description: String { message }

    static func notFound(_ id: UUID) -> ApprovalError {
        ApprovalError(code: .notFound, message: "no plan \(id)")
    }

    static func expired(_ id: UUID, at date: Date) -> ApprovalError {
        ApprovalError(code: .expired, message: "plan \(id) expired at \(date) and cannot run")
    }

    static func invalidTransition(_ id: UUID, from state: ActionPlan.State, event: String) -> ApprovalError {
        ApprovalError(code: .invalidTransition, message: "plan \(id) is \(state.rawValue): cannot \(event)")
    }

    static func notAPerson(_ caller: Caller) -> ApprovalError {
        ApprovalError(
            code: .notAPerson,
            message: "only a person may approve or reject plans; \(caller) is a \(caller.kind.rawValue) caller")
    }

    static func sameRequester(_ id: UUID, _ caller: Caller) -> ApprovalError {
        ApprovalError(
            code: .sameRequester,
            message: "plan \(id) was requested by \(caller); with four-eyes approval on, another person must approve it")
    }

    static func rateLimited(_ id: UUID, scope: String, retryAfter: Duration) -> ApprovalError {
        let seconds = Int(retryAfter.timeInterval.rounded(.up))
        return ApprovalError(
            code: .rateLimited,
            message: "plan \(id) stays pending: the rate limit (\(scope)) cannot take all its steps now, so none ran; approve it again in \(seconds)s")
    }

    static let emergencyStop = ApprovalError(
        code: .emergencyStop, message: "the emergency stop is engaged: approved plans cannot run until it is lifted")
}
