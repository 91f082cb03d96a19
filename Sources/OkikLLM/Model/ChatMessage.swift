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
}
