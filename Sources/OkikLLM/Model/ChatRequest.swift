/// Everything a model needs for one reply: system prompt, conversation, tools and sampling options.
public struct ChatRequest: Sendable, Hashable {
    /// Instructions sent as OpenAI's first `system`/`developer` message or Anthropic's top-level `system`.
    public var systemPrompt: String?
    /// The conversation so far, oldest first.
    public var messages: [ChatMessage]
    /// Tools the model may call.
    public var tools: [ToolDefinition]
    /// Whether and which tool the model must call; ignored when ``tools`` is empty.
    public var toolChoice: ToolChoice
    /// Whether the model may call several tools in one reply; `nil` keeps the provider's default (allowed).
    public var parallelToolCalls: Bool?
    /// Sampling temperature; `nil` keeps the provider's default. Omitted for models that reject it.
    public var temperature: Double?
    /// Upper bound on output tokens; `nil` uses the configuration's default.
    public var maxOutputTokens: Int?
    /// A model id for this request only; `nil` uses the client's configured model.
    public var model: String?

    /// Creates a request.
    public init(
        systemPrompt: String? = nil,
        messages: [ChatMessage],
        tools: [ToolDefinition] = [],
        toolChoice: ToolChoice = .auto,
        parallelToolCalls: Bool? = nil,
        temperature: Double? = nil,
        maxOutputTokens: Int? = nil,
        model: String? = nil
    ) {
        self.systemPrompt = systemPrompt
        self.messages = messages
        self.tools = tools
        self.toolChoice = toolChoice
        self.parallelToolCalls = parallelToolCalls
        self.temperature = temperature
        self.maxOutputTokens = maxOutputTokens
        self.model = model
    }
}

extension ChatRequest {
    /// Checks what every provider would reject anyway, before anything is sent.
    func validate() throws(LLMError) {
        if messages.isEmpty {
            throw .invalidRequest(message: "the request has no messages")
        }
        var seen = Set<String>()
        for tool in tools {
            let valid = !tool.name.isEmpty && tool.name.count <= 64
                && tool.name.unicodeScalars.allSatisfy { scalar in
                    scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                        || scalar == "_" || scalar == "-")
                }
            if !valid {
                throw .invalidRequest(message: "tool name '\(tool.name)' must match ^[a-zA-Z0-9_-]{1,64}$")
            }
            if !seen.insert(tool.name).inserted {
                throw .invalidRequest(message: "tool name '\(tool.name)' is defined twice")
            }
        }
        if case .tool(let name) = toolChoice, !tools.isEmpty, !seen.contains(name) {
            throw .invalidRequest(message: "tool choice names '\(name)', which is not among the request's tools")
        }
        if let maxOutputTokens, maxOutputTokens < 1 {
            throw .invalidRequest(message: "maxOutputTokens must be at least 1")
        }
    }
}
