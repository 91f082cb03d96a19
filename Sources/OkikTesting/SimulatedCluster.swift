import Foundation
import Logging
import OkikKit
import OkikKubeClient
import OkikSimulator

/// A simulator on a virtual clock running scenarios in process, a client to it, and a wall clock that reads the
/// simulated time: the cluster tests, examples and benchmarks run OKIK against.
///
/// ```swift
/// let cluster = try await SimulatedCluster.start("crashloop")
/// let snapshot = try await cluster.snapshot()
/// await cluster.stop()
/// ```
public struct SimulatedCluster: Sendable {
    /// The simulator.
    public let simulator: Simulator
    /// A client to it (short retry back-offs).
    public let client: KubeClient
    /// A wall clock that reads the simulated time.
    public let clock: ClosureWallClock
    /// Its hold on one of ``SimulatorSlots/shared``.
    private let slot: SimulatorSlots.Slot?

    /// A logger that reports warnings and worse.
    public static let quietLogger: Logger = {
        var logger = Logger(label: "okik.testing")
        logger.logLevel = .warning
        return logger
    }()

    /// Client settings with short back-offs, so a test that meets an error fails fast.
    public static let fastRetries = KubeClientConfiguration(
        retry: .init(maxAttempts: 4, initialBackoff: .milliseconds(5), maxBackoff: .milliseconds(50)))

    /// Starts the simulator on a virtual clock, applies the scenarios and, when `runFor`, advances by their longest
    /// duration.
    /// - Throws: when the simulator cannot start or a scenario cannot be applied.
    public static func start(
        _ scenarios: [Scenario], runFor: Bool = true, runtime: RuntimeConfiguration = .standard,
        logger: Logger = quietLogger
    ) async throws -> SimulatedCluster {
        let slot = await SimulatorSlots.shared.acquire()
        let simulator: Simulator
        do {
            simulator = try await Simulator.start(
                SimulatorConfiguration(clock: .virtual(), runtime: runtime), logger: logger)
        } catch {
            await slot.release()
            throw error
        }
        do {
            if runFor {
                try await ScenarioRunner.run(scenarios, on: simulator)
            } else {
                try await ScenarioRunner.apply(scenarios, to: simulator)
            }
            let client = try KubeClient(config: simulator.kubeConfig, configuration: fastRetries, logger: logger)
            let clock = simulator.clock
            return SimulatedCluster(simulator: simulator, client: client, clock: ClosureWallClock { clock.now }, slot: slot)
        } catch {
            await simulator.stop()
            await slot.release()
            throw error
        }
    }

    /// Starts the named built-in scenarios (``BuiltInScenarios``).
    /// - Throws: ``UnknownScenario`` for a name that is not built in, or what ``start(_:runFor:runtime:logger:)`` throws.
    public static func start(_ names: String...) async throws -> SimulatedCluster {
        try await start(names.map { name in
            guard let scenario = BuiltInScenarios.named(name) else { throw UnknownScenario(name: name) }
            return scenario
        })
    }

    /// Takes a snapshot at the simulated time.
    /// - Throws: what ``ClusterSnapshot/collect(from:namespace:clock:)`` throws.
    public func snapshot(namespace: String? = nil) async throws -> ClusterSnapshot {
        try await ClusterSnapshot.collect(from: client, namespace: namespace, clock: clock)
    }

    /// Lets `samples` metrics samples pass, `every` apart, recording each snapshot's usage into `store`: usage
    /// history for rightsizing.
    /// - Throws: when a snapshot or the store fails.
    public func recordHistory(
        into store: any UsageHistoryStore, samples: Int = 50, every: Duration = .seconds(1800)
    ) async throws {
        for _ in 0..<samples {
            await simulator.advance(by: every)
            _ = try await UsageRecorder.record(try await snapshot(), in: store)
        }
    }

    /// Closes the client and stops the simulator.
    public func stop() async {
        try? await client.shutdown()
        await simulator.stop()
        await slot?.release()
    }
}

/// A scenario name that is not among the built-in scenarios.
public struct UnknownScenario: Error, CustomStringConvertible {
    /// The name asked for.
    public var name: String
    /// Names the scenario and where the list is.
    public var description: String { "no built-in scenario named \(name); the built-in ones are \(BuiltInScenarios.names.joined(separator: ", "))" }
}

/// Runs `body` with a fresh simulator (real time unless `configuration` says otherwise) and a client connected to
/// it; both are shut down afterwards, whether `body` returns or throws.
/// - Parameters:
///   - client: The client's settings; by default short retry back-offs.
///   - user: The credentials the client presents; by default the simulator's own.
/// - Throws: what starting the simulator or `body` throws.
public func withSimulator<T: Sendable>(
    _ configuration: SimulatorConfiguration = SimulatorConfiguration(),
    client clientConfiguration: KubeClientConfiguration = SimulatedCluster.fastRetries,
    user: AuthInfo? = nil,
    logger: Logger = SimulatedCluster.quietLogger,
    isolation: isolated (any Actor)? = #isolation,
    _ body: (Simulator, KubeClient) async throws -> T
) async throws -> T {
    let slot = await SimulatorSlots.shared.acquire()
    defer { Task { await slot.release() } }
    let simulator = try await Simulator.start(configuration, logger: logger)
    let config = user.map { simulator.kubeConfig(user: $0) } ?? simulator.kubeConfig
    let client: KubeClient
    do {
        client = try KubeClient(config: config, configuration: clientConfiguration, logger: logger)
    } catch {
        await simulator.stop()
        throw error
    }
    do {
        let result = try await body(simulator, client)
        try await client.shutdown()
        await simulator.stop()
        return result
    } catch {
        try? await client.shutdown()
        await simulator.stop()
        throw error
    }
}
