import Foundation
import OkikKit
import OkikKubeClient
import OkikSimulator

/// A virtual-clock simulator running scenarios, a client to it, and a wall clock that reads the simulated time.
struct SimulatedCluster {
    let simulator: Simulator
    let client: KubeClient
    let clock: ClosureWallClock

    /// Starts the simulator, applies the scenarios and advances by their longest duration.
    static func start(_ scenarios: [Scenario], runFor: Bool = true) async throws -> SimulatedCluster {
        let simulator = try await Simulator.start(
            SimulatorConfiguration(clock: .virtual(), runtime: .standard), logger: testLogger)
        if runFor {
            try await ScenarioRunner.run(scenarios, on: simulator)
        } else {
            try await ScenarioRunner.apply(scenarios, to: simulator)
        }
        let client = try KubeClient(config: simulator.kubeConfig, configuration: fastRetries, logger: testLogger)
        let clock = simulator.clock
        return SimulatedCluster(simulator: simulator, client: client, clock: ClosureWallClock { clock.now })
    }

    /// Starts the named built-in scenarios.
    static func start(_ names: String...) async throws -> SimulatedCluster {
        try await start(names.map { name in
            guard let scenario = BuiltInScenarios.named(name) else { fatalError("no scenario \(name)") }
            return scenario
        })
    }

    /// Takes a snapshot at the simulated time.
    func snapshot(namespace: String? = nil) async throws -> ClusterSnapshot {
        try await ClusterSnapshot.collect(from: client, namespace: namespace, clock: clock)
    }

    /// Lets `samples` metrics samples pass, `every` apart, recording each snapshot's usage into `store`: usage
    /// history for rightsizing.
    func recordHistory(into store: any UsageHistoryStore, samples: Int = 50, every: Duration = .seconds(1800)) async throws {
        for _ in 0..<samples {
            await simulator.advance(by: every)
            _ = try await UsageRecorder.record(try await snapshot(), in: store)
        }
    }

    func stop() async {
        try? await client.shutdown()
        await simulator.stop()
    }
}
