import Foundation
import GRDB

extension SQLiteAuditStore: IncidentStore {
    /// See ``IncidentStore``: the rows of `watchdog_incident` (migration `v7_create_watchdog_incident`), by key.
    public func watchdogIncidents() async throws -> [WatchdogIncident] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM watchdog_incident ORDER BY key").map { row in
                let namespace: String? = row["workload_namespace"]
                return WatchdogIncident(
                    key: row["key"], handled: row["handled"], attempts: row["attempts"],
                    nextAttempt: row["next_attempt"], lastOutcome: row["last_outcome"], podKey: row["pod_key"],
                    workload: ResourceRef(kind: row["workload_kind"], namespace: namespace, name: row["workload_name"]),
                    revision: row["revision"], firstSeen: row["first_seen"], lastSeen: row["last_seen"])
            }
        }
    }

    /// See ``IncidentStore``: one transaction.
    public func saveWatchdogIncidents(_ incidents: [WatchdogIncident]) async throws {
        guard !incidents.isEmpty else { return }
        try await pool.write { db in
            for incident in incidents {
                try db.execute(
                    sql: """
                        INSERT INTO watchdog_incident (key, handled, attempts, next_attempt, last_outcome, pod_key,
                            workload_kind, workload_namespace, workload_name, revision, first_seen, last_seen)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT(key) DO UPDATE SET
                            handled = excluded.handled, attempts = excluded.attempts,
                            next_attempt = excluded.next_attempt, last_outcome = excluded.last_outcome,
                            pod_key = excluded.pod_key, workload_kind = excluded.workload_kind,
                            workload_namespace = excluded.workload_namespace, workload_name = excluded.workload_name,
                            revision = excluded.revision, first_seen = excluded.first_seen,
                            last_seen = excluded.last_seen
                        """,
                    arguments: [
                        incident.key, incident.handled, incident.attempts, incident.nextAttempt, incident.lastOutcome,
                        incident.podKey, incident.workload.kind, incident.workload.namespace, incident.workload.name,
                        incident.revision, incident.firstSeen, incident.lastSeen,
                    ])
            }
        }
    }

    /// See ``IncidentStore``: one transaction.
    public func removeWatchdogIncidents(_ keys: [String]) async throws {
        guard !keys.isEmpty else { return }
        try await pool.write { db in
            for key in keys {
                try db.execute(sql: "DELETE FROM watchdog_incident WHERE key = ?", arguments: [key])
            }
        }
    }
}
