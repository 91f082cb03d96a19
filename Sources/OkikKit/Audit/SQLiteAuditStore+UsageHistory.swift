import Foundation
import GRDB

extension SQLiteAuditStore: UsageHistoryStore {
    /// See ``UsageHistoryStore``: one transaction reads the affected histories, folds the samples in and writes them.
    public func recordUsage(_ samples: [UsageSample]) async throws {
        guard !samples.isEmpty else { return }
        let keys = Set(samples.map(\.key))
        try await pool.write { db in
            var histories = try Self.fetchHistories(db, keys: keys)
            ContainerUsageHistory.fold(samples, into: &histories)
            let encoder = JSONEncoder()
            for key in keys.sorted() {
                guard let history = histories[key] else { continue }
                let body = String(decoding: try encoder.encode(history), as: UTF8.self)
                try db.execute(
                    sql: """
                        INSERT INTO usage_history (namespace, kind, name, container, last_sample_at, body)
                        VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT(namespace, kind, name, container) DO UPDATE SET
                            last_sample_at = excluded.last_sample_at, body = excluded.body
                        """,
                    arguments: [
                        key.workload.namespace ?? "", key.workload.kind, key.workload.name, key.container,
                        history.lastSampleAt, body,
                    ])
            }
        }
    }

    /// See ``UsageHistoryStore``.
    public func usageHistory(for keys: Set<ContainerKey>?) async throws -> [ContainerKey: ContainerUsageHistory] {
        try await pool.read { db in try Self.fetchHistories(db, keys: keys) }
    }

    private static func fetchHistories(_ db: Database, keys: Set<ContainerKey>?) throws -> [ContainerKey: ContainerUsageHistory] {
        let decoder = JSONDecoder()
        var result: [ContainerKey: ContainerUsageHistory] = [:]
        if let keys, keys.count <= 256 {
            for key in keys {
                let body = try String.fetchOne(
                    db,
                    sql: "SELECT body FROM usage_history WHERE namespace = ? AND kind = ? AND name = ? AND container = ?",
                    arguments: [key.workload.namespace ?? "", key.workload.kind, key.workload.name, key.container])
                if let body { result[key] = try decoder.decode(ContainerUsageHistory.self, from: Data(body.utf8)) }
            }
            return result
        }
        let rows = try Row.fetchAll(db, sql: "SELECT namespace, kind, name, container, body FROM usage_history")
        for row in rows {
            let namespace: String = row["namespace"]
            let key = ContainerKey(
                workload: ResourceRef(kind: row["kind"], namespace: namespace.isEmpty ? nil : namespace, name: row["name"]),
                container: row["container"])
            if let keys, !keys.contains(key) { continue }
            let body: String = row["body"]
            result[key] = try decoder.decode(ContainerUsageHistory.self, from: Data(body.utf8))
        }
        return result
    }
}
