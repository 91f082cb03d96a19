import Foundation
import Synchronization

/// Chat sessions in memory: for tests, examples and runs without a database (nothing survives the process).
public final class InMemoryChatStore: ChatStore {
    private let state = Mutex<(sessions: [UUID: ChatSessionRecord], messages: [UUID: [StoredChatMessage]])>(([:], [:]))

    /// Creates an empty store.
    public init() {}

    /// See ``ChatStore``.
    public func createChatSession(_ session: ChatSessionRecord) async throws {
        try state.withLock { state in
            guard state.sessions[session.id] == nil else { throw ChatSessionError.sessionExists(session.id) }
            state.sessions[session.id] = session
            state.messages[session.id] = []
        }
    }

    /// See ``ChatStore``.
    public func chatSession(_ id: UUID) async throws -> ChatSessionRecord? {
        state.withLock { $0.sessions[id] }
    }

    /// See ``ChatStore``.
    public func chatSessions(caller: Caller?, limit: Int) async throws -> [ChatSessionRecord] {
        state.withLock { state in
            Array(
                state.sessions.values.filter { session in caller.map { $0 == session.caller } ?? true }
                    .sorted { ($0.updatedAt, $0.id.uuidString) > ($1.updatedAt, $1.id.uuidString) }
                    .prefix(max(0, limit)))
        }
    }

    /// See ``ChatStore``.
    public func appendChatMessages(_ messages: [StoredChatMessage], to session: UUID, at date: Date) async throws {
        try state.withLock { state in
            guard var record = state.sessions[session] else { throw ChatSessionError.unknownSession(session) }
            let stored = state.messages[session] ?? []
            let taken = Set(stored.map(\.sequence))
            if let clash = messages.first(where: { taken.contains($0.sequence) }) {
                throw ChatSessionError.sequenceConflict(session, sequence: clash.sequence)
            }
            state.messages[session] = (stored + messages).sorted { $0.sequence < $1.sequence }
            record.updatedAt = max(record.updatedAt, date)
            state.sessions[session] = record
        }
    }

    /// See ``ChatStore``.
    public func chatMessages(_ session: UUID) async throws -> [StoredChatMessage] {
        state.withLock { $0.messages[session] ?? [] }
    }
}
