/// Why the model stopped producing output.
public enum FinishReason: Sendable, Hashable {
    /// A natural end of the reply or a stop sequence (OpenAI `stop`, Anthropic `end_turn`, `stop_sequence`).
    case stop
    /// The output hit the token limit or the context window (OpenAI `length`, Anthropic `max_tokens`,
    /// `model_context_window_exceeded`).
    case length
    /// The model wants tool results before it continues (OpenAI `tool_calls`, Anthropic `tool_use`).
    case toolCalls
    /// The provider filtered the output (OpenAI `content_filter`).
    case contentFilter
    /// The model refused (Anthropic `refusal`).
    case refusal
    /// Any other reason, as the provider spelled it (for example Anthropic `pause_turn`).
    case other(String)
}
