import Foundation
import GRDB
import OkikKubeClient

extension AuditEntry: FetchableRecord, MutablePersistableRecord {
    /// The table.
    public static var databaseTableName: String { "audit_entry" }

    /// The redaction set of rows written before `v4_add_redaction_counts`: the default the shipped
    /// `v3_add_redaction_set` migration gives the `redaction` column. Never change it; new rows record
    /// ``Redactor/setName``.
    static let redactionSet = "secret-scrubber-v1"

    /// Writes the columns; an entry not yet redacted is redacted first, so no path stores a secret.
    public func encode(to container: inout PersistenceContainer) throws {
        let entry = redactionSet == nil ? redacted() : self
        try entry.encodeRedacted(to: &container)
    }

    private func encodeRedacted(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["timestamp"] = timestamp
        container["kind"] = kind.rawValue
        container["actor"] = actor
        container["call_id"] = callID?.uuidString
        container["plan_id"] = planID?.uuidString
        container["tool"] = tool
        container["package"] = package?.rawValue
        container["namespace"] = namespace
        container["targets"] = targets
        container["arguments"] = arguments?.jsonString()
        container["decision"] = decision?.rawValue
        container["reason"] = reason
        container["outcome"] = outcome?.rawValue
        container["summary"] = summary
        container["result"] = result?.jsonString()
        container["duration_ms"] = durationMs
        container["dry_run"] = dryRun
        container["redaction"] = redactionSet ?? Redactor.setName
        container["redaction_count"] = redactions?.total ?? 0
        container["redaction_kinds"] = redactions.flatMap { $0.isEmpty ? nil : $0.json.jsonString() }
    }

    /// Reads a row.
    public init(row: Row) throws {
        func json(_ column: String) -> JSONValue? {
            guard let text: String = row[column] else { return nil }
            return try? JSONValue.parse(Data(text.utf8))
        }
        func uuid(_ column: String) -> UUID? {
            guard let text: String = row[column] else { return nil }
            return UUID(uuidString: text)
        }
        let kindText: String = row["kind"]
        let packageText: String? = row["package"]
        let decisionText: String? = row["decision"]
        let outcomeText: String? = row["outcome"]
        self.init(
            id: row["id"], timestamp: row["timestamp"], kind: Kind(rawValue: kindText) ?? .decision, actor: row["actor"],
            callID: uuid("call_id"), planID: uuid("plan_id"), tool: row["tool"],
            package: packageText.flatMap(ToolPackage.init(rawValue:)), namespace: row["namespace"],
            targets: row["targets"], arguments: json("arguments"),
            decision: decisionText.flatMap(GateDecision.Kind.init(rawValue:)), reason: row["reason"],
            outcome: outcomeText.flatMap(Outcome.init(rawValue:)), summary: row["summary"], result: json("result"),
            durationMs: row["duration_ms"], dryRun: row["dry_run"])
        redactionSet = row["redaction"]
        redactions = json("redaction_kinds").map(RedactionReport.init(json:)) ?? RedactionReport()
    }

    /// Keeps the id SQLite assigned.
    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
