import Foundation
import GRDB
import OkikKit
import OkikKubeClient
import OkikSimulator
import OkikTesting
import Testing

@Suite("Audit store")
struct AuditStoreTests {
    static let l4 = GatekeeperConfiguration(level: .l4, rateLimits: .unlimited)

    @Test("SQLite: WAL mode and named migrations")
    func sqliteSetup() async throws {
        let directory = try TemporaryPath()
        let store = try SQLiteAuditStore(path: directory.path)
        #expect(try await store.journalMode() == "wal")
        #expect(try await store.appliedMigrations() == [
            "v1_create_audit_entry", "v2_create_action_plan", "v3_add_redaction_set", "v4_add_redaction_counts",
            "v5_create_usage_history", "v6_create_control_state", "v7_create_watchdog_incident", "v8_add_plan_fingerprint",
            "v9_create_chat", "v10_create_agent_settings", "v11_create_token_spend",
        ])
        _ = try SQLiteAuditStore(path: directory.path)
    }

    @Test("afterID tails the trail in append order, whatever the timestamps; new kinds round-trip", arguments: ["memory", "sqlite"])
    func tailing(kind: String) async throws {
        let directory = try TemporaryPath()
        let store: any AuditStore = kind == "sqlite" ? try SQLiteAuditStore(path: directory.path) : InMemoryAuditStore()
        let now = Date()
        var ids: [Int64] = []
        for (offset, entryKind) in [(0.0, AuditEntry.Kind.budgetExhausted), (-60, .notificationDelivered), (10, .notificationFailed)] {
            let stored = try await store.append(
                AuditEntry(timestamp: now.addingTimeInterval(offset), kind: entryKind, actor: "system:test"))
            ids.append(try #require(stored.id))
        }
        let all = try await store.entries(AuditQuery(afterID: 0, newestFirst: false))
        #expect(all.map(\.kind) == [.budgetExhausted, .notificationDelivered, .notificationFailed])
        #expect(try await store.entries(AuditQuery(afterID: ids[0], newestFirst: false)).map(\.id) == [ids[1], ids[2]])
        #expect(try await store.entries(AuditQuery(afterID: 0, limit: 1, newestFirst: true)).first?.id == ids[2])
        #expect(try await store.entries(AuditQuery(afterID: ids[2])).isEmpty)
    }

    @Test("rows are complete after each path", arguments: ["memory", "sqlite"])
    func everyPath(kind: String) async throws {
        let directory = try TemporaryPath()
        let store: any AuditStore = kind == "sqlite" ? try SQLiteAuditStore(path: directory.path) : InMemoryAuditStore()
        try await withHarness(Self.l4, store: store) { harness in
            let executor = harness.executor
            // 1. an executed write
            let scaled = try await executor.execute(
                ToolInvocation(tool: "scale_deployment", arguments: ["namespace": "shop", "name": "api", "replicas": 3]), caller: agent)
            var rows = try await store.entries(AuditQuery(callID: scaled.callID, newestFirst: false))
            #expect(rows.map(\.kind) == [.decision, .intent, .outcome])
            #expect(rows.allSatisfy { $0.actor == "agent:test-agent" && $0.tool == "scale_deployment" && $0.package == .remediate })
            #expect(rows[0].decision == .execute)
            #expect(rows[1].arguments?["replicas"]?.intValue == 3)
            #expect(rows[2].outcome == .succeeded)
            #expect(rows[2].durationMs != nil)
            #expect(rows[2].summary?.contains("from 2 to 3") == true)
            #expect(rows[2].namespace == "shop")
            #expect(rows[1].id.map { id in rows[2].id.map { id < $0 } ?? false } == true, "intent is stored before outcome")

            // 2. a write that fails in the API (500 on the scale subresource)
            harness.simulator.faults = FaultConfiguration(internalErrorRate: 1, pathFilter: "/deployments/api/scale")
            let failed = try await executor.execute(
                ToolInvocation(tool: "scale_deployment", arguments: ["namespace": "shop", "name": "api", "replicas": 5]), caller: agent)
            harness.simulator.faults = .none
            #expect(try failure(failed).code == "ServerError")
            rows = try await store.entries(AuditQuery(callID: failed.callID, newestFirst: false))
            #expect(rows.map(\.kind) == [.decision, .intent, .outcome])
            #expect(rows[2].outcome == .failed)
            #expect(rows[2].reason?.isEmpty == false)
            let failedAction = try await store.action(callID: failed.callID)
            #expect(failedAction?.status == .failed)
            #expect(failedAction?.error?.isEmpty == false)

            // 3. a read: decision + outcome
            let read = try await executor.execute(ToolInvocation(tool: "get_nodes", arguments: [:]), caller: agent)
            rows = try await store.entries(AuditQuery(callID: read.callID, newestFirst: false))
            #expect(rows.map(\.kind) == [.decision, .outcome])

            // 4. a denial and 5. an invalid call: one decision row each
            let denied = try await executor.execute(ToolInvocation(tool: "delete_namespace", arguments: ["name": "kube-system"]), caller: agent)
            rows = try await store.entries(AuditQuery(callID: denied.callID))
            #expect(rows.map(\.kind) == [.decision])
            #expect(rows.first?.decision == .deny)
            #expect(rows.first?.reason?.contains("protected") == true)
            let invalid = try await executor.execute(ToolInvocation(tool: "scale_deployment", arguments: ["replicas": 1]), caller: agent)
            rows = try await store.entries(AuditQuery(callID: invalid.callID))
            #expect(rows.map(\.kind) == [.decision])
            #expect(rows.first?.reason?.contains("missing required field") == true)

            // 6. a queued call, approved and executed
            try await executor.controls.setLevel(.l2, by: operatorHuman)
            let queued = try await executor.execute(
                ToolInvocation(tool: "rollout_restart", arguments: ["namespace": "shop", "name": "api"]), caller: agent)
            guard case .queued(let plan) = queued.outcome else { throw TestFailure("not queued") }
            _ = try await executor.approvals.approve(plan.id, by: operatorHuman)
            let detail = try #require(try await store.planDetail(id: plan.id))
            #expect(detail.plan.state == .executed)
            #expect(detail.history.map(\.kind) == [.planCreated, .planApproved, .decision, .intent, .outcome, .planExecuted])
            #expect(detail.history.first?.actor == "agent:test-agent")
            #expect(detail.history[1].actor == "human:alice")

            // Queries that back the API.
            let plans = try await store.plans(PlanQuery(states: [.executed]))
            #expect(plans.map(\.id) == [plan.id])
            let actions = try await store.actions(ActionQuery())
            #expect(actions.count == 3)
            #expect(actions.first?.tool == "rollout_restart")
            #expect(try await store.actions(ActionQuery(status: .failed)).count == 1)
            #expect(try await store.actions(ActionQuery(tool: "scale_deployment")).count == 2)
            #expect(try await store.actions(ActionQuery(writesOnly: false)).count == 4)
            let usage = try await store.toolUsage(since: nil)
            let scale = try #require(usage.first { $0.tool == "scale_deployment" })
            #expect(scale.calls == 3)
            #expect(scale.executed == 2)
            #expect(scale.denied == 1)
            #expect(scale.succeeded == 1)
            #expect(scale.failed == 1)
            #expect(scale.averageDurationMs != nil)
            let stats = try await store.stats(since: nil)
            #expect(stats.decisions[.deny] == 2)
            #expect(stats.decisions[.requireApproval] == 1)
            #expect(stats.actions[.succeeded] == 2)
            #expect(stats.actions[.failed] == 1)
            #expect(stats.plans[.executed] == 1)
            #expect(stats.entries > 10)
        }
    }

    @Test("a crash between intent and outcome leaves 'started, outcome unknown'", arguments: ["memory", "sqlite"])
    func crash(kind: String) async throws {
        let directory = try TemporaryPath()
        let store: any AuditStore = kind == "sqlite" ? try SQLiteAuditStore(path: directory.path) : InMemoryAuditStore()
        let callID = UUID()
        try await store.append(AuditEntry(
            timestamp: Date(), kind: .intent, actor: "agent:a", callID: callID, tool: "delete_pod", package: .restart,
            namespace: "shop", arguments: ["namespace": "shop", "name": "web-1"], decision: .execute))
        let reopened: any AuditStore = kind == "sqlite" ? try SQLiteAuditStore(path: directory.path) : store
        let action = try #require(try await reopened.action(callID: callID))
        #expect(action.status == .unknown)
        #expect(try await reopened.actions(ActionQuery(status: .unknown)).count == 1)
        #expect(try await reopened.stats(since: nil).actions[.unknown] == 1)
    }

    @Test("secret values never enter the store", arguments: ["memory", "sqlite"])
    func secrets(kind: String) async throws {
        let directory = try TemporaryPath()
        let store: any AuditStore = kind == "sqlite" ? try SQLiteAuditStore(path: directory.path) : InMemoryAuditStore()
        try await withHarness(Self.l4, store: store) { harness in
            _ = try output(try await harness.executor.execute(
                ToolInvocation(tool: "describe_resource", arguments: ["kind": "Secret", "namespace": "shop", "name": "db"]), caller: agent))
            _ = try output(try await harness.executor.execute(
                ToolInvocation(tool: "describe_resource", arguments: ["kind": "Deployment", "namespace": "shop", "name": "web"]), caller: agent))
            try await store.append(AuditEntry(
                timestamp: Date(), kind: .decision, actor: "api:x", arguments: ["apiToken": "tok-arg-999", "password": "pw-arg-777"]))
            let everything = try await store.entries(AuditQuery(limit: 10_000)).map { "\($0.arguments?.jsonString() ?? "") \($0.result?.jsonString() ?? "")" }.joined()
            for secret in ["c3VwZXJzZWNyZXQ=", "tok-plain-123", "hunter2-env", "tok-arg-999", "pw-arg-777"] {
                #expect(!everything.contains(secret), "\(secret) leaked")
            }
        }
        if kind == "sqlite" {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: directory.path))
                + ((try? Data(contentsOf: URL(fileURLWithPath: directory.path + "-wal"))) ?? Data())
            let text = String(decoding: bytes, as: UTF8.self)
            for secret in ["c3VwZXJzZWNyZXQ=", "tok-plain-123", "hunter2-env", "tok-arg-999"] {
                #expect(!text.contains(secret), "\(secret) is in the database file")
            }
        }
    }

    @Test("retention pruning removes old entries and finished plans", arguments: ["memory", "sqlite"])
    func pruning(kind: String) async throws {
        let directory = try TemporaryPath()
        let store: any AuditStore = kind == "sqlite" ? try SQLiteAuditStore(path: directory.path) : InMemoryAuditStore()
        let old = Date(timeIntervalSince1970: 1_600_000_000)
        let new = Date(timeIntervalSince1970: 1_700_000_000)
        for date in [old, old, new] { try await store.append(AuditEntry(timestamp: date, kind: .decision, actor: "a")) }
        var done = ActionPlan(requester: "a", rationale: "r", steps: [], createdAt: old, expiresAt: old.addingTimeInterval(60))
        _ = done.expireIfDue(now: old.addingTimeInterval(61))
        let open = ActionPlan(requester: "a", rationale: "r", steps: [], createdAt: old, expiresAt: new)
        _ = try await store.insertPlan(done, now: old)
        _ = try await store.insertPlan(open, now: old)
        let result = try await store.prune(before: Date(timeIntervalSince1970: 1_650_000_000))
        #expect(result == PruneResult(entries: 2, plans: 1))
        #expect(try await store.entries(AuditQuery()).count == 1)
        #expect(try await store.plan(id: open.id) != nil)
        #expect(try await store.plan(id: done.id) == nil)
    }

    @Test("the emergency stop survives a restart (SQLite)")
    func emergencyStopSurvivesRestart() async throws {
        let directory = try TemporaryPath()
        try await withSimulator { simulator, client in
            try await Fixture.seed(simulator, client)
            let first = try await GatedToolExecutor.start(
                client: client, store: try SQLiteAuditStore(path: directory.path), logger: testLogger)
            try await first.controls.engageEmergencyStop(by: operatorHuman, reason: "incident")
            let second = try await GatedToolExecutor.start(
                client: client, store: try SQLiteAuditStore(path: directory.path), logger: testLogger)
            #expect(await second.controls.policy.emergencyStop)
            #expect(await second.controls.emergencyStopReason == "incident")
            let report = try await second.execute(
                ToolInvocation(tool: "scale_deployment", arguments: ["namespace": "shop", "name": "api", "replicas": 3]), caller: agent)
            #expect(report.decision.kind == .deny)
            try await second.controls.liftEmergencyStop(by: operatorHuman)
            let third = try await GatedToolExecutor.start(
                client: client, store: try SQLiteAuditStore(path: directory.path), logger: testLogger)
            #expect(await third.controls.policy.emergencyStop == false)
        }
    }

    @Test("pending plans survive a restart; a plan interrupted mid-run is failed, never re-run (SQLite)")
    func plansSurviveRestart() async throws {
        let directory = try TemporaryPath()
        try await withSimulator { simulator, client in
            try await Fixture.seed(simulator, client)
            let store = try SQLiteAuditStore(path: directory.path)
            let first = try await GatedToolExecutor.start(client: client, store: store, logger: testLogger)
            let report = try await first.execute(
                ToolInvocation(tool: "delete_pod", arguments: ["namespace": "shop", "name": "web-2"]), caller: agent)
            guard case .queued(let plan) = report.outcome else { throw TestFailure("not queued") }
            // A plan an earlier process approved an hour ago and never finished.
            let anHourAgo = Date().addingTimeInterval(-3600)
            var interrupted = ActionPlan(
                requester: "agent:x", rationale: "r", steps: plan.steps, createdAt: anHourAgo,
                expiresAt: Date().addingTimeInterval(600))
            #expect(try await store.insertPlan(interrupted, now: anHourAgo).inserted == false, "joins the pending plan")
            interrupted = ActionPlan(
                requester: "agent:x", rationale: "another", steps: [plan.steps[0]], createdAt: anHourAgo,
                expiresAt: Date().addingTimeInterval(600))
            interrupted.steps[0].invocation.arguments["gracePeriodSeconds"] = 5
            #expect(try await store.insertPlan(interrupted, now: anHourAgo).inserted)
            var approved = interrupted
            _ = try approved.approve(by: "human:alice", now: anHourAgo)
            #expect(try await store.updatePlan(approved, from: .pending))
            let second = try await GatedToolExecutor.start(
                client: client, store: try SQLiteAuditStore(path: directory.path), logger: testLogger)
            #expect(try await second.approvals.pending().map(\.id) == [plan.id])
            #expect(try await store.plan(id: interrupted.id)?.state == .failed)
            #expect(try await store.plan(id: interrupted.id)?.reason?.contains("interrupted") == true)
            #expect(try await second.approvals.approve(plan.id, by: operatorHuman).plan.state == .executed)
        }
    }

    @Test("an undecodable plan row is skipped and counted: the start, pending() and new plans work (SQLite)")
    func undecodablePlanRows() async throws {
        let directory = try TemporaryPath()
        try await withSimulator { simulator, client in
            try await Fixture.seed(simulator, client)
            let first = try await GatedToolExecutor.start(
                client: client, store: try SQLiteAuditStore(path: directory.path), logger: testLogger)
            let report = try await first.execute(
                ToolInvocation(tool: "delete_pod", arguments: ["namespace": "shop", "name": "web-2"]), caller: agent)
            guard case .queued(let good) = report.outcome else { throw TestFailure("not queued") }
            // Two rows a bug or a hand edit left behind, one pending and one executing for an hour.
            let database = try DatabaseQueue(path: directory.path)
            let anHourAgo = Date().addingTimeInterval(-3600)
            for (id, state) in [(UUID(), "pending"), (UUID(), "executing")] {
                try await database.write { db in
                    try db.execute(
                        sql: """
                            INSERT INTO action_plan (id, state, requester, risk, created_at, expires_at, body)
                            VALUES (?, ?, 'agent:x', 'restart', ?, ?, '{}')
                            """,
                        arguments: [id.uuidString, state, anHourAgo, Date().addingTimeInterval(3600)])
                }
            }
            try database.close()
            let store = try SQLiteAuditStore(path: directory.path, logger: testLogger)
            let second = try await GatedToolExecutor.start(client: client, store: store, logger: testLogger)
            #expect(try await second.approvals.pending().map(\.id) == [good.id])
            #expect(store.undecodablePlanCount == 2)
            let another = try await second.approvals.propose(
                [ToolInvocation(tool: "rollout_restart", arguments: ["namespace": "shop", "name": "api"])],
                caller: agent, rationale: "new plans still queue")
            #expect(another.plan?.state == .pending)
            #expect(try await second.approvals.pending().count == 2)
            #expect(try await second.approvals.approve(good.id, by: operatorHuman).plan.state == .executed)
        }
    }
}
