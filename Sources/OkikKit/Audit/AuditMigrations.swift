import GRDB

/// The audit schema, evolved only by adding named migrations; a shipped migration is never edited.
enum AuditMigrations {
    /// Every migration, in order.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1_create_audit_entry") { db in
            try db.create(table: "audit_entry") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("timestamp", .datetime).notNull()
                table.column("kind", .text).notNull()
                table.column("actor", .text).notNull()
                table.column("call_id", .text)
                table.column("plan_id", .text)
                table.column("tool", .text)
                table.column("package", .text)
                table.column("namespace", .text)
                table.column("targets", .text)
                table.column("arguments", .text)
                table.column("decision", .text)
                table.column("reason", .text)
                table.column("outcome", .text)
                table.column("summary", .text)
                table.column("result", .text)
                table.column("duration_ms", .integer)
                table.column("dry_run", .boolean).notNull().defaults(to: false)
            }
            try db.create(index: "audit_entry_on_timestamp", on: "audit_entry", columns: ["timestamp"])
            try db.create(index: "audit_entry_on_call_id", on: "audit_entry", columns: ["call_id"])
            try db.create(index: "audit_entry_on_plan_id", on: "audit_entry", columns: ["plan_id"])
            try db.create(index: "audit_entry_on_kind_tool", on: "audit_entry", columns: ["kind", "tool"])
        }
        migrator.registerMigration("v2_create_action_plan") { db in
            try db.create(table: "action_plan") { table in
                table.primaryKey("id", .text)
                table.column("state", .text).notNull()
                table.column("requester", .text).notNull()
                table.column("risk", .text).notNull()
                table.column("created_at", .datetime).notNull()
                table.column("expires_at", .datetime).notNull()
                table.column("finished_at", .datetime)
                table.column("body", .text).notNull()
            }
            try db.create(index: "action_plan_on_state", on: "action_plan", columns: ["state", "created_at"])
        }
        migrator.registerMigration("v3_add_redaction_set") { db in
            try db.alter(table: "audit_entry") { table in
                table.add(column: "redaction", .text).notNull().defaults(to: AuditEntry.redactionSet)
            }
        }
        migrator.registerMigration("v4_add_redaction_counts") { db in
            try db.alter(table: "audit_entry") { table in
                table.add(column: "redaction_count", .integer).notNull().defaults(to: 0)
                table.add(column: "redaction_kinds", .text)
            }
        }
        migrator.registerMigration("v5_create_usage_history") { db in
            try db.create(table: "usage_history") { table in
                table.column("namespace", .text).notNull()
                table.column("kind", .text).notNull()
                table.column("name", .text).notNull()
                table.column("container", .text).notNull()
                table.column("last_sample_at", .datetime).notNull()
                table.column("body", .text).notNull()
                table.primaryKey(["namespace", "kind", "name", "container"])
            }
        }
        migrator.registerMigration("v6_create_control_state") { db in
            try db.create(table: "control_state") { table in
                table.primaryKey("id", .integer).check { $0 == 1 }
                table.column("version", .integer).notNull()
                table.column("body", .text).notNull()
            }
        }
        migrator.registerMigration("v7_create_watchdog_incident") { db in
            try db.create(table: "watchdog_incident") { table in
                table.primaryKey("key", .text)
                table.column("handled", .boolean).notNull()
                table.column("attempts", .integer).notNull()
                table.column("next_attempt", .datetime)
                table.column("last_outcome", .text)
                table.column("pod_key", .text).notNull()
                table.column("workload_kind", .text).notNull()
                table.column("workload_namespace", .text)
                table.column("workload_name", .text).notNull()
                table.column("revision", .text).notNull()
                table.column("first_seen", .datetime).notNull()
                table.column("last_seen", .datetime).notNull()
            }
        }
        migrator.registerMigration("v8_add_plan_fingerprint") { db in
            try db.alter(table: "action_plan") { table in
                table.add(column: "fingerprint", .text)
            }
            try db.create(index: "action_plan_on_fingerprint", on: "action_plan", columns: ["state", "fingerprint"])
        }
        migrator.registerMigration("v9_create_chat") { db in
            try db.create(table: "chat_session") { table in
                table.primaryKey("id", .text)
                table.column("caller", .text).notNull()
                table.column("created_at", .datetime).notNull()
                table.column("updated_at", .datetime).notNull()
            }
            try db.create(index: "chat_session_on_caller", on: "chat_session", columns: ["caller", "updated_at"])
            try db.create(table: "chat_message") { table in
                table.column("session_id", .text).notNull().references("chat_session", onDelete: .cascade)
                table.column("sequence", .integer).notNull()
                table.column("role", .text).notNull()
                table.column("content", .text).notNull()
                table.column("created_at", .datetime).notNull()
                table.primaryKey(["session_id", "sequence"])
            }
        }
        migrator.registerMigration("v10_create_agent_settings") { db in
            try db.create(table: "agent_settings") { table in
                table.primaryKey("id", .integer).check { $0 == 1 }
                table.column("body", .text).notNull()
            }
        }
        migrator.registerMigration("v11_create_token_spend") { db in
            try db.create(table: "token_spend") { table in
                table.column("at", .datetime).notNull()
                table.column("tokens", .integer).notNull()
            }
            try db.create(index: "token_spend_on_at", on: "token_spend", columns: ["at"])
        }
        return migrator
    }
}
