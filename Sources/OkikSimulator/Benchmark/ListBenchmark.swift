import Foundation
import Logging
import OkikKubeClient

/// Serves paged pod lists from a simulator seeded with synthetic pods and measures throughput and memory.
public enum ListBenchmark {
    /// What to measure.
    public struct Configuration: Sendable {
        /// Pods stored.
        public var pods: Int
        /// Page size of each list request.
        public var limit: Int
        /// Full paged lists per client.
        public var rounds: Int
        /// Clients listing at the same time.
        public var concurrency: Int

        /// Creates a configuration; the defaults are the documented 50,000-pod run.
        public init(pods: Int = 50_000, limit: Int = 500, rounds: Int = 3, concurrency: Int = 2) {
            self.pods = pods
            self.limit = limit
            self.rounds = rounds
            self.concurrency = concurrency
        }
    }

    /// The measurements.
    public struct Result: Sendable {
        /// Pods stored.
        public var pods: Int
        /// Average JSON size of one stored pod, in bytes.
        public var averagePodBytes: Int
        /// Seconds spent seeding.
        public var seedSeconds: Double
        /// Resident memory growth from seeding, divided by the pods, in bytes.
        public var residentBytesPerPod: Int?
        /// List requests sent.
        public var requests: Int
        /// Response bytes received.
        public var bytes: Int
        /// Seconds spent listing.
        public var listSeconds: Double
        /// Peak resident memory of the process, in bytes.
        public var peakResidentBytes: Int?

        /// Requests per second.
        public var requestsPerSecond: Double { Double(requests) / max(listSeconds, 1e-9) }
        /// Megabytes (10^6) per second.
        public var megabytesPerSecond: Double { Double(bytes) / 1e6 / max(listSeconds, 1e-9) }
    }

    /// Runs the benchmark on a fresh simulator in this process.
    /// - Throws: if the simulator cannot start or a request fails.
    public static func run(_ configuration: Configuration, logger: Logger) async throws -> Result {
        let simulator = try await Simulator.start(SimulatorConfiguration(watchHistoryLimit: 1_000), logger: logger)
        do {
            let result = try await measure(simulator, configuration, logger: logger)
            await simulator.stop()
            return result
        } catch {
            await simulator.stop()
            throw error
        }
    }

    private static func measure(_ simulator: Simulator, _ configuration: Configuration, logger: Logger) async throws -> Result {
        let before = ProcessMemory.resident
        let seedStart = ContinuousClock.now
        try await SyntheticPods.seed(simulator.store, count: configuration.pods)
        let seedSeconds = seconds(ContinuousClock.now - seedStart)
        let after = ProcessMemory.resident
        guard let pods = simulator.store.registry.definition(apiVersion: "v1", kind: "Pod") else {
            throw SimulatorError(message: "no Pod kind")
        }
        let stored = await simulator.store.all(pods)
        let averageBytes = stored.isEmpty ? 0 : stored.reduce(0) { $0 + $1.bytes.count } / stored.count
        let perPod = before.flatMap { start in after.map { ($0 - start) / max(configuration.pods, 1) } }

        let listStart = ContinuousClock.now
        let totals = try await KubeClient.withClient(config: simulator.kubeConfig, logger: logger) { client in
            try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                for _ in 0..<configuration.concurrency {
                    group.addTask { try await listAll(client, limit: configuration.limit, rounds: configuration.rounds) }
                }
                var sum = (0, 0)
                for try await (requests, bytes) in group {
                    sum.0 += requests
                    sum.1 += bytes
                }
                return sum
            }
        }
        return Result(
            pods: configuration.pods, averagePodBytes: averageBytes, seedSeconds: seedSeconds, residentBytesPerPod: perPod,
            requests: totals.0, bytes: totals.1, listSeconds: seconds(ContinuousClock.now - listStart),
            peakResidentBytes: ProcessMemory.peakResident)
    }

    /// Pages through all pods `rounds` times; the continue token is read from the head of each page.
    private static func listAll(_ client: KubeClient, limit: Int, rounds: Int) async throws -> (Int, Int) {
        var requests = 0
        var bytes = 0
        for _ in 0..<rounds {
            var token: String?
            repeat {
                var query = [("limit", String(limit))]
                if let token { query.append(("continue", token)) }
                let response = try await client.send(KubeRequest(method: "GET", path: "/api/v1/pods", query: query))
                requests += 1
                bytes += response.body.count
                token = continueToken(response.body)
            } while token != nil
        }
        return (requests, bytes)
    }

    private static func continueToken(_ body: [UInt8]) -> String? {
        let head = String(decoding: body.prefix(512), as: UTF8.self)
        guard let range = head.range(of: "\"continue\":\"") else { return nil }
        let token = head[range.upperBound...].prefix { $0 != "\"" }
        return token.isEmpty ? nil : String(token)
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
