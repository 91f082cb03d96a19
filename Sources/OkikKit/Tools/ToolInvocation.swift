import OkikKubeClient

/// A request to run one tool: its name and JSON arguments, exactly as stored in plans and the audit.
public struct ToolInvocation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The tool's snake_case name.
    public var tool: String
    /// The arguments, a JSON object.
    public var arguments: OkikKubeClient.JSONValue

    /// Creates an invocation.
    public init(tool: String, arguments: OkikKubeClient.JSONValue = [:]) {
        self.tool = tool
        self.arguments = arguments
    }

    /// `tool(arguments)` with sorted keys.
    public var description: String { "\(tool)(\(arguments.jsonString()))" }
}
