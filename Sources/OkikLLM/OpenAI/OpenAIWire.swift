// Internal Codable DTOs for OpenAI Chat Completions (POST {baseURL}/chat/completions).

struct OpenAIChatRequest: Encodable {
    var model: String
    var messages: [OpenAIMessage]
    var tools: [OpenAITool]?
    var toolChoice: OpenAIToolChoice?
    var parallelToolCalls: Bool?
    var temperature: Double?
    var maxCompletionTokens: Int?
    var maxTokens: Int?
    var stream: Bool?
    var streamOptions: OpenAIStreamOptions?

    enum CodingKeys: String, CodingKey {
        case model, messages, tools, temperature, stream
        case toolChoice = "tool_choice"
        case parallelToolCalls = "parallel_tool_calls"
        case maxCompletionTokens = "max_completion_tokens"
        case maxTokens = "max_tokens"
        case streamOptions = "stream_options"
    }
}

struct OpenAIStreamOptions: Encodable {
    var includeUsage: Bool

    enum CodingKeys: String, CodingKey {
        case includeUsage = "include_usage"
    }
}

struct OpenAIMessage: Codable {
    var role: String
    var content: String?
    var toolCalls: [OpenAIToolCall]?
    var toolCallID: String?

    enum CodingKeys: String, CodingKey {
        case role, content
        case toolCalls = "tool_calls"
        case toolCallID = "tool_call_id"
    }
}

struct OpenAIToolCall: Codable {
    var id: String?
    var type: String?
    var function: OpenAIFunctionCall
}

struct OpenAIFunctionCall: Codable {
    var name: String
    /// A JSON string on the wire; some compatible servers send an object, which is re-encoded as text.
    var arguments: String

    enum CodingKeys: String, CodingKey {
        case name, arguments
    }

    init(name: String, arguments: String) {
        self.name = name
        self.arguments = arguments
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        if let text = try? container.decode(String.self, forKey: .arguments) {
            arguments = text
        } else if let value = try container.decodeIfPresent(JSONValue.self, forKey: .arguments) {
            arguments = value == .null ? "" : value.jsonString
        } else {
            arguments = ""
        }
    }
}

struct OpenAITool: Encodable {
    var type = "function"
    var function: OpenAIFunctionDefinition
}

struct OpenAIFunctionDefinition: Encodable {
    var name: String
    var description: String
    var parameters: JSONValue
    var strict: Bool?
}

enum OpenAIToolChoice: Encodable {
    case mode(String)
    case function(String)

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .mode(let mode):
            var container = encoder.singleValueContainer()
            try container.encode(mode)
        case .function(let name):
            let value: JSONValue = ["type": "function", "function": ["name": .string(name)]]
            try value.encode(to: encoder)
        }
    }
}

struct OpenAIChatResponse: Decodable {
    var id: String?
    var model: String?
    var choices: [OpenAIChoice]?
    var usage: OpenAIUsage?
}

struct OpenAIChoice: Decodable {
    var index: Int?
    var message: OpenAIResponseMessage?
    var finishReason: String?

    enum CodingKeys: String, CodingKey {
        case index, message
        case finishReason = "finish_reason"
    }
}

struct OpenAIResponseMessage: Decodable {
    var content: String?
    var refusal: String?
    var toolCalls: [OpenAIToolCall]?

    enum CodingKeys: String, CodingKey {
        case content, refusal
        case toolCalls = "tool_calls"
    }
}

struct OpenAIUsage: Decodable {
    var promptTokens: Int?
    var completionTokens: Int?
    var promptTokensDetails: PromptDetails?
    var completionTokensDetails: CompletionDetails?

    struct PromptDetails: Decodable {
        var cachedTokens: Int?
        enum CodingKeys: String, CodingKey { case cachedTokens = "cached_tokens" }
    }

    struct CompletionDetails: Decodable {
        var reasoningTokens: Int?
        enum CodingKeys: String, CodingKey { case reasoningTokens = "reasoning_tokens" }
    }

    enum CodingKeys: String, CodingKey {
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case promptTokensDetails = "prompt_tokens_details"
        case completionTokensDetails = "completion_tokens_details"
    }
}

struct OpenAIChunk: Decodable {
    var id: String?
    var model: String?
    var choices: [OpenAIChunkChoice]?
    var usage: OpenAIUsage?
    var error: JSONValue?
    /// `"error"` in vLLM's error objects.
    var object: String?
}

struct OpenAIChunkChoice: Decodable {
    var index: Int?
    var delta: OpenAIDelta?
    var finishReason: String?

    enum CodingKeys: String, CodingKey {
        case index, delta
        case finishReason = "finish_reason"
    }
}

struct OpenAIDelta: Decodable {
    var content: String?
    var refusal: String?
    var toolCalls: [OpenAIToolCallDelta]?

    enum CodingKeys: String, CodingKey {
        case content, refusal
        case toolCalls = "tool_calls"
    }
}

struct OpenAIToolCallDelta: Decodable {
    var index: Int?
    var id: String?
    var function: Function?

    struct Function: Decodable {
        var name: String?
        var arguments: String?
    }
}

