import Foundation
import OkikSimulator
import Synchronization

/// What one kubectl run printed and how it ended.
public struct KubectlResult: Sendable, CustomStringConvertible {
    /// The exit status.
    public var status: Int32
    /// What it printed on standard output.
    public var stdout: String
    /// What it printed on standard error.
    public var stderr: String
    /// True when it was killed for running past its time.
    public var timedOut: Bool

    /// Exit 0 in time.
    public var succeeded: Bool { status == 0 && !timedOut }
    /// Status, then both outputs.
    public var description: String { "exit \(status)\(timedOut ? " (timed out)" : "")\nstdout:\n\(stdout)\nstderr:\n\(stderr)" }
}

/// Runs the real kubectl binary (the fidelity tests' yardstick) with a bounded run time.
public enum Kubectl {
    /// kubectl's path: `/usr/bin/kubectl`, else the first one on `PATH`; nil when there is none.
    public static let path: String? = {
        let directories = ["/usr/bin"] + (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        return directories.map { "\($0)/kubectl" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Whether kubectl is installed (the tests that need it are skipped otherwise).
    public static var isAvailable: Bool { path != nil }

    /// Runs kubectl; kills it after `timeout` (the result is then marked `timedOut`).
    public static func run(
        _ arguments: [String], environment: [String: String], stdin: String? = nil, timeout: Duration = .seconds(20)
    ) async throws -> KubectlResult {
        guard let path else { throw KubectlMissing() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        let exited = AsyncStream<Void>.makeStream()
        process.terminationHandler = { _ in exited.continuation.finish() }
        try process.run()
        // Pipes are drained on dedicated threads: blocking dispatch workers would starve the concurrency pool
        // (on Linux both share libdispatch's worker threads), stalling every simulator in the test process.
        async let out = readToEnd(output.fileHandleForReading)
        async let err = readToEnd(errors.fileHandleForReading)
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
        return KubectlResult(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self), timedOut: timedOut.withLock { $0 })
    }

    private static func readToEnd(_ handle: FileHandle) async -> Data {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: FileDescriptorReader.readToEnd(handle)) }
        }
    }
}

/// Thrown when kubectl is not installed.
public struct KubectlMissing: Error, CustomStringConvertible {
    /// Says so.
    public var description: String { "kubectl is not on PATH" }
}
