import Foundation
import OkikKit
import OkikKubeClient
import OkikSimulator
import OkikTesting
import Testing

/// The machinery of `okikctl bench watchdog` on a small synthetic cluster: it counts, it does not time.
@Suite("Watchdog benchmark")
struct WatchdogBenchmarkTests {
    @Test func everyIncidentIsDecidedAndQuarantined() async throws {
        let simulator = try await Simulator.start(
            SimulatorConfiguration(clock: .virtual(), runtime: .standard), logger: testLogger)
        defer { Task { await simulator.stop() } }
        _ = try await SimulatedClusterSetup.prepare(simulator, scenario: "mixed", nodes: 4, pods: 150, fastForward: nil)
        let client = try KubeClient(config: simulator.kubeConfig, configuration: fastRetries, logger: testLogger)
        defer { Task { try? await client.shutdown() } }
        let clock = simulator.clock
        let result = try await WatchdogBenchmark.run(
            client: client, now: { clock.now }, configuration: .init(incidents: 3, timeout: .seconds(10)),
            logger: testLogger)
        #expect(result.pods > 100)
        #expect(result.missed == 0)
        #expect(result.decisions.count == 3 && result.completions.count == 3)
        #expect(result.outcomes == ["execute": 3])
        #expect(zip(result.decisions, result.completions).allSatisfy { $0 <= $1 + .milliseconds(1) })
        let quarantined = try await client.namespaced(Deployment.self, in: .allNamespaces).list().items
            .filter { QuarantineAnnotations.isQuarantined($0.metadata) }
        #expect(quarantined.count == 3)
        #expect(quarantined.allSatisfy { $0.spec?.replicas == 0 })
    }

    @Test func percentilesAreNearestRank() {
        let values = (1...100).map { Duration.milliseconds($0) }
        #expect(WatchdogBenchmark.Result.percentile(50, of: values) == .milliseconds(50))
        #expect(WatchdogBenchmark.Result.percentile(99, of: values.reversed()) == .milliseconds(99))
        #expect(WatchdogBenchmark.Result.percentile(99, of: [.milliseconds(7)]) == .milliseconds(7))
        #expect(WatchdogBenchmark.Result.percentile(99, of: []) == .zero)
    }
}
