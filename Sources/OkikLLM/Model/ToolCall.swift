/// A tool call the model asked for: the provider's call id, the tool name and its JSON arguments.
///
/// Arguments that are not valid JSON, not an object, or a name the request did not offer do not throw the
/// reply away: the call carries an ``issue`` and ``ToolResult/init(rejecting:)`` turns it into a tool-error
/// message for the model.
public struct ToolCall: Sendable, Hashable {
    /// The provider's id for this call, echoed back in the tool result.
    public var id: String
    /// The tool's name as the model wrote it.
    public var name: String
    /// The parsed arguments; an empty object when ``rawArguments`` could not be parsed.
    public var arguments: JSONValue
    /// The arguments exactly as the model produced them.
    public var rawArguments: String
    /// Why the call cannot be run as is, or `nil` when it can.
    public var issue: ToolCallIssue?

    /// Creates a call from already parsed arguments.
    public init(id: String, name: String, arguments: JSONValue) {
        self.id = id
        self.name = name
        self.arguments = arguments
        self.rawArguments = arguments.jsonString
        self.issue = arguments.objectValue == nil ? .argumentsNotAnObject : nil
    }

    /// Creates a call from argument text, recording an ``issue`` when it is not a JSON object.
    /// An empty text means no arguments (`{}`).
    public init(id: String, name: String, rawArguments: String) {
        self.id = id
        self.name = name
        self.rawArguments = rawArguments
        let trimmed = rawArguments.trimmingWhitespace()
        if trimmed.isEmpty {
            self.arguments = .object([:])
            self.issue = nil
            return
        }
        do {
            let parsed = try JSONValue(parsing: trimmed)
            if parsed.objectValue == nil {
                self.arguments = .object([:])
                self.issue = .argumentsNotAnObject
            } else {
                self.arguments = parsed
                self.issue = nil
            }
        } catch {
            self.arguments = .object([:])
            self.issue = .malformedArguments
        }
    }

    /// Whether the call can be run: its arguments parsed and its tool was offered.
    public var isValid: Bool { issue == nil }

    /// Decodes the arguments into the tool's input type.
    /// - Throws: `DecodingError` when they do not fit.
    public func decodeArguments<T: Decodable>(as type: T.Type = T.self) throws -> T {
        try arguments.decode(as: T.self)
    }

    /// Returns the call with an ``ToolCallIssue/unknownTool(available:)`` issue if its name is not among `tools`.
    func validated(against tools: [ToolDefinition]) -> ToolCall {
        guard issue == nil, !tools.contains(where: { $0.name == name }) else { return self }
        var copy = self
        copy.issue = .unknownTool(available: tools.map(\.name))
        return copy
    }
}

/// Why a ``ToolCall`` from the model cannot be run as is.
public enum ToolCallIssue: Sendable, Hashable {
    /// The argument text is not valid JSON.
    case malformedArguments
    /// The arguments are valid JSON but not an object.
    case argumentsNotAnObject
    /// The model named a tool that the request did not offer.
    case unknownTool(available: [String])

    /// A message for the model explaining what to fix, sent as a tool error.
    public func message(for call: ToolCall) -> String {
        switch self {
        case .malformedArguments:
            let preview = String(call.rawArguments.prefix(200))
            return "Error: the arguments for tool '\(call.name)' are not valid JSON (\(preview)). "
                + "Call the tool again with a single JSON object as arguments."
        case .argumentsNotAnObject:
            return "Error: the arguments for tool '\(call.name)' must be a JSON object. Call the tool again."
        case .unknownTool(let available):
            let list = available.isEmpty ? "none" : available.joined(separator: ", ")
            return "Error: there is no tool named '\(call.name)'. Available tools: \(list)."
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
