import Foundation

/// The answer to one chat turn: Markdown for the person, what it cost, and whether it was answered offline.
public struct ChatAnswer: Sendable, Hashable {
    /// One tool call of the turn and what the gate did with it.
    public struct Call: Sendable, Hashable {
        /// The call.
        public var invocation: ToolInvocation
        /// The gate's decision.
        public var decision: ChatSessionEvent.Decision
    }

    /// The session it belongs to.
    public var sessionID: UUID
    /// The answer, in Markdown.
    public var markdown: String
    /// Tokens the model spent on the turn (reported by the provider, or estimated); 0 offline.
    public var tokens: Int
    /// Why it was answered offline (no model, or the provider failed), or nil when the model answered.
    public var offlineReason: String?
    /// The tool calls made, in order.
    public var calls: [Call]
    /// Plans queued during the turn.
    public var planIDs: [UUID]

    /// Whether it was answered offline.
    public var isOffline: Bool { offlineReason != nil }
}
