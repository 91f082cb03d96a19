import Foundation
import OkikKit
import OkikTesting
import ServiceLifecycle
import Testing

/// ``OkikRuntime`` composes the parts from one configuration, in watchdog or agent mode, and its SQLite store keeps
/// the control state across a restart.
@Suite("OkikRuntime", .serialized)
struct OkikRuntimeTests {
    @Test func withoutAModelItRunsInWatchdogModeWithExpiryAndWatchdogServices() async throws {
        let cluster = try await SimulatedCluster.start("healthy")
        defer { Task { await cluster.stop() } }
        let runtime = try await OkikRuntime.start(
            OkikRuntimeConfiguration(
                cluster: .client(cluster.client), gatekeeper: GatekeeperConfiguration(level: .l1), clock: cluster.clock),
            logger: testLogger)
        #expect(runtime.mode == .watchdog)
        #expect(runtime.agent == nil)
        #expect(runtime.services.count == 2)
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
        #expect(runtime.services.count == 3)
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
}
