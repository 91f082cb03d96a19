import Foundation

extension InMemoryAuditStore: ChatStore {
    /// See ``ChatStore``.
    public func createChatSession(_ session: ChatSessionRecord) async throws {
        try await chatStore.createChatSession(session)
    }

    /// See ``ChatStore``.
    public func chatSession(_ id: UUID) async throws -> ChatSessionRecord? {
        try await chatStore.chatSession(id)
    }

    /// See ``ChatStore``.
    public func chatSessions(caller: Caller?, limit: Int) async throws -> [ChatSessionRecord] {
        try await chatStore.chatSessions(caller: caller, limit: limit)
    }

    /// See ``ChatStore``.
    public func appendChatMessages(_ messages: [StoredChatMessage], to session: UUID, at date: Date) async throws {
        try await chatStore.appendChatMessages(messages, to: session, at: date)
    }

    /// See ``ChatStore``.
    public func chatMessages(_ session: UUID) async throws -> [StoredChatMessage] {
        try await chatStore.chatMessages(session)
    }
}
