import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import OkikKit
import OkikServer
import OkikTesting

/// A server over a runtime over a simulated cluster (nothing running in the background: the tests drive it), with
/// one token per role, tested through Hummingbird's router test client.
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

    /// Runs `body` against a fresh cluster, runtime and server.
    static func run(
        scenario: String = "healthy", level: AutonomyLevel = .l1, mode: ServerMode = .agent,
        _ body: @Sendable (ServerFixture) async throws -> Void
    ) async throws {
        let cluster = try await SimulatedCluster.start(scenario)
        do {
            let runtime = try await OkikRuntime.start(
                OkikRuntimeConfiguration(
                    cluster: .client(cluster.client),
                    gatekeeper: GatekeeperConfiguration(level: level, rateLimits: .unlimited), clock: cluster.clock),
                logger: SimulatedCluster.quietLogger)
            let app = buildApplication(
                configuration: ServerConfiguration(tokens: tokenFile, mode: mode), runtime: runtime,
                logger: SimulatedCluster.quietLogger)
            try await app.test(.router) { client in
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

struct FixtureError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
