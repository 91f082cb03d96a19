/// The tokens okik-server accepts (placeholder; filled in by the auth commit).
public struct TokenFile: Sendable {
    /// No tokens.
    public init() {}
}
