/// One event of a streamed reply.
///
/// A stream yields text and tool-call deltas as they arrive, each tool call once complete, the usage when
/// known, and always ends with ``finished(_:)`` carrying the whole assembled reply, or throws an ``LLMError``.
public enum ChatEvent: Sendable, Hashable {
    /// A piece of reply text.
    case textDelta(String)
    /// The model started the tool call at `index` (its id and name are known).
    case toolCallStarted(index: Int, id: String, name: String)
    /// A fragment of the arguments of the tool call at `index`.
    case toolCallArgumentsDelta(index: Int, fragment: String)
    /// A tool call whose arguments are complete.
    case toolCall(ToolCall)
    /// Token usage for the request.
    case usage(TokenUsage)
    /// The final event: the assembled reply with its finish reason and usage.
    case finished(ChatResponse)
}
