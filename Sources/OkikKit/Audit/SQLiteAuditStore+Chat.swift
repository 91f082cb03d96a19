import Foundation
import GRDB

extension SQLiteAuditStore: ChatStore {
    /// See ``ChatStore``: a row of `chat_session` (migration `v9_create_chat`).
    public func createChatSession(_ session: ChatSessionRecord) async throws {
        let caller = session.caller.description
        try await pool.write { db in
            guard
                try Bool.fetchOne(
                    db, sql: "SELECT 1 FROM chat_session WHERE id = ?", arguments: [session.id.uuidString]) == nil
            else { throw ChatSessionError.sessionExists(session.id) }
            try db.execute(
                sql: "INSERT INTO chat_session (id, caller, created_at, updated_at) VALUES (?, ?, ?, ?)",
                arguments: [session.id.uuidString, caller, session.createdAt, session.updatedAt])
        }
    }

    /// See ``ChatStore``.
    public func chatSession(_ id: UUID) async throws -> ChatSessionRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM chat_session WHERE id = ?", arguments: [id.uuidString])
                .map(Self.session)
        }
    }

    /// See ``ChatStore``.
    public func chatSessions(caller: Caller?, limit: Int) async throws -> [ChatSessionRecord] {
        let encoded = caller?.description
        return try await pool.read { db in
            let rows: [Row]
            if let encoded {
                rows = try Row.fetchAll(
                    db, sql: "SELECT * FROM chat_session WHERE caller = ? ORDER BY updated_at DESC, id DESC LIMIT ?",
                    arguments: [encoded, max(0, limit)])
            } else {
                rows = try Row.fetchAll(
                    db, sql: "SELECT * FROM chat_session ORDER BY updated_at DESC, id DESC LIMIT ?",
                    arguments: [max(0, limit)])
            }
            return rows.map(Self.session)
        }
    }

    /// See ``ChatStore``: one transaction; a position already taken fails it as a whole.
    public func appendChatMessages(_ messages: [StoredChatMessage], to session: UUID, at date: Date) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let rows = try messages.map { message in
            (message, String(decoding: try encoder.encode(message.content), as: UTF8.self))
        }
        try await pool.write { db in
            guard
                try Bool.fetchOne(
                    db, sql: "SELECT 1 FROM chat_session WHERE id = ?", arguments: [session.uuidString]) != nil
            else { throw ChatSessionError.unknownSession(session) }
            for (message, content) in rows {
                if try Bool.fetchOne(
                    db, sql: "SELECT 1 FROM chat_message WHERE session_id = ? AND sequence = ?",
                    arguments: [session.uuidString, message.sequence]) != nil
                {
                    throw ChatSessionError.sequenceConflict(session, sequence: message.sequence)
                }
                try db.execute(
                    sql: """
                        INSERT INTO chat_message (session_id, sequence, role, content, created_at)
                        VALUES (?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        session.uuidString, message.sequence, message.role.rawValue, content, message.createdAt,
                    ])
            }
            try db.execute(
                sql: "UPDATE chat_session SET updated_at = MAX(updated_at, ?) WHERE id = ?",
                arguments: [date, session.uuidString])
        }
    }

    /// See ``ChatStore``.
    public func chatMessages(_ session: UUID) async throws -> [StoredChatMessage] {
        try await pool.read { db in
            let decoder = JSONDecoder()
            return try Row.fetchAll(
                db, sql: "SELECT * FROM chat_message WHERE session_id = ? ORDER BY sequence",
                arguments: [session.uuidString]
            ).map { row in
                let role: String = row["role"]
                let content: String = row["content"]
                return StoredChatMessage(
                    sequence: row["sequence"], role: StoredChatMessage.Role(rawValue: role) ?? .assistant,
                    content: try decoder.decode(StoredChatMessage.Content.self, from: Data(content.utf8)),
                    createdAt: row["created_at"])
            }
        }
    }

    /// A session row; the caller column holds `kind:name`.
    private static func session(_ row: Row) -> ChatSessionRecord {
        let id: String = row["id"]
        let caller: String = row["caller"]
        let parts = caller.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let kind = Caller.Kind(rawValue: String(parts[0])) ?? .human
        return ChatSessionRecord(
            id: UUID(uuidString: id) ?? UUID(), caller: Caller(kind, parts.count > 1 ? String(parts[1]) : ""),
            createdAt: row["created_at"], updatedAt: row["updated_at"])
    }
}
