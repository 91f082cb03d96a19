import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import Synchronization

/// An open-loop, constant-rate HTTP load generator: request `i` is due at `start + i / rate`, whether or not
/// earlier requests have been answered, and its latency is measured from when it was due, not from when it was sent.
/// A slow answer therefore shows in the latencies of every request scheduled behind it instead of slowing the load
/// down (no coordinated omission, as in wrk2). Requests cycle through the paths in order.
///
/// ```swift
/// let generator = LoadGenerator(LoadGenerator.Configuration(
///     baseURL: "http://127.0.0.1:8000", paths: ["/status", "/recommendations"],
///     headers: ["Authorization": "Bearer \(token)"], rate: 1000, duration: .seconds(30)))
/// let report = await generator.run(using: HTTPClient.shared)
/// ```
public struct LoadGenerator: Sendable {
    /// What to send, how fast and for how long.
    public struct Configuration: Sendable {
        /// Scheme, host and port, without a trailing slash (`http://127.0.0.1:8000`).
        public var baseURL: String
        /// The paths to GET, in turn.
        public var paths: [String]
        /// Headers sent with every request (a bearer token).
        public var headers: [String: String]
        /// Requests per second.
        public var rate: Int
        /// How long to send for; `rate × duration` requests are sent.
        public var duration: Duration
        /// How long one request may take before it counts as an error.
        public var timeout: Duration
        /// The largest answer body read; a larger one counts as an error.
        public var maxBodyBytes: Int

        /// Creates a configuration.
        public init(
            baseURL: String, paths: [String], headers: [String: String] = [:], rate: Int = 1000,
            duration: Duration = .seconds(30), timeout: Duration = .seconds(5), maxBodyBytes: Int = 16 << 20
        ) {
            self.baseURL = baseURL
            self.paths = paths
            self.headers = headers
            self.rate = rate
            self.duration = duration
            self.timeout = timeout
            self.maxBodyBytes = maxBodyBytes
        }
    }

    /// What it sends.
    public let configuration: Configuration

    /// A generator for a configuration.
    public init(_ configuration: Configuration) {
        self.configuration = configuration
    }

    /// One request's outcome.
    private struct Sample: Sendable {
        var path: Int
        var latency: Duration
        var lag: Duration
        var finished: ContinuousClock.Instant
        var error: String?
    }

    /// The samples of a run, filled in by its requests.
    private final class Samples: Sendable {
        let all = Mutex<[Sample]>([])
    }

    /// Sends the load and waits for every answer (or its timeout).
    /// - Parameter client: The client to send with; size its connection pool for the rate times the latency.
    /// - Returns: Counts, errors and latencies per path and overall.
    public func run(using client: HTTPClient) async -> LoadReport {
        let configuration = configuration
        let clock = ContinuousClock()
        let interval = Duration.seconds(1) / max(1, configuration.rate)
        let total = max(0, Int((configuration.duration / interval).rounded(.down)))
        let paths = configuration.paths.isEmpty ? ["/"] : configuration.paths
        let start = clock.now + .milliseconds(5)
        // A discarding group frees each request's task as it ends, so memory stays flat during the measurement.
        let collected = Samples()
        collected.all.withLock { $0.reserveCapacity(total) }
        await withDiscardingTaskGroup { group in
            for index in 0..<total {
                let due = start + interval * index
                if clock.now < due { try? await clock.sleep(until: due, tolerance: .zero) }
                let sent = clock.now
                let path = index % paths.count
                group.addTask {
                    let error = await Self.send(paths[path], configuration: configuration, client: client)
                    let finished = clock.now
                    let sample = Sample(
                        path: path, latency: finished - due, lag: sent - due, finished: finished, error: error)
                    collected.all.withLock { $0.append(sample) }
                }
            }
        }
        let samples = collected.all.withLock { $0 }
        let elapsed = (samples.map(\.finished).max() ?? start) - start
        let routes = paths.indices.map { index in
            let mine = samples.filter { $0.path == index }
            return LoadReport.Route(
                path: paths[index], sent: mine.count, errors: mine.count(where: { $0.error != nil }),
                latency: LatencySummary(mine.map(\.latency)))
        }
        let succeeded = samples.count(where: { $0.error == nil })
        return LoadReport(
            rate: configuration.rate, seconds: elapsed / .seconds(1), sent: samples.count,
            errors: samples.count - succeeded,
            achievedRate: elapsed > .zero ? Double(succeeded) / (elapsed / .seconds(1)) : 0,
            routes: routes, overall: LatencySummary(samples.map(\.latency)),
            sendLag: LatencySummary(samples.map(\.lag)),
            errorSamples: Array(samples.compactMap(\.error).prefix(5)))
    }

    /// Sends one GET and reads its whole answer; nil when it succeeded (2xx), else what went wrong.
    private static func send(_ path: String, configuration: Configuration, client: HTTPClient) async -> String? {
        var request = HTTPClientRequest(url: configuration.baseURL + path)
        request.method = .GET
        for (name, value) in configuration.headers { request.headers.add(name: name, value: value) }
        do {
            let nanoseconds = configuration.timeout / .nanoseconds(1)
            let response = try await client.execute(request, timeout: .nanoseconds(Int64(nanoseconds)))
            _ = try await response.body.collect(upTo: configuration.maxBodyBytes)
            guard (200..<300).contains(response.status.code) else { return "GET \(path): \(response.status.code)" }
            return nil
        } catch {
            return "GET \(path): \(String(describing: error).prefix(200))"
        }
    }
}
