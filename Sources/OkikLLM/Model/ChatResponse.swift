/// One complete reply from a model.
public struct ChatResponse: Sendable, Hashable {
    /// The provider's id for the reply, when it gave one.
    public var id: String?
    /// The model that answered, as the provider reported it (or as requested).
    public var model: String
    /// The reply's text; empty when the model only called tools.
    public var text: String
    /// The tool calls, in the order the model made them. Check ``ToolCall/issue`` before running one.
    public var toolCalls: [ToolCall]
    /// Why the model stopped.
    public var finishReason: FinishReason
    /// Tokens this request consumed.
    public var usage: TokenUsage

    /// Creates a response.
    public init(
        id: String? = nil,
        model: String,
        text: String,
        toolCalls: [ToolCall] = [],
        finishReason: FinishReason,
        usage: TokenUsage = .zero
    ) {
        self.id = id
        self.model = model
        self.text = text
        self.toolCalls = toolCalls
        self.finishReason = finishReason
        self.usage = usage
    }

    /// The reply as an assistant message, to append to the conversation before the tool results.
    public var message: ChatMessage {
        .assistant(text: text.isEmpty ? nil : text, toolCalls: toolCalls)
    }
}
