/// The wire protocol a model speaks.
public enum LLMProvider: String, Sendable, Hashable, Codable, CaseIterable {
    /// OpenAI's Chat Completions API at api.openai.com.
    case openAI = "openai"
    /// A server that speaks Chat Completions: Ollama, vLLM, LM Studio, llama.cpp server, LiteLLM, Azure OpenAI.
    case openAICompatible = "openai-compatible"
    /// Anthropic's Messages API.
    case anthropic = "anthropic"

    /// Parses a provider name, accepting common aliases (`ollama`, `vllm`, `lmstudio`, `azure`, `claude`, ...).
    public init?(name: String) {
        let key = name.lowercased().filter { $0.isLetter || $0.isNumber }
        switch key {
        case "openai": self = .openAI
        case "anthropic", "claude": self = .anthropic
        case "openaicompatible", "compatible", "ollama", "vllm", "lmstudio", "llamacpp", "litellm", "azure",
            "azureopenai":
            self = .openAICompatible
        default: return nil
        }
    }

    /// The model used when none is configured (empty for OpenAI-compatible servers, which must name one).
    public var defaultModel: String {
        switch self {
        case .openAI: return "gpt-5-mini"
        case .anthropic: return "claude-sonnet-4-6"
        case .openAICompatible: return ""
        }
    }

    /// The base URL used when none is configured (Ollama's local endpoint for OpenAI-compatible servers).
    public var defaultBaseURL: String {
        switch self {
        case .openAI: return "https://api.openai.com/v1"
        case .anthropic: return "https://api.anthropic.com/v1"
        case .openAICompatible: return "http://127.0.0.1:11434/v1"
        }
    }

    /// The environment variable holding the provider's key, if it has a standard one.
    public var apiKeyEnvironmentVariable: String? {
        switch self {
        case .openAI: return "OPENAI_API_KEY"
        case .anthropic: return "ANTHROPIC_API_KEY"
        case .openAICompatible: return nil
        }
    }
}
