import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import OkikKubeClient
import OkikLLM

/// A typed client of okik-server's REST API (the routes of Docs/API.md), shared by okikctl and embedding programs.
/// Each method answers the route's `Codable` type from `OkikKit/API`, or throws ``OkikServerError``.
///
/// ```swift
/// let server = OkikServerClient(baseURL: "http://127.0.0.1:8000", token: token)
/// for plan in try await server.pendingPlans().plans { print(plan.id, plan.rationale) }
/// let decided = try await server.approve(plan: id)
/// ```
///
/// The token goes in `X-Okik-Token`, which survives the Kubernetes API server's service proxy; `headers` adds what a
/// path in front needs, and `httpClient` can carry TLS settings. ``init(proxyingThrough:service:namespace:port:token:timeout:)``
/// reaches a server deployed in a cluster through the Kubernetes API server's service proxy instead.
public struct OkikServerClient: Sendable {
    /// The server's root, such as `http://127.0.0.1:8000` or a service-proxy path ending in `/proxy`.
    public let baseURL: String
    private let token: String?
    private let headers: [(String, String)]
    private let route: Route
    private let timeout: Duration

    /// The HTTP client direct clients share: a refused connection fails at once (AsyncHTTPClient would otherwise
    /// retry until the request's deadline), and redirects are not followed, so the token never goes to another host.
    /// It lives as long as the process.
    public static let sharedHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// How requests travel: straight to the server, or through a Kubernetes API server's service proxy.
    private enum Route: Sendable {
        case direct(HTTPClient)
        case serviceProxy(KubeTransport, path: String)
    }

    /// Creates a client.
    /// - Parameters:
    ///   - token: The okik-server token (`ROLE:NAME:TOKEN`'s TOKEN); nil reaches only /health.
    ///   - headers: More headers for every request.
    ///   - httpClient: The HTTP client (by default one shared by every `OkikServerClient` of the process, which
    ///     fails at once on a refused connection and never follows redirects; it is not shut down).
    ///   - timeout: How long a non-streaming request may take.
    public init(
        baseURL: String, token: String?, headers: [(String, String)] = [], httpClient: HTTPClient = Self.sharedHTTPClient,
        timeout: Duration = .seconds(60)
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.token = token
        self.headers = headers
        self.route = .direct(httpClient)
        self.timeout = timeout
    }

    /// Creates a client that reaches okik-server through the Kubernetes API server's service proxy, with the
    /// kubeconfig's credentials and TLS (no port-forward needed): `GET /status` becomes
    /// `GET /api/v1/namespaces/okik-system/services/http:okik-agent:8000/proxy/status`.
    /// - Parameters:
    ///   - kube: The cluster's client; it is not shut down.
    ///   - service: The Service in front of okik-server (``OkikInstallation/agentService`` or
    ///     ``OkikInstallation/watchdogService``).
    ///   - token: The okik-server token; it travels in `X-Okik-Token`, the kubeconfig's credentials in
    ///     `Authorization`.
    public init(
        proxyingThrough kube: KubeClient, service: String, namespace: String = OkikInstallation.namespace,
        port: Int = OkikInstallation.port, token: String?, timeout: Duration = .seconds(60)
    ) {
        let path = OkikInstallation.proxyPath(service: service, namespace: namespace, port: port)
        let server = kube.transport.context.cluster.server
        self.baseURL = (server.hasSuffix("/") ? String(server.dropLast()) : server) + path
        self.token = token
        self.headers = []
        self.route = .serviceProxy(kube.transport, path: path)
        self.timeout = timeout
    }

    // MARK: - Status and feed

    /// GET /health (no token needed).
    public func health() async throws -> HealthResponse { try await get("/health") }

    /// GET /status.
    public func status() async throws -> StatusResponse { try await get("/status") }

    /// GET /metrics as JSON.
    public func metrics() async throws -> ClusterMetricsResponse { try await get("/metrics") }

    /// GET /recommendations.
    public func recommendations(limit: Int? = nil) async throws -> RecommendationsResponse {
        try await get("/recommendations", query: ["limit": limit.map(String.init)])
    }

    /// GET /recommendations/stream: recommendations as the watchdog adds them. With `lastEventID` (the id of the last
    /// one seen) it first replays what the feed holds after it; with `replayingHeld` all the feed holds, with nothing
    /// lost between the two. Ends when the server ends the stream (`count` reached, replayed ones included; shutdown)
    /// or the task is cancelled.
    public func recommendationStream(
        count: Int? = nil, lastEventID: UUID? = nil, replayingHeld: Bool = false
    ) -> AsyncThrowingStream<Recommendation, any Error> {
        var extra: [(String, String)] = []
        if let lastEventID { extra.append(("Last-Event-ID", lastEventID.uuidString)) }
        return events(
            .GET, "/recommendations/stream", query: ["count": count.map(String.init), "replay": replayingHeld ? "true" : nil],
            body: nil, extra: extra)
    }

    // MARK: - Tools and plans

    /// GET /tools.
    public func tools() async throws -> ToolsResponse { try await get("/tools") }

