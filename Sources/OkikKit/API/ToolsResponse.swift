/// GET /tools: the tools on offer and whether each runs without approval at the level in force.
public struct ToolsResponse: Codable, Sendable, Hashable {
    /// One tool.
    public struct Tool: Codable, Sendable, Hashable {
        /// The snake_case name.
        public var name: String
        /// What it does.
        public var description: String
        /// Its risk package.
        public var package: ToolPackage
        /// True when the level in force runs it without a person (before hard checks and automation).
        public var runsWithoutApproval: Bool
        /// The JSON Schema of its input.
        public var inputSchema: JSONValue

        /// Creates an entry.
        public init(name: String, description: String, package: ToolPackage, runsWithoutApproval: Bool, inputSchema: JSONValue) {
            self.name = name
            self.description = description
            self.package = package
            self.runsWithoutApproval = runsWithoutApproval
            self.inputSchema = inputSchema
        }
    }

    /// The level in force.
    public var level: String
    /// The tools, by name.
    public var tools: [Tool]

    /// Creates a body.
    public init(level: String, tools: [Tool]) {
        self.level = level
        self.tools = tools
    }
}

/// GET /tools/calls: the calls the gate decided, newest first.
public struct ToolCallsResponse: Codable, Sendable, Hashable {
    /// The calls.
    public var calls: [ToolCallRecord]

    /// Creates a body.
    public init(calls: [ToolCallRecord]) {
        self.calls = calls
    }
}
