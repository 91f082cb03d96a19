import Foundation
import GRDB

extension SQLiteAuditStore: TokenSpendStore {
    /// See ``TokenSpendStore``: one row per model call in `token_spend`, kept two days.
    public func recordTokenSpend(_ spend: TokenSpend) async throws {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO token_spend (at, tokens) VALUES (?, ?)", arguments: [spend.at, spend.tokens])
            try db.execute(sql: "DELETE FROM token_spend WHERE at < ?", arguments: [spend.at.addingTimeInterval(-2 * 86_400)])
        }
    }

    /// See ``TokenSpendStore``.
    public func tokenSpends(since date: Date) async throws -> [TokenSpend] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT at, tokens FROM token_spend WHERE at >= ? ORDER BY at", arguments: [date])
                .map { row in TokenSpend(at: row["at"], tokens: row["tokens"]) }
        }
    }
}
