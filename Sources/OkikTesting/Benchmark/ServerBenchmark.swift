import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import OkikKit
import OkikLLM
import OkikServer
import OkikSimulator
import ServiceLifecycle

/// Measures okik-server under load (`okikctl bench server`): the simulator in process with a synthetic cluster (the
/// `mixed` generator), an ``OkikRuntime`` over it with all its services running as okik-server runs them (the
/// watchdog with its informers, the agent with a ``ScriptedChatModel``, plan expiry), a SQLite audit store in a
/// temporary directory, and the server's routes on a real localhost socket. After the watchdog's first pass, a
/// ``LoadGenerator`` sends an open-loop constant rate alternating GET /status and GET /recommendations as a viewer (a
/// warm-up first, not measured); then a ``StreamTimer`` times POST /chat/stream, one turn after another, to its first
/// `session` and `text` events. The load generator runs in the same process, on the same cores.
public enum ServerBenchmark {
    /// What to measure.
    public struct Configuration: Sendable {
        /// Pods in the synthetic cluster.
        public var pods: Int
        /// Nodes in it (default: one per 30 pods).
        public var nodes: Int?
        /// Simulated time to let pass before the server starts ("10m"), so the watchdog has recommendations.
        public var advance: String
        /// Requests per second.
        public var rate: Int
        /// How long the measured load lasts.
        public var duration: Duration
        /// How long the load runs first, unmeasured.
        public var warmup: Duration
        /// Connections the load generator may open.
        public var connections: Int
        /// POST /chat/stream turns to time, one after another.
        public var chatRequests: Int

        /// Creates a configuration.
        public init(
            pods: Int = 1000, nodes: Int? = nil, advance: String = "10m", rate: Int = 1000,
            duration: Duration = .seconds(30), warmup: Duration = .seconds(3), connections: Int = 32,
            chatRequests: Int = 50
        ) {
            self.pods = pods
            self.nodes = nodes
            self.advance = advance
            self.rate = rate
            self.duration = duration
            self.warmup = warmup
            self.connections = connections
            self.chatRequests = chatRequests
        }
    }

    /// The chat stream's timings.
    public struct ChatReport: Sendable, Hashable, Codable {
        /// Turns sent.
        public var requests: Int
        /// Turns that failed (not 200, a transport error, no `session` or no `done` event).
        public var errors: Int
        /// To the first event (`session`).
        public var firstEvent: LatencySummary
        /// To the first `text` event (the model's answer begins).
        public var firstText: LatencySummary
        /// To the end of the stream.
        public var total: LatencySummary
        /// The first few failures, described.
        public var errorSamples: [String]
    }

    /// What one run measured.
    public struct Result: Sendable, Hashable, Codable {
        /// Nodes in the cluster.
        public var nodes: Int
        /// Pods the watchdog's informer held when the load started.
        public var pods: Int
        /// Recommendations in the feed when the load started.
        public var recommendations: Int
        /// Seconds to generate, apply and settle the cluster and to sync the watchdog.
        public var setupSeconds: Double
        /// The GET load.
        public var load: LoadReport
        /// The chat stream.
        public var chat: ChatReport
        /// Peak resident memory, in bytes, if known.
        public var peakResidentBytes: Int?
    }

