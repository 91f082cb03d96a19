/// Whether and which tools the model must call.
public enum ToolChoice: Sendable, Hashable {
    /// The model decides (the default when tools are present).
    case auto
    /// The model must not call a tool.
    case none
    /// The model must call at least one tool (OpenAI `required`, Anthropic `any`).
    case required
    /// The model must call the named tool.
    case tool(String)
}
