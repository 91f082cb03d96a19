import Foundation
import Logging
import OkikKubeClient

/// Measures how fast OkikKubeClient decodes a large PodList, its peak memory, and (optionally) how long the same
/// list takes through the client and through `kubectl get pods -A -o json` against the same simulated server.
public enum DecodeBenchmark {
    /// What one run measured.
    public struct Result: Sendable {
        /// Pods in the list.
        public var pods: Int
        /// Size of the PodList JSON.
        public var jsonBytes: Int
        /// Best decode time of the repetitions.
        public var decodeSeconds: Double
        /// Peak memory added while decoding.
        public var decodePeakBytes: Int
        /// Wall time of `list()` through the client over HTTP (paged, 500 per page), when measured.
        public var clientListSeconds: Double?
        /// Wall time of `kubectl get pods -A -o json`, when measured.
        public var kubectlSeconds: Double?

        /// Decoding throughput in MB/s (10^6 bytes).
        public var megabytesPerSecond: Double { Double(jsonBytes) / 1_000_000 / decodeSeconds }
    }

    /// Runs the benchmark.
    /// - Parameters:
    ///   - pods: number of pods in the list.
    ///   - repetitions: decode repetitions (the best is kept).
    ///   - kubectl: path of kubectl for the side-by-side comparison, or nil to skip it.
    /// - Throws: if decoding fails or the simulator cannot start.
    public static func run(pods: Int, repetitions: Int = 3, kubectl: String?, logger: Logger) async throws -> Result {
        var json: [UInt8]? = SyntheticPods.podListJSON(count: pods)
        let size = json?.count ?? 0
        var best = Double.infinity
        var peak = 0
        for _ in 0..<max(1, repetitions) {
            let before = ProcessMemory.resident ?? 0
            ProcessMemory.resetPeak()
            let start = ContinuousClock.now
            let list = try ResourceList<Pod>.decode(fromJSON: json ?? [])
            let elapsed = start.duration(to: .now)
            peak = max(peak, (ProcessMemory.peakResident ?? 0) - before)
            precondition(list.items.count == pods, "decoded \(list.items.count) of \(pods) pods")
            best = min(best, seconds(elapsed))
        }
        json = nil
        var result = Result(pods: pods, jsonBytes: size, decodeSeconds: best, decodePeakBytes: peak)
        guard let kubectl else { return result }

        let simulator = try await Simulator.start(logger: logger)
        do {
            try await SyntheticPods.seed(simulator.store, count: pods)
            let client = try KubeClient(config: simulator.kubeConfig, logger: logger)
            let start = ContinuousClock.now
            let listed = try await client.namespaced(Pod.self, in: .allNamespaces).list()
            result.clientListSeconds = seconds(start.duration(to: .now))
            precondition(listed.items.count == pods, "listed \(listed.items.count) of \(pods) pods")
            try await client.shutdown()

            let directory = NSTemporaryDirectory() + "okik-bench-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let kubeconfig = try simulator.writeKubeconfig(to: directory + "/kubeconfig")
            // A first run fills kubectl's discovery cache, as a user's repeated commands would.
            _ = try await runKubectl(kubectl, ["--kubeconfig", kubeconfig, "get", "namespaces", "-o", "name"], home: directory)
            let kubectlStart = ContinuousClock.now
            let output = try await runKubectl(kubectl, ["--kubeconfig", kubeconfig, "get", "pods", "-A", "-o", "json"], home: directory)
            result.kubectlSeconds = seconds(kubectlStart.duration(to: .now))
            precondition(output > size / 2, "kubectl printed only \(output) bytes")
        } catch {
            await simulator.stop()
            throw error
        }
        await simulator.stop()
        return result
    }

    /// Runs kubectl with its output discarded (counted), returning the number of bytes it printed. The waiting
    /// happens on a dedicated thread: kubectl talks to the in-process server, which needs the cooperative pool.
    private static func runKubectl(_ path: String, _ arguments: [String], home: String) async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                do {
                    continuation.resume(returning: try runKubectlBlocking(path, arguments, home: home))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    private static func runKubectlBlocking(_ path: String, _ arguments: [String], home: String) throws -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = home
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        var count = 0
        while true {
            let chunk = FileDescriptorReader.readChunk(pipe.fileHandleForReading)
            if chunk.isEmpty { break }
            count += chunk.count
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw SimulatorError(message: "kubectl \(arguments.joined(separator: " ")) exited with \(process.terminationStatus)")
        }
        return count
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
