import Foundation

/// What reconcile mode did with the proposed calls of a report: each call went through the gatekeeper and was
/// executed, queued for approval, denied, or failed.
public struct ReconcileReport: Sendable, Codable {
    /// One proposed call and what became of it.
    public struct Action: Sendable, Codable {
        /// The finding it fixes.
        public var findingID: String
        /// The call, as `tool(arguments)`.
        public var call: String
        /// The call itself.
        public var invocation: ToolInvocation
        /// `executed`, `queued`, `denied`, `failed` or `invalid`.
        public var outcome: CallOutcome
        /// The tool's summary, the plan id, or the reason.
        public var message: String
        /// The approval plan, when queued.
        public var planID: UUID?
    }

    /// Every action in report order.
    public var actions: [Action]

    /// Actions with one outcome.
    public func actions(_ outcome: CallOutcome) -> [Action] { actions.filter { $0.outcome == outcome } }
}
