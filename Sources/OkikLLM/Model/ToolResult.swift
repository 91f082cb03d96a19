/// The outcome of running a tool, sent back to the model in answer to one ``ToolCall``.
public struct ToolResult: Sendable, Hashable {
    /// The ``ToolCall/id`` this result answers.
    public var callID: String
    /// The result text (often JSON) the model reads.
    public var content: String
    /// Whether the tool failed; the model sees an error result (Anthropic `is_error`).
    public var isError: Bool

    /// Creates a tool result.
    public init(callID: String, content: String, isError: Bool = false) {
        self.callID = callID
        self.content = content
        self.isError = isError
    }

    /// A tool-error result telling the model why `call` could not be run (see ``ToolCall/issue``).
    public init(rejecting call: ToolCall) {
        let message = call.issue?.message(for: call) ?? "Error: the call to tool '\(call.name)' was rejected."
        self.init(callID: call.id, content: message, isError: true)
    }
}
