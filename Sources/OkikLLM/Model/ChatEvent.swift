/// One event of a streamed reply.
///
/// A stream yields text and tool-call deltas as they arrive, each tool call once complete, the usage when
/// known, and always ends with ``finished(_:)`` carrying the whole assembled reply, or throws an ``LLMError``.
///
/// Tool calls are numbered the same way on every wire: `index` is the call's 0-based position among the reply's
/// tool calls, in the order they started, which is its index in ``ChatResponse/toolCalls``. (Anthropic numbers
/// content blocks, so a text block before the first call would make it 1; OpenAI-compatible servers number calls
/// their own way.)
public enum ChatEvent: Sendable, Hashable {
    /// A piece of reply text.
    case textDelta(String)
    /// The model started tool call number `index` (0, 1, ...); its id and name are known.
    case toolCallStarted(index: Int, id: String, name: String)
    /// A fragment of the arguments of tool call number `index`.
    case toolCallArgumentsDelta(index: Int, fragment: String)
    /// A tool call whose arguments are complete.
    case toolCall(ToolCall)
    /// Token usage for the request.
    case usage(TokenUsage)
    /// The final event: the assembled reply with its finish reason and usage.
    case finished(ChatResponse)
}
