import Foundation
import OkikLLM

/// One message of a stored chat session: its place in the session, its role, and its content as JSON (the person's
/// text, the model's text and tool calls, or a tool result).
public struct StoredChatMessage: Sendable, Hashable, Codable {
    /// Who wrote it.
    public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
        /// The person.
        case user
        /// The model (or the offline answerer).
        case assistant
        /// A tool result sent back to the model.
        case tool
    }

    /// A tool call of an assistant message, with its arguments exactly as the model wrote them.
    public struct Call: Sendable, Hashable, Codable {
        /// The provider's call id.
        public var id: String
        /// The tool's name.
        public var name: String
        /// The raw argument text.
        public var arguments: String
    }

    /// What the message says; which fields are set depends on the role.
    public struct Content: Sendable, Hashable, Codable {
        /// The text (user, assistant) or result (tool).
        public var text: String?
        /// The tool calls of an assistant message.
        public var toolCalls: [Call]?
        /// The call a tool result answers.
        public var toolCallID: String?
        /// Whether a tool result is an error.
        public var isError: Bool?
    }

    /// Its 0-based position in the session.
    public var sequence: Int
    /// Who wrote it.
    public var role: Role
    /// What it says.
    public var content: Content
    /// When it was stored.
    public var createdAt: Date

    /// Creates a stored message from a conversation message.
    public init(_ message: ChatMessage, sequence: Int, at date: Date) {
        self.sequence = sequence
        self.createdAt = date
        switch message {
        case .user(let text):
            role = .user
            content = Content(text: text)
        case .assistant(let text, let calls):
            role = .assistant
            content = Content(
                text: text,
                toolCalls: calls.isEmpty
                    ? nil : calls.map { Call(id: $0.id, name: $0.name, arguments: $0.rawArguments) })
        case .tool(let result):
            role = .tool
            content = Content(text: result.content, toolCallID: result.callID, isError: result.isError)
        }
    }

    /// Creates a stored message from its parts (as read from a store).
    public init(sequence: Int, role: Role, content: Content, createdAt: Date) {
        self.sequence = sequence
        self.role = role
        self.content = content
        self.createdAt = createdAt
    }

    /// The conversation message it stores; tool calls are parsed again from their raw arguments, so garbled ones
    /// keep their ``OkikLLM/ToolCall/issue``.
    public var message: ChatMessage {
        switch role {
        case .user:
            .user(content.text ?? "")
        case .assistant:
            .assistant(
                text: content.text,
                toolCalls: (content.toolCalls ?? []).map { call in
                    ToolCall(id: call.id, name: call.name, rawArguments: call.arguments)
                })
        case .tool:
            .tool(
                ToolResult(
                    callID: content.toolCallID ?? "", content: content.text ?? "", isError: content.isError ?? false))
        }
    }
}
