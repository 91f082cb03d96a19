import Hummingbird
import HummingbirdCore
import NIOCore
import ServiceLifecycle
import Logging
import OkikKit

/// The okik-server application over a composed runtime: the routes of ``buildRouter(configuration:runtime:)``,
/// listening where the configuration says. The runtime's services are not included: run them next to the
/// application in one `ServiceGroup` (as okik-server does), or not at all in router tests.
///
/// ```swift
/// let runtime = try await OkikRuntime.start(runtimeConfiguration, logger: logger)
/// let app = buildApplication(configuration: ServerConfiguration(tokens: tokens), runtime: runtime, logger: logger)
/// let group = ServiceGroup(services: runtime.services + [app], gracefulShutdownSignals: [.sigterm], logger: logger)
/// try await group.run()
/// ```
public func buildApplication(
    configuration: ServerConfiguration, runtime: OkikRuntime, logger: Logger = Logger(label: "okik.server")
) -> some ApplicationProtocol {
    let (router, sessions) = makeRouter(configuration: configuration, runtime: runtime, logger: logger)
    return Application(
        router: router,
        // A connection that sends nothing of a request for `idleTimeout` is closed (a slow client cannot hold it);
        // Hummingbird does not count the time spent answering, so long event streams are not cut.
        server: .http1(configuration: .init(idleTimeout: configuration.idleTimeout.map { TimeAmount($0) })),
        configuration: ApplicationConfiguration(
            address: .hostname(configuration.host, port: configuration.port), serverName: configuration.serverName),
        services: [MCPSessionReaper(sessions: sessions)],
        logger: logger)
}

/// Ends idle MCP sessions on a timer, and every session when the server shuts down.
struct MCPSessionReaper: ServiceLifecycle.Service {
    let sessions: MCPHTTPSessions

    func run() async {
        await sessions.run()
    }
}

/// The routes, with their roles: /health needs no token; the rest need one (401 without), and each route needs at
/// least its role (403 below it).
///
/// | Route | Role |
/// | --- | --- |
/// | GET /health | none |
/// | GET /status, /recommendations, /recommendations/stream (SSE), /quarantine, /openapi.json | viewer |
/// | GET /metrics (JSON, or Prometheus text when `Accept` asks), /tools, /tools/calls, /actions, /audit/plans, /audit/plans/{id}, /audit/actions, /audit/actions/{id}, /audit/tools, /audit/stats | viewer (agent mode) |
/// | POST /tools/run | operator (both modes; the gate decides the call as for any caller) |
/// | POST, GET, DELETE /mcp | operator (both modes; MCP's streamable HTTP, each tool call through the gate as `mcp:NAME`) |
/// | POST /optimise, /chat, /chat/stream (SSE) | operator (agent mode); /optimise with `"reconcile": true` admin |
/// | POST /actions/approve/{id}, /actions/reject/{id} | approver (agent mode) |
/// | PUT /autonomy, POST /emergency-stop, POST /config | admin (agent mode) |
///
/// In watchdog mode (``ServerConfiguration/mode``) only /health, /status, /recommendations,
/// /recommendations/stream, /quarantine, /tools/run, /mcp and /openapi.json exist (a person restores a quarantine the
/// watchdog made with `unquarantine_deployment`). The admin check of a reconciling /optimise depends on the body, so
/// ``OptimiseController`` makes it after decoding, with the same 403 as the role middleware.
public func buildRouter(
    configuration: ServerConfiguration, runtime: OkikRuntime, logger: Logger = Logger(label: "okik.server")
) -> Router<OkikRequestContext> {
    makeRouter(configuration: configuration, runtime: runtime, logger: logger).router
}

/// The routes, and the MCP sessions behind `/mcp` (for ``MCPSessionReaper``).
func makeRouter(
    configuration: ServerConfiguration, runtime: OkikRuntime, logger: Logger
) -> (router: Router<OkikRequestContext>, sessions: MCPHTTPSessions) {
    let router = Router(context: OkikRequestContext.self)
    let metrics = ServerMetrics(runtime: runtime)
    router.add(middleware: HTTPMetricsMiddleware(metrics: metrics.okik))
    router.add(middleware: ErrorMiddleware())
    let status = StatusController(runtime: runtime, mode: configuration.mode)
    router.get("health", use: status.health)
    router.add(middleware: AuthMiddleware(tokens: configuration.tokens))

    let viewer = router.group().add(middleware: RoleMiddleware(minimum: .viewer))
    viewer.get("status", use: status.status)
    viewer.get("openapi.json", use: OpenAPIController().document)
    viewer.get("recommendations", use: RecommendationsController(runtime: runtime).list)
    viewer.get(
        "recommendations/stream",
        use: RecommendationsStreamController(
            runtime: runtime, keepAlive: configuration.keepAlive, maxSubscribers: configuration.maxStreamSubscribers
        ).stream)
    viewer.get("quarantine", use: QuarantineController(runtime: runtime).list)
    let limit = configuration.maxBodyBytes
    let tools = ToolsController(runtime: runtime, maxBodyBytes: limit)
    let operatorGroup = router.group().add(middleware: RoleMiddleware(minimum: .operator))
    operatorGroup.post("tools/run", use: tools.run)
    let sessions = MCPHTTPSessions(
        endpoint: MCPEndpoint(runtime: runtime, mode: configuration.mode, configuration: configuration.mcp, logger: logger))
    let mcp = MCPController(sessions: sessions, maxBodyBytes: limit, keepAlive: configuration.keepAlive)
    // PUT and PATCH too, so they get the transport's 405 with `Allow` rather than a 404.
    for method in [HTTPRequest.Method.post, .get, .delete, .put, .patch] { operatorGroup.on("mcp", method: method, use: mcp.handle) }
    guard configuration.mode == .agent else { return (router, sessions) }

    let actions = ActionsController(runtime: runtime, maxBodyBytes: limit)
    let audit = AuditController(runtime: runtime)
    viewer.get("tools", use: tools.list)
    viewer.get("tools/calls", use: tools.calls)
    viewer.get("metrics", use: MetricsController(runtime: runtime, metrics: metrics).metrics)
    viewer.get("actions", use: actions.pending)
    viewer.get("audit/plans", use: audit.plans)
    viewer.get("audit/plans/{id}", use: audit.plan)
    viewer.get("audit/actions", use: audit.actions)
    viewer.get("audit/actions/{id}", use: audit.action)
    viewer.get("audit/tools", use: audit.tools)
    viewer.get("audit/stats", use: audit.stats)

    let chat = ChatController(runtime: runtime, maxBodyBytes: limit)
    operatorGroup.post("optimise", use: OptimiseController(runtime: runtime, maxBodyBytes: limit).optimise)
    operatorGroup.post("chat", use: chat.chat)
    operatorGroup.post("chat/stream", use: chat.stream)
    operatorGroup.post("alerts", use: AlertsController(runtime: runtime, maxBodyBytes: limit).receive)

    let approver = router.group().add(middleware: RoleMiddleware(minimum: .approver))
    approver.post("actions/approve/{id}", use: actions.approve)
    approver.post("actions/reject/{id}", use: actions.reject)

    let admin = router.group().add(middleware: RoleMiddleware(minimum: .admin))
    let controls = ControlsController(runtime: runtime, mode: configuration.mode, maxBodyBytes: limit)
    admin.put("autonomy", use: controls.autonomy)
    admin.post("emergency-stop", use: controls.emergencyStop)
    admin.post("config", use: ConfigController(runtime: runtime, maxBodyBytes: limit).configure)
    return (router, sessions)
}
