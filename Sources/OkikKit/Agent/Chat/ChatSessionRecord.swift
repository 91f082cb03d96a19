import Foundation

/// A stored chat session: who it belongs to and when it was started and last used.
public struct ChatSessionRecord: Sendable, Hashable, Codable, Identifiable {
    /// The session id, used to resume it.
    public var id: UUID
    /// The person it belongs to.
    public var caller: Caller
    /// When it was started.
    public var createdAt: Date
    /// When its last message was stored.
    public var updatedAt: Date

    /// Creates a record.
    public init(id: UUID = UUID(), caller: Caller, createdAt: Date, updatedAt: Date? = nil) {
        self.id = id
        self.caller = caller
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }
}
