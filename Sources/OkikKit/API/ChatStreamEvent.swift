import Foundation

/// POST /chat/stream: one server-sent event, `event: <kind>` with this as its `data:` JSON. The first event is
/// `session` (the id to resume with); then `text`, `tool_call_started`, `tool_call_decided`, `tool_call_finished`,
/// `plan_queued` and `error` as the turn runs; the last is `done`, carrying the whole answer.
public struct ChatStreamEvent: Codable, Sendable, Hashable {
    /// The event's kind (its SSE `event:` name).
    public var kind: String
    /// `session`, `done`: the session id.
    public var session: UUID?
    /// `text`: a piece of the answer's Markdown.
    public var text: String?
    /// `tool_call_*`: the provider's id of the call.
    public var callID: String?
    /// `tool_call_started`, `tool_call_finished`: the tool's name.
    public var tool: String?
    /// `tool_call_decided`: the call and the gate's decision.
    public var call: ChatTurnResponse.Call?
    /// `tool_call_finished`: the bounded, redacted result the model reads.
    public var result: String?
    /// `tool_call_finished`: whether the result is an error.
    public var isError: Bool?
    /// `plan_queued`: the plan waiting for approval.
    public var planID: UUID?
    /// `error`: what went wrong (the turn goes on).
    public var message: String?
    /// `done`: the whole answer.
    public var answer: ChatTurnResponse?

    /// Creates an event of a kind; fill in the members it carries.
    public init(kind: String) {
        self.kind = kind
    }

    /// The `session` event that opens a stream.
    public static func session(_ id: UUID) -> ChatStreamEvent {
        var event = ChatStreamEvent(kind: "session")
        event.session = id
        return event
    }
}

extension ChatStreamEvent {
    /// The wire form of a chat session's event.
    public init(_ event: ChatSessionEvent) {
        switch event {
        case .textDelta(let text):
            self.init(kind: "text")
            self.text = text
        case .toolCallStarted(let callID, let tool):
            self.init(kind: "tool_call_started")
            self.callID = callID
            self.tool = tool
        case .toolCallDecided(let callID, let invocation, let decision):
            self.init(kind: "tool_call_decided")
            self.callID = callID
            self.call = ChatTurnResponse.Call(invocation: invocation, decision: decision)
        case .toolCallFinished(let callID, let tool, let result, let isError):
            self.init(kind: "tool_call_finished")
            self.callID = callID
            self.tool = tool
            self.result = result
            self.isError = isError
        case .planQueued(let id):
            self.init(kind: "plan_queued")
            self.planID = id
        case .error(let message):
            self.init(kind: "error")
            self.message = message
        case .done(let answer):
            self.init(kind: "done")
            self.session = answer.sessionID
            self.answer = ChatTurnResponse(answer)
        }
    }
}
