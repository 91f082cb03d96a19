import Foundation
import GRDB

extension SQLiteAuditStore: AgentSettingsStore {
    /// See ``AgentSettingsStore``: one row in `agent_settings`, which retention pruning never touches.
    public func loadAgentSettings() async throws -> AgentSettings? {
        let body = try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT body FROM agent_settings WHERE id = 1")
        }
        return try body.map { try JSONDecoder().decode(AgentSettings.self, from: Data($0.utf8)) }
    }

    /// See ``AgentSettingsStore``.
    public func saveAgentSettings(_ settings: AgentSettings) async throws {
        let body = String(decoding: try JSONEncoder().encode(settings), as: UTF8.self)
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO agent_settings (id, body) VALUES (1, ?)
                    ON CONFLICT(id) DO UPDATE SET body = excluded.body
                    """,
                arguments: [body])
        }
    }
}
