/// Tokens one request consumed, normalized across providers.
public struct TokenUsage: Sendable, Hashable, Codable {
    /// All prompt tokens, cached ones included (OpenAI `prompt_tokens`; Anthropic
    /// `input_tokens + cache_creation_input_tokens + cache_read_input_tokens`).
    public var inputTokens: Int
    /// Generated tokens, reasoning included (OpenAI `completion_tokens`, Anthropic `output_tokens`).
    public var outputTokens: Int
    /// Prompt tokens served from the provider's cache, a part of ``inputTokens``.
    public var cachedInputTokens: Int
    /// Prompt tokens written to the cache (Anthropic `cache_creation_input_tokens`), a part of ``inputTokens``.
    public var cacheWriteInputTokens: Int
    /// Hidden reasoning tokens (OpenAI `reasoning_tokens`), a part of ``outputTokens``.
    public var reasoningTokens: Int

    /// Creates a usage record.
    public init(
        inputTokens: Int = 0,
        outputTokens: Int = 0,
        cachedInputTokens: Int = 0,
        cacheWriteInputTokens: Int = 0,
        reasoningTokens: Int = 0
    ) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cachedInputTokens = cachedInputTokens
        self.cacheWriteInputTokens = cacheWriteInputTokens
        self.reasoningTokens = reasoningTokens
    }

    /// No tokens.
    public static let zero = TokenUsage()

    /// Input plus output tokens.
    public var totalTokens: Int { inputTokens + outputTokens }

    /// The field-by-field sum of two usage records.
    public static func + (lhs: TokenUsage, rhs: TokenUsage) -> TokenUsage {
        TokenUsage(
            inputTokens: lhs.inputTokens + rhs.inputTokens,
            outputTokens: lhs.outputTokens + rhs.outputTokens,
            cachedInputTokens: lhs.cachedInputTokens + rhs.cachedInputTokens,
            cacheWriteInputTokens: lhs.cacheWriteInputTokens + rhs.cacheWriteInputTokens,
            reasoningTokens: lhs.reasoningTokens + rhs.reasoningTokens
        )
    }

    /// Adds `rhs` to `lhs`.
    public static func += (lhs: inout TokenUsage, rhs: TokenUsage) {
        lhs = lhs + rhs
    }
}
