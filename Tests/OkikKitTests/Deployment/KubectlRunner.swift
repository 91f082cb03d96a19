import Foundation
import OkikSimulator
import OkikTesting

/// The real kubectl against an in-process simulator: a temporary directory with the simulator's kubeconfig and a
/// private `HOME` (so kubectl's discovery cache does not leak between tests).
struct KubectlRunner: Sendable {
    /// What one kubectl run printed and how it ended.
    typealias Result = KubectlResult

    /// Whether kubectl is installed (the tests that need it are skipped otherwise).
    static var isAvailable: Bool { Kubectl.isAvailable }

    let directory: URL
    let kubeconfigPath: String

    /// A runner for `simulator`, with its files in a fresh temporary directory, removed after `body`.
    static func with<T>(_ simulator: Simulator, _ body: (KubectlRunner) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("okik-kubectl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("kubeconfig").path
        try simulator.writeKubeconfig(to: path)
        return try await body(KubectlRunner(directory: directory, kubeconfigPath: path))
    }

    /// Runs kubectl with `arguments`, writing `stdin`; kills it after `timeout`.
    func run(_ arguments: [String], stdin: String? = nil, timeout: Duration = .seconds(60)) async throws -> Result {
        try await Kubectl.run(
            arguments,
            environment: [
                "KUBECONFIG": kubeconfigPath, "HOME": directory.path, "PATH": "/usr/bin:/bin", "KUBECTL_KUBERC": "false",
            ],
            stdin: stdin, timeout: timeout)
    }
}
