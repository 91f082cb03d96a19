/// A webhook targets file OKIK cannot use; the message names the file and the entry, never a URL.
public struct WebhookConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, and where.
    public var message: String

    /// Creates an error.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
