import Foundation
import OkikSimulator
import Synchronization

/// The real kubectl against an in-process simulator: a temporary directory with the simulator's kubeconfig and a
/// private `HOME` (so kubectl's discovery cache does not leak between tests).
struct KubectlRunner: Sendable {
    /// What one kubectl run printed and how it ended.
    struct Result: Sendable, CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var timedOut: Bool

        var succeeded: Bool { status == 0 && !timedOut }
        var description: String { "exit \(status)\(timedOut ? " (timed out)" : "")\nstdout:\n\(stdout)\nstderr:\n\(stderr)" }
    }

    /// kubectl's path: `/usr/bin/kubectl`, else the first one on `PATH`; nil when there is none.
    static let path: String? = {
        let directories = ["/usr/bin"] + (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        return directories.map { "\($0)/kubectl" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Whether kubectl is installed (the tests that need it are skipped otherwise).
    static var isAvailable: Bool { path != nil }

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
        guard let path = Self.path else { throw CocoaError(.fileNoSuchFile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = [
            "KUBECONFIG": kubeconfigPath, "HOME": directory.path, "PATH": "/usr/bin:/bin", "KUBECTL_KUBERC": "false",
        ]
        let output = Pipe()
        let errors = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        let exited = AsyncStream<Void>.makeStream()
        process.terminationHandler = { _ in exited.continuation.finish() }
        try process.run()
        // Pipes are drained on dedicated threads, so blocked reads never hold the concurrency pool's workers.
        async let out = Self.readToEnd(output.fileHandleForReading)
        async let err = Self.readToEnd(errors.fileHandleForReading)
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? input.fileHandleForWriting.close()
        let timedOut = Mutex(false)
        let killer = Task {
            try await Task.sleep(for: timeout)
            timedOut.withLock { $0 = true }
            process.terminate()
        }
        for await _ in exited.stream {}
        killer.cancel()
        let (stdout, stderr) = await (out, err)
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self), timedOut: timedOut.withLock { $0 })
    }

    private static func readToEnd(_ handle: FileHandle) async -> Data {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: FileDescriptorReader.readToEnd(handle)) }
        }
    }
}
