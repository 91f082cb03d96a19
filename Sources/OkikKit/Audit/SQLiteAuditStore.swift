import Foundation
import GRDB
import Logging
import OkikKubeClient
import Synchronization

/// The audit store on SQLite (GRDB), in WAL mode, with named migrations; intent rows are committed before a write
/// runs, so a crash leaves "started, outcome unknown" rather than nothing.
///
/// ```swift
/// let store = try SQLiteAuditStore(path: "/var/lib/okik/audit.sqlite")
/// ```
public final class SQLiteAuditStore: AuditStore {
    let pool: DatabasePool
    private let logger: Logger
    /// The ids of plan rows whose body does not decode, each logged once.
    private let undecodablePlans = Mutex<Set<String>>([])

    /// Opens (creating if needed) the database at `path` and migrates it.
    /// - Parameter logger: Where rows that cannot be read are reported.
    /// - Throws: a GRDB `DatabaseError` when the file cannot be opened or migrated.
    public init(path: String, logger: Logger = Logger(label: "okik.audit")) throws {
        self.logger = logger
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        try AuditMigrations.migrator.migrate(pool)
    }

    /// The journal mode in force (`wal`).
    public func journalMode() async throws -> String {
        try await pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// The names of the applied migrations, in order.
    public func appliedMigrations() async throws -> [String] {
        try await pool.read { db in try AuditMigrations.migrator.appliedMigrations(db) }
    }

    @discardableResult
    /// See ``AuditStore``.
    public func append(_ entry: AuditEntry) async throws -> AuditEntry {
        var stored = entry.redacted()
        stored.id = nil
        return try await pool.write { [stored] db in
            var row = stored
            try row.insert(db)
            return row
        }
    }

    /// See ``AuditStore``.
    public func entries(_ query: AuditQuery) async throws -> [AuditEntry] {
        var clauses: [String] = []
        var values: [(any DatabaseValueConvertible)?] = []
        if let kinds = query.kinds {
            clauses.append("kind IN (\(kinds.map { _ in "?" }.joined(separator: ",")))")
            for kind in kinds.sorted(by: { $0.rawValue < $1.rawValue }) { values.append(kind.rawValue) }
        }
        if let actor = query.actor { clauses.append("actor = ?"); values.append(actor) }
        if let tool = query.tool { clauses.append("tool = ?"); values.append(tool) }
        if let callID = query.callID { clauses.append("call_id = ?"); values.append(callID.uuidString) }
        if let planID = query.planID { clauses.append("plan_id = ?"); values.append(planID.uuidString) }
        if let since = query.since { clauses.append("timestamp >= ?"); values.append(since) }
        if let until = query.until { clauses.append("timestamp < ?"); values.append(until) }
        if let afterID = query.afterID { clauses.append("id > ?"); values.append(afterID) }
        let direction = query.newestFirst ? "DESC" : "ASC"
        let order = query.afterID == nil ? "timestamp \(direction), id \(direction)" : "id \(direction)"
        let sql = "SELECT * FROM audit_entry" + (clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND "))
            + " ORDER BY \(order) LIMIT ? OFFSET ?"
        values += [query.limit, query.offset]
        let arguments = StatementArguments(values)
        return try await pool.read { [arguments] db in try AuditEntry.fetchAll(db, sql: sql, arguments: arguments) }
    }

    /// See ``AuditStore``: one write transaction looks for a pending plan with the same fingerprint and inserts only
    /// when there is none.
    public func insertPlan(_ plan: ActionPlan, now: Date) async throws -> PlanInsertion {
        let fingerprint = plan.fingerprint
        let body = String(decoding: try JSONEncoder().encode(plan.redacted()), as: UTF8.self)
        let existing: String? = try await pool.write { db in
            if let body = try String.fetchOne(
                db,
                sql: """
                    SELECT body FROM action_plan WHERE state = 'pending' AND fingerprint = ? AND expires_at > ?
                    ORDER BY created_at, id LIMIT 1
                    """,
                arguments: [fingerprint, now])
            {
                return body
            }
            try db.execute(
                sql: """
                    INSERT INTO action_plan (id, state, requester, risk, created_at, expires_at, finished_at, body, fingerprint)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    plan.id.uuidString, plan.state.rawValue, plan.requester, plan.risk.rawValue, plan.createdAt,
                    plan.expiresAt, plan.finishedAt, body, fingerprint,
                ])
            return nil
        }
        guard let existing else { return PlanInsertion(plan: plan, inserted: true) }
        return PlanInsertion(plan: try JSONDecoder().decode(ActionPlan.self, from: Data(existing.utf8)), inserted: false)
    }

    /// See ``AuditStore``: an `UPDATE ... WHERE state = expected`, which SQLite runs atomically.
    public func updatePlan(_ plan: ActionPlan, from expected: ActionPlan.State) async throws -> Bool {
        let body = String(decoding: try JSONEncoder().encode(plan.redacted()), as: UTF8.self)
        return try await pool.write { db in
            try db.execute(
                sql: "UPDATE action_plan SET state = ?, finished_at = ?, body = ? WHERE id = ? AND state = ?",
                arguments: [plan.state.rawValue, plan.finishedAt, body, plan.id.uuidString, expected.rawValue])
            return db.changesCount == 1
        }
    }

    /// See ``AuditStore``.
    public func plan(id: UUID) async throws -> ActionPlan? {
        let body = try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT body FROM action_plan WHERE id = ?", arguments: [id.uuidString])
        }
        return try body.map { try JSONDecoder().decode(ActionPlan.self, from: Data($0.utf8)) }
    }

    /// See ``AuditStore``.
    public func plans(_ query: PlanQuery) async throws -> [ActionPlan] {
        var clauses: [String] = []
        var values: [(any DatabaseValueConvertible)?] = []
        if let states = query.states {
            clauses.append("state IN (\(states.map { _ in "?" }.joined(separator: ",")))")
            for state in states.sorted(by: { $0.rawValue < $1.rawValue }) { values.append(state.rawValue) }
        }
        if let requester = query.requester { clauses.append("requester = ?"); values.append(requester) }
        let sql = "SELECT id, body FROM action_plan" + (clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND "))
            + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?"
        values += [query.limit, query.offset]
        let arguments = StatementArguments(values)
        // Rows are not Sendable: read them as (id, body) pairs, so the asynchronous read is the one chosen.
        let rows = try await pool.read { [arguments] db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row -> (id: String, body: String) in (row["id"], row["body"]) }
        }
        return rows.compactMap { id, body in
            do {
                return try JSONDecoder().decode(ActionPlan.self, from: Data(body.utf8))
            } catch {
                skipUndecodablePlan(id, error)
                return nil
            }
        }
    }

    /// How many plan rows could not be decoded (so far): they are left out of every list of plans, so the start, the
    /// sweeps and new plans go on with the others; each is logged once, as an error naming its id.
    public var undecodablePlanCount: Int { undecodablePlans.withLock { $0.count } }

    private func skipUndecodablePlan(_ id: String, _ error: any Error) {
        let first = undecodablePlans.withLock { $0.insert(id).inserted }
        guard first else { return }
        logger.error(
            "a stored plan cannot be decoded; it is left out of every list of plans",
            metadata: ["okik.plan": "\(id)", "okik.error": "\(error)"])
    }

    /// See ``AuditStore``.
    public func actions(_ query: ActionQuery) async throws -> [ActionRecord] {
        var clauses = [query.writesOnly ? "i.kind = 'intent'" : "(i.kind = 'intent' OR (i.kind = 'outcome' AND i.package = 'observe'))"]
        var values: [(any DatabaseValueConvertible)?] = []
        if let tool = query.tool { clauses.append("i.tool = ?"); values.append(tool) }
        if let namespace = query.namespace { clauses.append("i.namespace = ?"); values.append(namespace) }
        if let since = query.since { clauses.append("i.timestamp >= ?"); values.append(since) }
        switch query.status {
        case .unknown: clauses.append("o.id IS NULL")
        case .succeeded: clauses.append("o.outcome = 'succeeded'")
        case .failed: clauses.append("o.outcome = 'failed'")
        case nil: break
        }
        let sql = """
            SELECT i.* FROM audit_entry i
            LEFT JOIN audit_entry o ON o.call_id = i.call_id AND o.kind = 'outcome'
            WHERE \(clauses.joined(separator: " AND "))
            ORDER BY i.timestamp DESC, i.id DESC LIMIT ? OFFSET ?
            """
        values += [query.limit, query.offset]
        let arguments = StatementArguments(values)
        return try await pool.read { [arguments] db in
            let starts = try AuditEntry.fetchAll(db, sql: sql, arguments: arguments)
            let ids = starts.compactMap { $0.callID?.uuidString }
            var outcomes: [String: AuditEntry] = [:]
            if !ids.isEmpty {
                let placeholders = ids.map { _ in "?" }.joined(separator: ",")
                for entry in try AuditEntry.fetchAll(
                    db, sql: "SELECT * FROM audit_entry WHERE kind = 'outcome' AND call_id IN (\(placeholders))",
                    arguments: StatementArguments(ids))
                {
                    if let id = entry.callID?.uuidString { outcomes[id] = entry }
                }
            }
            return starts.map { start in
                ActionRecord(intent: start, outcome: start.callID.flatMap { outcomes[$0.uuidString] })
            }
        }
    }

    /// See ``AuditStore``.
    public func toolUsage(since: Date?) async throws -> [ToolUsageStats] {
        let sql = """
            SELECT tool,
                SUM(kind = 'decision') AS calls,
                SUM(kind = 'decision' AND decision = 'execute') AS executed,
                SUM(kind = 'decision' AND decision = 'requireApproval') AS queued,
                SUM(kind = 'decision' AND decision = 'deny') AS denied,
                SUM(kind = 'outcome' AND outcome = 'succeeded') AS succeeded,
                SUM(kind = 'outcome' AND outcome = 'failed') AS failed,
                AVG(CASE WHEN kind = 'outcome' THEN duration_ms END) AS average
            FROM audit_entry WHERE tool IS NOT NULL \(since == nil ? "" : "AND timestamp >= ?")
            GROUP BY tool ORDER BY tool
            """
        let arguments: StatementArguments = since.map { [$0] } ?? []
        return try await pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                ToolUsageStats(
                    tool: row["tool"], calls: row["calls"], executed: row["executed"], queued: row["queued"],
                    denied: row["denied"], succeeded: row["succeeded"], failed: row["failed"],
                    averageDurationMs: row["average"])
            }
        }
    }

    /// See ``AuditStore``.
    public func stats(since: Date?) async throws -> AuditStats {
        let filter = since == nil ? "" : "AND timestamp >= ?"
        let arguments: StatementArguments = since.map { [$0] } ?? []
        return try await pool.read { db in
            var stats = AuditStats()
            if let row = try Row.fetchOne(
                db, sql: "SELECT COUNT(*) AS n, MIN(timestamp) AS first, MAX(timestamp) AS last FROM audit_entry WHERE 1 \(filter)",
                arguments: arguments)
            {
                stats.entries = row["n"]
                stats.firstEntry = row["first"]
                stats.lastEntry = row["last"]
            }
            for row in try Row.fetchAll(
                db, sql: "SELECT decision, COUNT(*) AS n FROM audit_entry WHERE kind = 'decision' \(filter) GROUP BY decision",
                arguments: arguments)
            {
                if let text: String = row["decision"], let kind = GateDecision.Kind(rawValue: text) { stats.decisions[kind] = row["n"] }
            }
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT COALESCE(o.outcome, 'unknown') AS status, COUNT(*) AS n FROM audit_entry i
                    LEFT JOIN audit_entry o ON o.call_id = i.call_id AND o.kind = 'outcome'
                    WHERE i.kind = 'intent' \(since == nil ? "" : "AND i.timestamp >= ?") GROUP BY status
                    """,
                arguments: arguments)
            {
                if let text: String = row["status"], let status = ActionRecord.Status(rawValue: text) { stats.actions[status] = row["n"] }
            }
            for row in try Row.fetchAll(
                db, sql: "SELECT state, COUNT(*) AS n FROM action_plan WHERE 1 \(since == nil ? "" : "AND created_at >= ?") GROUP BY state",
                arguments: arguments)
            {
                if let text: String = row["state"], let state = ActionPlan.State(rawValue: text) { stats.plans[state] = row["n"] }
            }
            return stats
        }
    }

    /// See ``AuditStore``.
    public func prune(before date: Date) async throws -> PruneResult {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM audit_entry WHERE timestamp < ?", arguments: [date])
            let entries = db.changesCount
            try db.execute(
                sql: """
                    DELETE FROM action_plan WHERE state IN ('rejected', 'expired', 'executed', 'failed')
                    AND COALESCE(finished_at, created_at) < ?
                    """,
                arguments: [date])
            return PruneResult(entries: entries, plans: db.changesCount)
        }
    }
}