    /// GET /tools/calls.
    public func toolCalls(_ query: ToolCallQuery = ToolCallQuery()) async throws -> ToolCallsResponse {
        try await get(
            "/tools/calls",
            query: [
                "tool": query.tool, "decision": query.decision?.rawValue, "actor": query.actor,
                "since": query.since.map { $0.formatted(.iso8601) }, "limit": String(query.limit),
            ])
    }

    /// GET /actions: plans waiting for approval.
    public func pendingPlans() async throws -> PlansResponse { try await get("/actions") }

    /// POST /actions/approve/{id} (approver).
    public func approve(plan id: UUID) async throws -> PlanDecisionResponse {
        try await send(.POST, "/actions/approve/\(id.uuidString)", body: EmptyRequest())
    }

    /// POST /actions/reject/{id} (approver).
    public func reject(plan id: UUID, reason: String) async throws -> PlanDecisionResponse {
        try await send(.POST, "/actions/reject/\(id.uuidString)", body: RejectRequest(reason: reason))
    }

    // MARK: - Controls

    /// PUT /autonomy (admin).
    public func setAutonomy(level: AutonomyLevel, automation: Bool? = nil) async throws -> StatusResponse {
        try await send(.PUT, "/autonomy", body: AutonomyRequest(level: level.description, enabled: automation))
    }

    /// POST /emergency-stop (admin): `engaged` sets it; nil engages it (only `false` lifts it).
    public func emergencyStop(engaged: Bool?, reason: String? = nil) async throws -> StatusResponse {
        try await send(.POST, "/emergency-stop", body: EmergencyStopRequest(enabled: engaged, reason: reason))
    }

    /// POST /config (admin).
    public func configure(_ change: ConfigRequest) async throws -> ConfigResponse {
        try await send(.POST, "/config", body: change)
    }

    // MARK: - Work

    /// POST /optimise (operator; admin with `reconcile`).
    public func optimise(_ request: OptimiseRequest = OptimiseRequest()) async throws -> OptimizationReport {
        try await send(.POST, "/optimise", body: request)
    }

    /// POST /chat (operator).
    public func chat(_ message: String, session: UUID? = nil) async throws -> ChatTurnResponse {
        try await send(.POST, "/chat", body: ChatTurnRequest(message: message, session: session?.uuidString))
    }

    /// POST /chat/stream (operator): the turn's events, `session` first and `done` (or `error`) last.
    public func chatStream(_ message: String, session: UUID? = nil) -> AsyncThrowingStream<ChatStreamEvent, any Error> {
        let body = try? APIJSON.encoder.encode(ChatTurnRequest(message: message, session: session?.uuidString))
        return events(.POST, "/chat/stream", query: [:], body: body, extra: [])
    }

    /// POST /alerts (operator): hands Alertmanager alerts to the agent.
    public func sendAlerts(_ webhook: AlertmanagerWebhook) async throws -> AlertsResponse {
        try await send(.POST, "/alerts", body: webhook)
    }

    // MARK: - Audit

    /// GET /audit/plans.
    public func plans(state: ActionPlan.State? = nil, limit: Int? = nil) async throws -> PlansResponse {
        try await get("/audit/plans", query: ["state": state?.rawValue, "limit": limit.map(String.init)])
    }

    /// GET /audit/plans/{id}.
    public func plan(_ id: UUID) async throws -> PlanDetailResponse { try await get("/audit/plans/\(id.uuidString)") }

    /// GET /audit/actions.
    public func actions(limit: Int? = nil) async throws -> ActionsResponse {
        try await get("/audit/actions", query: ["limit": limit.map(String.init)])
    }

    /// GET /audit/actions/{id}.
    public func action(_ callID: UUID) async throws -> ActionDetailResponse {
        try await get("/audit/actions/\(callID.uuidString)")
    }

    /// GET /audit/tools.
    public func toolUsage(since: Date? = nil) async throws -> ToolUsageResponse {
        try await get("/audit/tools", query: ["since": since.map { $0.formatted(.iso8601) }])
    }

    /// GET /quarantine: the Deployments in quarantine, in one namespace or all.
    public func quarantined(namespace: String? = nil) async throws -> QuarantineResponse {
        try await get("/quarantine", query: ["namespace": namespace])
    }

    /// POST /tools/run: one tool call through the gate, as the token's holder.
    public func runTool(_ request: ToolRunRequest) async throws -> ToolRunResponse {
        try await send(.POST, "/tools/run", body: request)
    }

    /// GET /audit/stats.
    public func auditStats(since: Date? = nil) async throws -> AuditStatsResponse {
        try await get("/audit/stats", query: ["since": since.map { $0.formatted(.iso8601) }])
    }

    // MARK: - Transport

    private func get<Answer: Decodable>(_ path: String, query: [String: String?] = [:]) async throws -> Answer {
        try await exchange(.GET, path, query: query, body: nil)
    }

    private func send<Answer: Decodable>(_ method: HTTPMethod, _ path: String, body: some Encodable) async throws -> Answer {
        try await exchange(method, path, query: [:], body: try APIJSON.encoder.encode(body))
    }

