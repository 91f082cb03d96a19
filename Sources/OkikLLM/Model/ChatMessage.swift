/// One turn of a conversation, in provider-neutral form.
public enum ChatMessage: Sendable, Hashable {
    /// Text from the user.
    case user(String)
    /// A reply from the model: optional text and the tool calls it made.
    case assistant(text: String?, toolCalls: [ToolCall])
    /// The result of one tool call, answering an earlier assistant message.
    case tool(ToolResult)

    /// An assistant message with text only.
    public static func assistant(_ text: String) -> ChatMessage {
        .assistant(text: text, toolCalls: [])
    }

    /// Everything the message carries to a model as text: the text, each tool call's name and raw arguments, or the
    /// tool result's content. For token estimates and for checking what reached a model.
    public var carriedText: String {
        switch self {
        case .user(let text): text
        case .assistant(let text, let calls): (text ?? "") + calls.map { $0.name + $0.rawArguments }.joined()
        case .tool(let result): result.content
        }
    }
}
