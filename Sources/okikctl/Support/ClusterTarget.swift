import Foundation
import Logging
import OkikKit
import OkikSimulator

/// The cluster a command talks to: a real one from the kubeconfig, or the built-in simulator started in process.
struct ClusterTarget: Sendable {
    let client: KubeClient
    let clock: any WallClock
    /// `context prod`, or `simulated cluster (crashloop)`.
    let name: String
    let simulator: Simulator?

    /// Opens the target.
    /// - Throws: kubeconfig, scenario or connection errors, with their own messages.
    static func open(
        sim: String?, nodes: Int?, pods: Int?, kubeconfig: String?, context: String?, logger: Logger,
        progress: ProgressLine? = nil
    ) async throws -> ClusterTarget {
        if let sim {
            progress?.update("starting the simulated cluster (\(sim))…")
            let simulator = try await Simulator.start(
                SimulatorConfiguration(port: 0, clock: .virtual(), runtime: .standard), logger: logger)
            do {
                _ = try await SimulatedClusterSetup.prepare(simulator, scenario: sim, nodes: nodes, pods: pods, fastForward: nil)
                let client = try KubeClient(config: simulator.kubeConfig, logger: logger)
                let clock = simulator.clock
                return ClusterTarget(
                    client: client, clock: ClosureWallClock { clock.now }, name: "simulated cluster (\(sim))",
                    simulator: simulator)
            } catch {
                await simulator.stop()
                throw error
            }
        }
        let config = try KubeConfig.loadDefault(explicitPath: kubeconfig)
        let client = try KubeClient(config: config, context: context, logger: logger)
        return ClusterTarget(
            client: client, clock: SystemWallClock(), name: "context \(context ?? config.currentContext ?? "(in-cluster)")",
            simulator: nil)
    }

    /// Shuts the client (and the simulator) down.
    func close() async {
        try? await client.shutdown()
        await simulator?.stop()
    }
}