    private func exchange<Answer: Decodable>(
        _ method: HTTPMethod, _ path: String, query: [String: String?], body: Data?
    ) async throws -> Answer {
        let name = "\(method.rawValue) \(path)"
        let response: HTTPClientResponse
        let bytes: ByteBuffer
        do {
            response = try await open(
                method, path, query: query, body: body, extra: [], deadline: .now() + .nanoseconds(timeout.nanoseconds))
            bytes = try await response.body.collect(upTo: 64 << 20)
        } catch {
            throw OkikServerError(.unreachable(detail: unreachable(error)), request: name)
        }
        try Self.check(response.status, bytes, request: name)
        do {
            return try APIJSON.decoder.decode(Answer.self, from: Data(bytes.readableBytesView))
        } catch {
            throw OkikServerError(.undecodable(status: Int(response.status.code), detail: "\(error)"), request: name)
        }
    }

    private func events<Event: Decodable & Sendable>(
        _ method: HTTPMethod, _ path: String, query: [String: String?], body: Data?, extra: [(String, String)]
    ) -> AsyncThrowingStream<Event, any Error> {
        let name = "\(method.rawValue) \(path)"
        let client = self
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let response: HTTPClientResponse
                    do {
                        response = try await client.open(
                            method, path, query: query, body: body, extra: extra + [("Accept", "text/event-stream")],
                            deadline: .distantFuture)
                    } catch {
                        throw OkikServerError(.unreachable(detail: client.unreachable(error)), request: name)
                    }
                    guard (200..<300).contains(response.status.code) else {
                        let bytes = (try? await response.body.collect(upTo: 1 << 20)) ?? ByteBuffer()
                        try Self.check(response.status, bytes, request: name)
                        return
                    }
                    var parser = SSEParser()
                    func deliver(_ events: [SSEEvent]) throws {
                        for event in events {
                            do {
                                continuation.yield(try APIJSON.decoder.decode(Event.self, from: Data(event.data.utf8)))
                            } catch {
                                throw OkikServerError(
                                    .undecodable(status: Int(response.status.code), detail: "event \(event.event ?? "message"): \(error)"),
                                    request: name)
                            }
                        }
                    }
                    do {
                        for try await chunk in response.body { try deliver(parser.feed(chunk.readableBytesView)) }
                    } catch let error as OkikServerError {
                        throw error
                    } catch {
                        throw OkikServerError(.unreachable(detail: "the stream broke: \(error)"), request: name)
                    }
                    try deliver(parser.finish())
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// What a failed connection says: a refused one names the address and what to check.
    private func unreachable(_ error: any Error) -> String {
        if ConnectionFailure.isRefused(error) {
            return "connection refused at \(baseURL) (is okik-server running and listening there?)"
        }
        if let error = error as? HTTPClientError, error == .deadlineExceeded || error == .connectTimeout {
            return "no answer from \(baseURL) within \(timeout)"
        }
        return "\(error)"
    }

    /// Sends a request on the client's route and returns the response once its head arrives.
    private func open(
        _ method: HTTPMethod, _ path: String, query: [String: String?], body: Data?, extra: [(String, String)],
        deadline: NIODeadline
    ) async throws -> HTTPClientResponse {
        let pairs = query.compactMapValues { $0 }.sorted { $0.key < $1.key }
        var fields = headers + extra
        if let token { fields.append(("X-Okik-Token", token)) }
        if body != nil { fields.append(("Content-Type", "application/json")) }
        switch route {
        case .direct(let httpClient):
            var components = URLComponents()
            components.queryItems = pairs.map { URLQueryItem(name: $0.key, value: $0.value) }
            let queryText = pairs.isEmpty ? "" : "?" + (components.percentEncodedQuery ?? "")
            var request = HTTPClientRequest(url: baseURL + path + queryText)
            request.method = method
            for (name, value) in fields { request.headers.add(name: name, value: value) }
            if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
            return try await httpClient.execute(request, deadline: deadline)
        case .serviceProxy(let transport, let proxyPath):
            let request = KubeRequest(
                method: method.rawValue, path: proxyPath + path, query: pairs.map { ($0.key, $0.value) },
                headers: fields, body: body)
            return try await transport.open(request, deadline: deadline)
        }
    }

    /// Throws the server's error for a status outside 2xx.
    private static func check(_ status: HTTPResponseStatus, _ bytes: ByteBuffer, request: String) throws {
        guard !(200..<300).contains(status.code) else { return }
        let data = Data(bytes.readableBytesView)
        var body = try? APIJSON.decoder.decode(APIErrorBody.self, from: data)
        if body == nil, let kube = try? JSONDecoder().decode(KubernetesStatus.self, from: data), kube.kind == "Status" {
            // The Kubernetes API server (or its service proxy) answered, not okik-server.
            body = APIErrorBody(
                error: kube.reason ?? "kubernetes", message: "the Kubernetes API server says: \(kube.message ?? "no message")")
        }
        throw OkikServerError(.refused(status: Int(status.code), body: body), request: request)
    }
}

/// The members of a Kubernetes `Status` an error message needs (its `kind` tells it from okik-server's bodies).
private struct KubernetesStatus: Decodable {
    var kind: String?
    var message: String?
    var reason: String?
}
