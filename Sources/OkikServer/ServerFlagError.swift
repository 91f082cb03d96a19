/// A start flag (or the environment it falls back to) that cannot be used; okik-server does not start with one.
public struct ServerFlagError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The flag at fault (`--api-key-file`), or nil when the environment is.
    public var flag: String?
    /// What is wrong with it (never a key).
    public var message: String

    /// Creates an error.
    public init(flag: String?, message: String) {
        self.flag = flag
        self.message = message
    }

    /// `--api-key-file: /etc/okik/key is empty`.
    public var description: String { flag.map { "\($0): \(message)" } ?? message }
}
