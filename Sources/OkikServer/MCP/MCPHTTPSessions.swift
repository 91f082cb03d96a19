import Foundation
import Logging
import MCP
import ServiceLifecycle

/// The streamable HTTP sessions of okik-server's `/mcp`: an `initialize` without `MCP-Session-Id` starts one (an
/// ``MCPSession`` on its own ``MCPHTTPTransport``), bound to the token's holder; later requests name it. A session
/// another token's holder names is unknown to them (404), like an ended or expired one. Sessions unused for
/// ``MCPConfiguration/sessionIdleTimeout`` are ended, on each request and on a timer (``run()``). A holder who
/// already has ``MCPConfiguration/maxSessionsPerOwner`` loses their least recently used one to a new one, so that no
/// one holder fills the server; beyond ``MCPConfiguration/maxSessions`` in all a new one gets 503. A session's slot is
/// taken before the session starts (a start awaits), so concurrent `initialize` requests cannot pass the caps
/// together; a holder with as many starts in flight as their cap gets 503 for one more.
actor MCPHTTPSessions {
    private struct Entry {
        var owner: String
        var transport: MCPHTTPTransport
        var session: MCPSession
        var lastUsed: ContinuousClock.Instant
    }

    private let endpoint: MCPEndpoint
    private var sessions: [String: Entry] = [:]
    /// Sessions being started, per holder: counted against the caps like open ones.
    private var starting: [String: Int] = [:]
    private var closed = false

    init(endpoint: MCPEndpoint) {
        self.endpoint = endpoint
    }

    /// The number of open sessions.
    var count: Int { sessions.count }

    /// The number of open sessions `owner` holds.
    func count(of owner: String) -> Int { sessions.values.count { $0.owner == owner } }

    /// Ends idle sessions every quarter of ``MCPConfiguration/sessionIdleTimeout`` (at most every minute) until
    /// cancelled or shut down gracefully, then ends every session, so that none outlives the server with its
    /// subscription loop. okik-server runs it as a service next to the HTTP server.
    func run() async {
        let period = max(min(endpoint.configuration.sessionIdleTimeout / 4, .seconds(60)), .milliseconds(100))
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            // Woken by a graceful shutdown too, so that it does not hold the server's shutdown for a period.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: period) }
            await endIdle()
        }
        await endAll()
    }

    /// Answers one request to `/mcp` from the holder of the token named `owner`.
    func handle(_ request: MCP.HTTPRequest, owner: String) async -> MCP.HTTPResponse {
        if let refusal = Self.checkOrigin(request, allowed: endpoint.configuration.allowedOrigins) { return refusal }
        await endIdle()
        guard let id = request.header("MCP-Session-Id") else {
            guard request.method.uppercased() == "POST", let body = request.body,
                MCPHTTPTransport.classify(body).isInitialize
            else {
                if !["POST", "GET", "DELETE"].contains(request.method.uppercased()) {
                    return .error(
                        statusCode: 405, .invalidRequest("Method Not Allowed"), extraHeaders: ["Allow": "GET, POST, DELETE"])
                }
                return .error(statusCode: 400, .invalidRequest("Bad Request: Missing MCP-Session-Id header"))
            }
            return await start(request, owner: owner)
        }
        guard var entry = sessions[id], entry.owner == owner else {
            return .error(statusCode: 404, .invalidRequest("Not Found: Invalid or expired session ID"))
        }
        entry.lastUsed = .now
        sessions[id] = entry
        let response = await entry.transport.handle(request)
        if await entry.transport.isTerminated { await end(id) }
        return response
    }

    /// Ends every session, and refuses new ones from then on (graceful shutdown).
    func endAll() async {
        closed = true
        let ended = Array(sessions.values)
        sessions.removeAll()
        for entry in ended { await entry.session.stop() }
    }

    private func start(_ request: MCP.HTTPRequest, owner: String) async -> MCP.HTTPResponse {
        // Everything up to the reservation is synchronous: no other request runs on the actor meanwhile.
        let perOwner = max(endpoint.configuration.maxSessionsPerOwner, 1)
        let inFlight = starting[owner, default: 0]
        let evicted = inFlight < perOwner ? takeLeastRecentlyUsed(of: owner, keeping: perOwner - inFlight - 1) : []
        let taken = sessions.count + starting.values.reduce(0, +)
        guard !closed, inFlight < perOwner, taken < endpoint.configuration.maxSessions else {
            for entry in evicted { await entry.session.stop() }
            return .error(
                statusCode: 503, .internalError("Service Unavailable: too many MCP sessions; try again later"),
                extraHeaders: ["Retry-After": "30"])
        }
        starting[owner] = inFlight + 1
        for entry in evicted { await entry.session.stop() }
        let id = UUID().uuidString
        let transport = MCPHTTPTransport(sessionID: id, logger: endpoint.logger)
        let session = await endpoint.session(identity: .token(name: owner))
        var started = true
        do {
            try await session.start(on: transport)
        } catch {
            started = false
        }
        starting[owner] = starting[owner, default: 1] - 1
        if starting[owner] == 0 { starting[owner] = nil }
        guard started, !closed else {
            await session.stop()
            return .error(statusCode: 500, .internalError("the MCP session could not start"))
        }
        sessions[id] = Entry(owner: owner, transport: transport, session: session, lastUsed: .now)
        let response = await transport.handle(request)
        if !(200..<300).contains(response.statusCode) { await end(id) }
        return response
    }

    private func end(_ id: String) async {
        guard let entry = sessions.removeValue(forKey: id) else { return }
        await entry.session.stop()
    }

    /// Removes `owner`'s least recently used sessions until at most `limit` remain, and returns them to be stopped.
    private func takeLeastRecentlyUsed(of owner: String, keeping limit: Int) -> [Entry] {
        let owned = sessions.filter { $0.value.owner == owner }.sorted { $0.value.lastUsed < $1.value.lastUsed }
        let excess = owned.prefix(max(owned.count - max(limit, 0), 0))
        for (id, _) in excess { sessions[id] = nil }
        return excess.map(\.value)
    }

    private func endIdle() async {
        let cutoff = ContinuousClock.now - endpoint.configuration.sessionIdleTimeout
        let idle = sessions.filter { $0.value.lastUsed < cutoff }
        for id in idle.keys { sessions[id] = nil }
        for entry in idle.values { await entry.session.stop() }
    }

    /// A browser's `Origin` must be a local page or one of `allowed`; requests without one (every client that is
    /// not a browser) pass. Any other origin is refused with 403 before a session is looked up.
    static func checkOrigin(_ request: MCP.HTTPRequest, allowed: [String]) -> MCP.HTTPResponse? {
        guard let origin = request.header("Origin") else { return nil }
        if allowed.contains(origin) { return nil }
        for local in ["http://localhost", "http://127.0.0.1", "http://[::1]"] {
            if origin == local { return nil }
            if origin.hasPrefix(local + ":"), origin.dropFirst(local.count + 1).allSatisfy(\.isNumber) { return nil }
        }
        return .error(statusCode: 403, .invalidRequest("Forbidden: Origin not allowed"))
    }
}
