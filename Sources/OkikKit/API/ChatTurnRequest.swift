import Foundation

/// POST /chat and /chat/stream: `{"message": "...", "session": "optional id"}`; without a session a new one starts.
public struct ChatTurnRequest: APIRequest, Hashable {
    /// The members.
    public static let fieldNames: Set<String> = ["message", "session"]
    /// The question (not blank).
    public var message: String
    /// The id of a session to resume (one of the caller's own).
    public var session: String?

    /// Creates a body.
    public init(message: String, session: String? = nil) {
        self.message = message
        self.session = session
    }
}

/// POST /chat: the answer to one turn.
public struct ChatTurnResponse: Codable, Sendable, Hashable {
    /// One tool call of the turn and what the gate did with it.
    public struct Call: Codable, Sendable, Hashable {
        /// The call.
        public var invocation: ToolInvocation
        /// `executed`, `failed`, `queued`, `denied` or `invalid`.
        public var decision: String
        /// Why it failed, was denied or is invalid.
        public var message: String?
        /// The plan it waits in, when queued.
        public var planID: UUID?

        /// Creates an entry.
        public init(invocation: ToolInvocation, decision: String, message: String? = nil, planID: UUID? = nil) {
            self.invocation = invocation
            self.decision = decision
            self.message = message
            self.planID = planID
        }
    }

    /// The session id: send it back to continue the conversation.
    public var session: UUID
    /// The answer, in Markdown.
    public var answer: String
    /// True when answered without a model (none configured, or the provider failed).
    public var offline: Bool
    /// Why it was answered offline.
    public var offlineReason: String?
    /// Tokens the model spent on the turn; 0 offline.
    public var tokens: Int
    /// The tool calls made, in order.
    public var calls: [Call]
    /// Plans queued during the turn.
    public var plans: [UUID]

    /// Creates a body.
    public init(
        session: UUID, answer: String, offline: Bool, offlineReason: String?, tokens: Int, calls: [Call], plans: [UUID]
    ) {
        self.session = session
        self.answer = answer
        self.offline = offline
        self.offlineReason = offlineReason
        self.tokens = tokens
        self.calls = calls
        self.plans = plans
    }
}

extension ChatTurnResponse {
    /// The response for a chat answer.
    public init(_ answer: ChatAnswer) {
        self.init(
            session: answer.sessionID, answer: answer.markdown, offline: answer.isOffline,
            offlineReason: answer.offlineReason, tokens: answer.tokens,
            calls: answer.calls.map { Call(invocation: $0.invocation, decision: $0.decision) },
            plans: answer.planIDs)
    }
}

extension ChatTurnResponse.Call {
    /// An entry for a call and the gate's decision.
    public init(invocation: ToolInvocation, decision: ChatSessionEvent.Decision) {
        switch decision {
        case .executed: self.init(invocation: invocation, decision: "executed")
        case .failed(let message): self.init(invocation: invocation, decision: "failed", message: message)
        case .queued(let planID): self.init(invocation: invocation, decision: "queued", planID: planID)
        case .denied(let reason): self.init(invocation: invocation, decision: "denied", message: reason)
        case .invalid(let reason): self.init(invocation: invocation, decision: "invalid", message: reason)
        }
    }
}
