import Foundation
import OkikKit
import OkikTesting
import ServiceLifecycle
import Testing

/// ``OkikRuntime`` composes the parts from one configuration, in watchdog or agent mode, and its SQLite store keeps
/// the control state across a restart.
@Suite("OkikRuntime", .serialized)
struct OkikRuntimeTests {
    @Test func withoutAModelItRunsInWatchdogModeWithExpiryRetentionAndWatchdogServices() async throws {
        let cluster = try await SimulatedCluster.start("healthy")
        defer { Task { await cluster.stop() } }
        let runtime = try await OkikRuntime.start(
            OkikRuntimeConfiguration(
                cluster: .client(cluster.client), gatekeeper: GatekeeperConfiguration(level: .l1), clock: cluster.clock),
            logger: testLogger)
        #expect(runtime.mode == .watchdog)
        #expect(runtime.agent == nil)
        #expect(runtime.services.count == 3)
        #expect(runtime.services[1] is AuditRetentionService)
        #expect(runtime.services.last is Watchdog)
        #expect(await runtime.executor.controls.current.level == .l1)
        #expect(runtime.store is InMemoryAuditStore)
    }

    @Test func aModelAddsTheAgentAsTheLastService() async throws {
        let cluster = try await SimulatedCluster.start("healthy")
        defer { Task { await cluster.stop() } }
        let runtime = try await OkikRuntime.start(
            OkikRuntimeConfiguration(
                cluster: .client(cluster.client), model: ScriptedChatModel(transcript: []), clock: cluster.clock),
            logger: testLogger)
        #expect(runtime.mode == .agent)
        #expect(runtime.agent != nil)
        #expect(runtime.services.count == 4)
        #expect(runtime.services.last is Agent)
    }

    @Test func theWatchdogServiceSyncsTheCachesAndStopsOnGracefulShutdown() async throws {
        let cluster = try await SimulatedCluster.start("healthy")
        defer { Task { await cluster.stop() } }
        let runtime = try await OkikRuntime.start(
            OkikRuntimeConfiguration(cluster: .client(cluster.client), clock: cluster.clock), logger: testLogger)
        let group = ServiceGroup(services: runtime.services, gracefulShutdownSignals: [], logger: testLogger)
        let running = Task { try await group.run() }
        await runtime.caches.waitUntilSynced()
        #expect(await !runtime.caches.pods.snapshot().isEmpty)
        await group.triggerGracefulShutdown()
        try await running.value
    }

    @Test func aSQLiteStoreKeepsTheControlStateAcrossARestart() async throws {
        let cluster = try await SimulatedCluster.start("healthy")
        defer { Task { await cluster.stop() } }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("okik-runtime-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = OkikRuntimeConfiguration(
            cluster: .client(cluster.client), audit: .sqlite(path: directory.appendingPathComponent("audit.sqlite").path),
            clock: cluster.clock)
        let first = try await OkikRuntime.start(configuration, logger: testLogger)
        try await first.executor.controls.setLevel(.l3, by: Caller(.human, "alice"))
        try await first.executor.controls.engageEmergencyStop(by: Caller(.human, "alice"), reason: "drill")
        let second = try await OkikRuntime.start(configuration, logger: testLogger)
        let state = await second.executor.controls.current
        #expect(state.level == .l3)
        #expect(state.emergencyStop)
        #expect(state.changedBy == "human:alice")
    }

    @Test func aRunningRuntimePrunesOldEntriesAndFinishedPlansAndKeepsPendingPlans() async throws {
        try await withSimulator { simulator, client in
            try await Fixture.seed(simulator, client)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("okik-retention-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let clock = ManualWallClock()
            var configuration = OkikRuntimeConfiguration(
                cluster: .client(client), audit: .sqlite(path: directory.appendingPathComponent("audit.sqlite").path),
                gatekeeper: GatekeeperConfiguration(level: .l1, rateLimits: .unlimited, approvalTTL: .seconds(60 * 86_400)),
                clock: clock)
            configuration.auditRetention = .seconds(30 * 86_400)
            configuration.auditRetentionInterval = .milliseconds(20)
            let runtime = try await OkikRuntime.start(configuration, logger: testLogger)
            let approvals = runtime.executor.approvals
            let restart = ToolInvocation(tool: "rollout_restart", arguments: ["namespace": "shop", "name": "api"])
            let scale = ToolInvocation(tool: "scale_deployment", arguments: ["namespace": "shop", "name": "web", "replicas": 4])
            let pending = try #require(try await approvals.propose([restart], caller: agent, rationale: "old, pending").plan)
            let rejected = try #require(try await approvals.propose([scale], caller: agent, rationale: "old, rejected").plan)
            _ = try await approvals.reject(rejected.id, by: operatorHuman, reason: "no")
            let old = try await runtime.store.append(AuditEntry(timestamp: clock.now, kind: .policyChanged, actor: "human:old"))
            clock.advance(by: .seconds(31 * 86_400))
            let recent = try await runtime.store.append(AuditEntry(timestamp: clock.now, kind: .policyChanged, actor: "human:new"))

            let group = ServiceGroup(services: runtime.services, gracefulShutdownSignals: [], logger: testLogger)
            let running = Task { try await group.run() }
            var pruned = false
            for _ in 0..<250 {
                if try await runtime.store.plan(id: rejected.id) == nil { pruned = true; break }
                try await Task.sleep(for: .milliseconds(20))
            }
            await group.triggerGracefulShutdown()
            try await running.value
            #expect(pruned)
            let ids = try await runtime.store.entries(AuditQuery(limit: 10_000)).compactMap(\.id)
            #expect(!ids.contains(try #require(old.id)))
            #expect(ids.contains(try #require(recent.id)))
            #expect(try await runtime.store.plan(id: pending.id)?.state == .pending)
            #expect(try await approvals.pending().map(\.id).contains(pending.id))
        }
    }
}