    /// Runs the benchmark.
    /// - Throws: when the simulator, the runtime or the server cannot start.
    public static func run(_ configuration: Configuration, logger: Logger) async throws -> Result {
        let wall = ContinuousClock()
        let started = wall.now
        let nodes = configuration.nodes ?? max(1, configuration.pods / 30)
        let simulator = try await Simulator.start(
            SimulatorConfiguration(port: 0, clock: .virtual(), runtime: .standard), logger: logger)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("okik-bench-\(UUID().uuidString)")
        let http = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            configuration: HTTPClient.Configuration(
                connectionPool: .init(
                    idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: configuration.connections)))
        do {
            _ = try await SimulatedClusterSetup.prepare(
                simulator, scenario: "mixed", nodes: nodes, pods: configuration.pods,
                fastForward: configuration.advance)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let client = try KubeClient(config: simulator.kubeConfig, logger: logger)
            // The simulated time at the start plus the real time since: the cluster stands still, OKIK's time runs.
            let simulated = simulator.clock
            let base = simulated.now
            let origin = ContinuousClock.now
            let clock = ClosureWallClock { base.addingTimeInterval((ContinuousClock.now - origin) / .seconds(1)) }
            let model = ScriptedChatModel(model: "scripted-bench") { _, _ in
                .text("The cluster is steady: no incidents are open, and the recommendations are in the feed.")
            }
            let runtime = try await OkikRuntime.start(
                OkikRuntimeConfiguration(
                    cluster: .client(client),
                    audit: .sqlite(path: directory.appendingPathComponent("audit.sqlite").path), model: model,
                    clock: clock),
                logger: logger)
            let result: Result
            do {
                result = try await measure(
                    runtime: runtime, nodes: nodes, setupStarted: started, http: http, configuration: configuration,
                    logger: logger)
            } catch {
                await runtime.shutdown()
                try? await client.shutdown()
                throw error
            }
            await runtime.shutdown()
            try? await client.shutdown()
            try? await http.shutdown()
            await simulator.stop()
            try? FileManager.default.removeItem(at: directory)
            return result
        } catch {
            try? await http.shutdown()
            await simulator.stop()
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    /// Starts the runtime's services and the server, waits for the watchdog, then measures.
    private static func measure(
        runtime: OkikRuntime, nodes: Int, setupStarted: ContinuousClock.Instant, http: HTTPClient,
        configuration: Configuration, logger: Logger
    ) async throws -> Result {
        let viewer = "bench-viewer-token-0000000001"
        let operatorToken = "bench-operator-token-00000001"
        let tokens = TokenFile(entries: [
            TokenFile.Entry(role: .viewer, name: "bench-viewer", token: viewer),
            TokenFile.Entry(role: .operator, name: "bench-operator", token: operatorToken),
        ])
        let (ports, portContinuation) = AsyncStream<Int>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let server = ServerConfiguration(host: "127.0.0.1", port: 0, tokens: tokens)
        let app = Application(
            router: buildRouter(configuration: server, runtime: runtime),
            configuration: ApplicationConfiguration(
                address: .hostname(server.host, port: 0), serverName: server.serverName),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: logger)
        let group = ServiceGroup(
            services: runtime.services + [app], gracefulShutdownSignals: [], cancellationSignals: [], logger: logger)
        let running = Task { try await group.run() }
        defer { running.cancel() }
        var port = 0
        for await value in ports {
            port = value
            break
        }
        guard port > 0 else { throw BenchmarkError(message: "the server did not report its port") }

        await runtime.caches.waitUntilSynced()
        while await !runtime.watchdog.completedFirstPass { try await Task.sleep(for: .milliseconds(10)) }
        let pods = await runtime.caches.pods.snapshot().count
        let recommendations = await runtime.watchdog.feed.count
        let setupSeconds = (ContinuousClock.now - setupStarted) / .seconds(1)

        let base = "http://127.0.0.1:\(port)"
        let headers = ["Authorization": "Bearer \(viewer)"]
        var load = LoadGenerator.Configuration(
            baseURL: base, paths: ["/status", "/recommendations"], headers: headers, rate: configuration.rate,
            duration: configuration.warmup)
        if configuration.warmup > .zero { _ = await LoadGenerator(load).run(using: http) }
        load.duration = configuration.duration
        let report = await LoadGenerator(load).run(using: http)

        let timer = StreamTimer(url: base + "/chat/stream", headers: ["Authorization": "Bearer \(operatorToken)"])
        var firstEvents: [Duration] = []
        var firstTexts: [Duration] = []
        var totals: [Duration] = []
        var failures: [String] = []
        for index in 0..<configuration.chatRequests {
            do {
                let timing = try await timer.measure(
                    body: #"{"message":"How is the cluster doing? (\#(index))"}"#, using: http)
                guard timing.status == 200, let session = timing.firstEvent["session"], timing.firstEvent["done"] != nil
                else {
                    failures.append("POST /chat/stream: \(timing.status), events \(timing.firstEvent.keys.sorted())")
                    continue
                }
                firstEvents.append(session)
                if let text = timing.firstEvent["text"] { firstTexts.append(text) }
                totals.append(timing.total)
            } catch {
                failures.append("POST /chat/stream: \(String(describing: error).prefix(200))")
            }
        }
        let chat = ChatReport(
            requests: configuration.chatRequests, errors: failures.count, firstEvent: LatencySummary(firstEvents),
            firstText: LatencySummary(firstTexts), total: LatencySummary(totals),
            errorSamples: Array(failures.prefix(5)))

        await group.triggerGracefulShutdown()
        _ = await running.result
        return Result(
            nodes: nodes, pods: pods, recommendations: recommendations, setupSeconds: setupSeconds, load: report,
            chat: chat, peakResidentBytes: ProcessMemory.peakResident)
    }

    /// The benchmark could not run.
    struct BenchmarkError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
