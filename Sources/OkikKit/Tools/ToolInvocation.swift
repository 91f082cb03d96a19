import OkikKubeClient

/// A request to run one tool: its name and JSON arguments, exactly as stored in plans and the audit.
public struct ToolInvocation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The tool's snake_case name.
    public var tool: String
    /// The arguments, a JSON object.
    public var arguments: JSONValue

    /// Creates an invocation.
    public init(tool: String, arguments: JSONValue = [:]) {
        self.tool = tool
        self.arguments = arguments
    }

    /// `tool(arguments)` with sorted keys.
    public var description: String { "\(tool)(\(arguments.jsonString()))" }

    /// Arguments that explain a call without changing what it does; plans that differ only in them are one plan.
    public static let descriptiveArguments: Set<String> = ["reason"]

    /// What the call does, as text: the tool and its arguments without the ``descriptiveArguments``. Two calls with
    /// the same fingerprint make the same change.
    public var fingerprint: String {
        guard case .object(var object) = arguments else { return description }
        for key in Self.descriptiveArguments { object[key] = nil }
        return "\(tool)(\(JSONValue.object(object).jsonString()))"
    }
}
