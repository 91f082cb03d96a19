/// Facts about this module.
public enum OkikLLMInfo {
    /// The module's version, sent in the `user-agent` header.
    public static let version = "0.1.0"
}
