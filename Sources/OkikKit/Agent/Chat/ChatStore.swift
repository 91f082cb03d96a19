import Foundation

/// Where chat sessions and their messages are kept, so a session can be resumed by id. Both audit stores implement
/// it (`SQLiteAuditStore` in the `chat_session` and `chat_message` tables of migration `v9_create_chat`);
/// ``InMemoryChatStore`` keeps them for the process only.
public protocol ChatStore: Sendable {
    /// Stores a new session.
    /// - Throws: when the store cannot be written, or a session with this id exists.
    func createChatSession(_ session: ChatSessionRecord) async throws
    /// One session, or nil when there is none with this id.
    /// - Throws: when the store cannot be read.
    func chatSession(_ id: UUID) async throws -> ChatSessionRecord?
    /// Sessions, most recently used first; optionally only one person's.
    /// - Throws: when the store cannot be read.
    func chatSessions(caller: Caller?, limit: Int) async throws -> [ChatSessionRecord]
    /// Appends messages to a session (their sequences continue the session's) and sets its `updatedAt`.
    /// - Throws: ``ChatSessionError`` `.unknownSession` when the session does not exist, a store failure, or a
    ///   sequence conflict when another process appended the same positions first.
    func appendChatMessages(_ messages: [StoredChatMessage], to session: UUID, at date: Date) async throws
    /// A session's messages, in order.
    /// - Throws: when the store cannot be read.
    func chatMessages(_ session: UUID) async throws -> [StoredChatMessage]
}
