import Foundation
import GRDB

extension SQLiteAuditStore: ControlStateStore {
    /// See ``ControlStateStore``.
    public func loadControlState() async throws -> ControlState? {
        let body = try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT body FROM control_state WHERE id = 1")
        }
        return try body.map { try JSONDecoder().decode(ControlState.self, from: Data($0.utf8)) }
    }

    /// See ``ControlStateStore``: one write transaction compares the stored version and writes the next.
    public func saveControlState(_ state: ControlState) async throws -> Bool {
        let body = String(decoding: try JSONEncoder().encode(state), as: UTF8.self)
        return try await pool.write { db in
            let stored = try Int64.fetchOne(db, sql: "SELECT version FROM control_state WHERE id = 1")
            guard (stored ?? 0) == state.version - 1 else { return false }
            try db.execute(
                sql: """
                    INSERT INTO control_state (id, version, body) VALUES (1, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET version = excluded.version, body = excluded.body
                    """,
                arguments: [state.version, body])
            return true
        }
    }
}
