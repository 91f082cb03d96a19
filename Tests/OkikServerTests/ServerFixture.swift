import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import OkikKit
import OkikLLM
import OkikServer
import OkikTesting
import Prometheus

/// A server over a runtime over a simulated cluster (nothing running in the background: the tests drive it), with
/// one token per role, tested through Hummingbird's router test client (or, with `testing: .live`, on a localhost port).
struct ServerFixture {
    static let tokens: [AccessRole: String] = [
        .viewer: "viewer-token-0000000001", .operator: "operator-token-000000001",
        .approver: "approver-token-00000001", .admin: "admin-token-00000000001",
    ]
    static let names: [AccessRole: String] = [.viewer: "vera", .operator: "otto", .approver: "anna", .admin: "adam"]

    static var tokenFile: TokenFile {
        TokenFile(entries: AccessRole.allCases.map { TokenFile.Entry(role: $0, name: names[$0]!, token: tokens[$0]!) })
    }

    let cluster: SimulatedCluster
    let runtime: OkikRuntime
    let client: any TestClientProtocol

    /// Runs `body` against a fresh cluster, runtime and server; with a model, the runtime has an agent. With
    /// `testing: .live` the server listens on a free localhost port (`client.port`).
    static func run(
        scenario: String = "healthy", level: AutonomyLevel = .l1, mode: ServerMode = .agent,
        model: (any ChatModel)? = nil, keepAlive: Duration = .seconds(15), testing: TestingSetup = .router,
        audit: OkikRuntimeConfiguration.AuditStorage = .inMemory,
        environment: [String: String] = ProcessInfo.processInfo.environment, mcp: MCPConfiguration = MCPConfiguration(),
        idleTimeout: Duration? = .seconds(60), maxStreamSubscribers: Int = 64,
        _ body: @Sendable (ServerFixture) async throws -> Void
    ) async throws {
        let cluster = try await SimulatedCluster.start(scenario)
        do {
            let runtime = try await OkikRuntime.start(
                OkikRuntimeConfiguration(
                    cluster: .client(cluster.client), audit: audit,
                    gatekeeper: GatekeeperConfiguration(level: level, rateLimits: .unlimited), model: model,
                    clock: cluster.clock,
                    metrics: OkikMetrics(factory: PrometheusMetricsFactory(registry: PrometheusCollectorRegistry())),
                    environment: environment),
                logger: SimulatedCluster.quietLogger)
            let app = buildApplication(
                configuration: ServerConfiguration(
                    port: 0, tokens: tokenFile, mode: mode, keepAlive: keepAlive, mcp: mcp, idleTimeout: idleTimeout,
                    maxStreamSubscribers: maxStreamSubscribers),
                runtime: runtime, logger: SimulatedCluster.quietLogger)
            try await app.test(testing) { client in
                try await body(ServerFixture(cluster: cluster, runtime: runtime, client: client))
            }
        } catch {
            await cluster.stop()
            throw error
        }
        await cluster.stop()
    }

    /// Sends a request as `role` (nil: no token), with an optional JSON body.
    func send(
        _ method: HTTPRequest.Method, _ uri: String, as role: AccessRole?, json: String? = nil, headers extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = extra
        if let role { headers[.authorization] = "Bearer \(Self.tokens[role]!)" }
        if json != nil { headers[.contentType] = "application/json" }
        return try await client.execute(
            uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    /// Decodes a JSON answer.
    static func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: Data(response.body.readableBytesView))
    }

    /// Queues a real write as the agent at L1: scaling a Deployment of the cluster up by one.
    func queueScale() async throws -> (plan: ActionPlan, deployment: Deployment, replicas: Int) {
        let deployments = try await cluster.client.namespaced(Deployment.self, in: .allNamespaces).list().items
        let protected = ProtectedNamespaces(additional: [])
        guard let deployment = deployments.first(where: {
            !protected.names.contains($0.namespace ?? "") && ($0.spec?.replicas ?? 0) >= 1
        }) else { throw FixtureError(message: "no deployment to scale") }
        let replicas = (deployment.spec?.replicas ?? 1) + 1
        let report = try await runtime.executor.execute(
            ToolInvocation(
                tool: "scale_deployment",
                arguments: ["namespace": .string(deployment.namespace ?? ""), "name": .string(deployment.name),
                            "replicas": .int(replicas)]),
            caller: Caller(.agent, "server-test"), rationale: "more capacity")
        guard case .queued(let plan) = report.outcome else {
            throw FixtureError(message: "not queued: \(report.textForModel)")
        }
        return (plan, deployment, replicas)
    }
}

extension ServerFixture {
    /// One server-sent event: its `event:` name (nil: none given) and its `data:`.
    struct Event: Sendable {
        var name: String?
        var data: String
        /// Its `id:`, if any.
        var id: String? = nil
    }

    /// The events of an SSE body, in order, and how many keep-alive comments it held.
    static func events(_ response: TestResponse) -> (events: [Event], keepAlives: Int) {
        let text = String(buffer: response.body)
        var events: [Event] = []
        var keepAlives = 0
        for block in text.components(separatedBy: "\n\n") where !block.isEmpty {
            var name: String?
            var id: String?
            var data: [String] = []
            for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix(":") {
                    keepAlives += 1
                } else if line.hasPrefix("event: ") {
                    name = String(line.dropFirst("event: ".count))
                } else if line.hasPrefix("id: ") {
                    id = String(line.dropFirst("id: ".count))
                } else if line.hasPrefix("data: ") {
                    data.append(String(line.dropFirst("data: ".count)))
                }
            }
            if !data.isEmpty { events.append(Event(name: name, data: data.joined(separator: "\n"), id: id)) }
        }
        return (events, keepAlives)
    }

    /// Decodes an event's data.
    static func decode<T: Decodable>(_ type: T.Type, _ event: Event) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: Data(event.data.utf8))
    }

    /// `body`'s value, or a ``FixtureError`` after `limit`, so a stream that never ends cannot hang a test.
    static func within<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw FixtureError(message: "no answer within \(limit)")
            }
            return value
        }
    }

    /// The value of a task started earlier (a request whose answer is a stream), or a ``FixtureError`` after `limit`;
    /// on a timeout the task is cancelled, so the test never hangs.
    static func value<T: Sendable>(of task: Task<T, any Error>, within limit: Duration) async throws -> T {
        try await within(limit) {
            try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
        }
    }

    /// Waits (in real time, up to `limit`) until `condition` holds.
    static func eventually(_ limit: Duration = .seconds(10), _ condition: @Sendable () async throws -> Bool) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        while clock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw FixtureError(message: "the condition did not hold within \(limit)")
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
