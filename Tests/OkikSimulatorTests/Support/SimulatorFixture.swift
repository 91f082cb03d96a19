import Foundation
import Logging
import OkikKubeClient
import OkikSimulator
import OkikTesting

/// A simulator started in process on a free port, with a temporary directory holding its kubeconfig and a
/// private `HOME` (so kubectl's discovery cache does not leak between tests).
final class SimulatorFixture: Sendable {
    let simulator: Simulator
    let directory: URL
    let kubeconfigPath: String

    static let quietLogger = Logger(label: "okik.sim.test") { _ in SwiftLogNoOpLogHandler() }

    private init(simulator: Simulator, directory: URL, kubeconfigPath: String) {
        self.simulator = simulator
        self.directory = directory
        self.kubeconfigPath = kubeconfigPath
    }

    /// Starts a fixture, runs `body`, then stops the simulator and removes the directory.
    static func with<T>(
        _ configuration: SimulatorConfiguration = SimulatorConfiguration(), user: AuthInfo? = nil,
        _ body: (SimulatorFixture) async throws -> T
    ) async throws -> T {
        let slot = await SimulatorSlots.shared.acquire()
        defer { Task { await slot.release() } }
        let simulator = try await Simulator.start(configuration, logger: quietLogger)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("okik-sim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("kubeconfig").path
        try simulator.writeKubeconfig(to: path, user: user)
        let fixture = SimulatorFixture(simulator: simulator, directory: directory, kubeconfigPath: path)
        do {
            let result = try await body(fixture)
            await fixture.tearDown()
            return result
        } catch {
            await fixture.tearDown()
            throw error
        }
    }

    private func tearDown() async {
        await simulator.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs kubectl against this simulator.
    func kubectl(_ arguments: String..., stdin: String? = nil, timeout: Duration = .seconds(60)) async throws -> KubectlResult {
        try await kubectl(arguments, stdin: stdin, timeout: timeout)
    }

    /// Runs kubectl against this simulator with an argument array.
    func kubectl(_ arguments: [String], stdin: String? = nil, timeout: Duration = .seconds(60)) async throws -> KubectlResult {
        let environment = [
            "KUBECONFIG": kubeconfigPath, "HOME": directory.path, "PATH": "/usr/bin:/bin",
            "KUBECTL_KUBERC": "false",
        ]
        return try await Kubectl.run(arguments, environment: environment, stdin: stdin, timeout: timeout)
    }

    /// The definition the simulator serves for an apiVersion and kind.
    func definition(_ apiVersion: String, _ kind: String) -> ResourceDefinition {
        guard let definition = simulator.store.registry.definition(apiVersion: apiVersion, kind: kind) else {
            fatalError("no definition for \(apiVersion) \(kind)")
        }
        return definition
    }
}
