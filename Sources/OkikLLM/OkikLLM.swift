/// OkikLLM: provider-neutral chat with tool calling and streaming.
public enum OkikLLMModule {
    /// The module's version string.
    public static let version = "0.1.0"
}
