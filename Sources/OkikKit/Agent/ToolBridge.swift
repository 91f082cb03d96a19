// The bridge between OkikKit's tools and OkikLLM's tool definitions and calls: the one place the two JSON types meet.
import OkikKubeClient
import OkikLLM

extension ToolDescriptor {
    /// The tool as an LLM ``OkikLLM/ToolDefinition``, its description prefixed with the risk package.
    public var toolDefinition: ToolDefinition {
        ToolDefinition(
            name: name, description: "[\(package.rawValue), risk \(package.risk)] \(description)",
            inputSchema: Self.forModel(inputSchema.json).llmValue)
    }

    /// The schema a model sees: without `pattern`, `maxLength` and `minLength`, which cost a model call about a
    /// quarter of its tool tokens and which OKIK checks itself (an argument that breaks them gets an error naming the
    /// field). Types, enums, ranges, required fields and descriptions stay.
    static func forModel(_ schema: OkikKubeClient.JSONValue) -> OkikKubeClient.JSONValue {
        switch schema {
        case .object(let members):
            var kept: [String: OkikKubeClient.JSONValue] = [:]
            for (key, value) in members {
                switch (key, value) {
                case ("pattern", _), ("maxLength", _), ("minLength", _): continue
                case ("properties", .object(let properties)): kept[key] = .object(properties.mapValues(forModel))
                default: kept[key] = forModel(value)
                }
            }
            return .object(kept)
        case .array(let values): return .array(values.map(forModel))
        default: return schema
        }
    }
}

extension ToolInvocation {
    /// An invocation from a model's tool call.
    public init(_ call: OkikLLM.ToolCall) {
        self.init(tool: call.name, arguments: OkikKubeClient.JSONValue(call.arguments))
    }
}

extension OkikKubeClient.JSONValue {
    /// The same value as OkikLLM's JSON value.
    var llmValue: OkikLLM.JSONValue {
        switch self {
        case .null: .null
        case .bool(let value): .bool(value)
        case .int(let value): .int(value)
        case .double(let value): .double(value)
        case .string(let value): .string(value)
        case .array(let values): .array(values.map(\.llmValue))
        case .object(let members): .object(members.mapValues(\.llmValue))
        }
    }

    /// Converts OkikLLM's JSON value.
    init(_ value: OkikLLM.JSONValue) {
        switch value {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .int(let value): self = .int(value)
        case .double(let value): self = .double(value)
        case .string(let value): self = .string(value)
        case .array(let values): self = .array(values.map(Self.init))
        case .object(let members): self = .object(members.mapValues(Self.init))
        }
    }
}
