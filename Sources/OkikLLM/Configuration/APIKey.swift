/// An API key that never prints: its `description`, `debugDescription` and mirror are redacted.
public struct APIKey: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The key itself; only the HTTP layer reads it.
    let value: String

    /// Wraps a key.
    public init(_ value: String) {
        self.value = value
    }

    /// Always `APIKey(redacted)`.
    public var description: String { "APIKey(redacted)" }
    /// Always `APIKey(redacted)`.
    public var debugDescription: String { description }
    /// A mirror without the key.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
