/// A tool the model may call: a stable snake_case name, a description and a JSON Schema for its input.
public struct ToolDefinition: Sendable, Hashable {
    /// The tool's name; providers accept `^[a-zA-Z0-9_-]{1,64}$`.
    public var name: String
    /// What the tool does, written for the model.
    public var description: String
    /// The JSON Schema of the tool's input, an object schema.
    public var inputSchema: JSONValue
    /// Asks OpenAI for strict schema adherence (requires `additionalProperties: false` and every property required).
    public var strict: Bool

    /// Creates a tool definition; the default schema takes no input.
    public init(
        name: String,
        description: String,
        inputSchema: JSONValue = ["type": "object", "properties": [:]],
        strict: Bool = false
    ) {
        self.name = name
        self.description = description
        self.inputSchema = inputSchema
        self.strict = strict
    }
}
