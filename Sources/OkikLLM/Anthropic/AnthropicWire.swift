// Internal Codable DTOs for the Anthropic Messages API (POST {baseURL}/messages).

struct AnthropicRequest: Encodable {
    var model: String
    var maxTokens: Int
    var system: [AnthropicTextBlock]?
    var messages: [AnthropicMessage]
    var tools: [AnthropicTool]?
    var toolChoice: AnthropicToolChoice?
    var temperature: Double?
    var stream: Bool?

    enum CodingKeys: String, CodingKey {
        case model, system, messages, tools, temperature, stream
        case maxTokens = "max_tokens"
        case toolChoice = "tool_choice"
    }
}

struct AnthropicCacheControl: Encodable {
    var type = "ephemeral"
}

struct AnthropicTextBlock: Encodable {
    var type = "text"
    var text: String
    var cacheControl: AnthropicCacheControl?

    enum CodingKeys: String, CodingKey {
        case type, text
        case cacheControl = "cache_control"
    }
}

struct AnthropicMessage: Encodable {
    var role: String
    var content: [AnthropicContentBlock]
}

enum AnthropicContentBlock: Encodable {
    case text(String)
    case toolUse(id: String, name: String, input: JSONValue)
    case toolResult(toolUseID: String, content: String, isError: Bool)

    private enum CodingKeys: String, CodingKey {
        case type, text, id, name, input, content
        case toolUseID = "tool_use_id"
        case isError = "is_error"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .text(let text):
            try container.encode("text", forKey: .type)
            try container.encode(text, forKey: .text)
        case .toolUse(let id, let name, let input):
            try container.encode("tool_use", forKey: .type)
            try container.encode(id, forKey: .id)
            try container.encode(name, forKey: .name)
            try container.encode(input, forKey: .input)
        case .toolResult(let toolUseID, let content, let isError):
            try container.encode("tool_result", forKey: .type)
            try container.encode(toolUseID, forKey: .toolUseID)
            try container.encode(content, forKey: .content)
            if isError { try container.encode(true, forKey: .isError) }
        }
    }
}

struct AnthropicTool: Encodable {
    var name: String
    var description: String
    var inputSchema: JSONValue
    var cacheControl: AnthropicCacheControl?

    enum CodingKeys: String, CodingKey {
        case name, description
        case inputSchema = "input_schema"
        case cacheControl = "cache_control"
    }
}

struct AnthropicToolChoice: Encodable {
    var type: String
    var name: String?
    var disableParallelToolUse: Bool?

    enum CodingKeys: String, CodingKey {
        case type, name
        case disableParallelToolUse = "disable_parallel_tool_use"
    }
}

struct AnthropicResponse: Decodable {
    var id: String?
    var type: String?
    var model: String?
    var content: [AnthropicResponseBlock]?
    var stopReason: String?
    var usage: AnthropicUsage?

    enum CodingKeys: String, CodingKey {
        case id, type, model, content, usage
        case stopReason = "stop_reason"
    }
}

struct AnthropicResponseBlock: Decodable {
    var type: String
    var text: String?
    var id: String?
    var name: String?
    var input: JSONValue?
}

struct AnthropicUsage: Decodable {
    var inputTokens: Int?
    var outputTokens: Int?
    var cacheCreationInputTokens: Int?
    var cacheReadInputTokens: Int?

    enum CodingKeys: String, CodingKey {
        case inputTokens = "input_tokens"
        case outputTokens = "output_tokens"
        case cacheCreationInputTokens = "cache_creation_input_tokens"
        case cacheReadInputTokens = "cache_read_input_tokens"
    }
}

/// One streamed event's `data:`; its `type` names the event.
struct AnthropicStreamEvent: Decodable {
    var type: String
    var message: AnthropicResponse?
    var index: Int?
    var contentBlock: AnthropicResponseBlock?
    var delta: Delta?
    var usage: AnthropicUsage?

    struct Delta: Decodable {
        var type: String?
        var text: String?
        var partialJSON: String?
        var stopReason: String?

        enum CodingKeys: String, CodingKey {
            case type, text
            case partialJSON = "partial_json"
            case stopReason = "stop_reason"
        }
    }

    enum CodingKeys: String, CodingKey {
        case type, message, index, delta, usage
        case contentBlock = "content_block"
    }
}
