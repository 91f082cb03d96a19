import Foundation
import Logging
import MCP

/// The streamable HTTP sessions of okik-server's `/mcp`: an `initialize` without `MCP-Session-Id` starts one (an
/// ``MCPSession`` on its own ``MCPHTTPTransport``), bound to the token's holder; later requests name it. A session
/// another token's holder names is unknown to them (404), like an ended or expired one. Sessions unused for
/// ``MCPConfiguration/sessionIdleTimeout`` are ended. A holder who already has
/// ``MCPConfiguration/maxSessionsPerOwner`` loses their least recently used one to a new one, so that no one holder
/// fills the server; beyond ``MCPConfiguration/maxSessions`` in all a new one gets 503.
actor MCPHTTPSessions {
    private struct Entry {
        var owner: String
        var transport: MCPHTTPTransport
        var session: MCPSession
        var lastUsed: ContinuousClock.Instant
    }

    private let endpoint: MCPEndpoint
    private var sessions: [String: Entry] = [:]

    init(endpoint: MCPEndpoint) {
        self.endpoint = endpoint
    }

    /// The number of open sessions.
    var count: Int { sessions.count }

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

    /// Ends every session (graceful shutdown).
    func endAll() async {
        for id in sessions.keys { await end(id) }
    }

    private func start(_ request: MCP.HTTPRequest, owner: String) async -> MCP.HTTPResponse {
        await endLeastRecentlyUsed(of: owner, keeping: endpoint.configuration.maxSessionsPerOwner - 1)
        guard sessions.count < endpoint.configuration.maxSessions else {
            return .error(
                statusCode: 503, .internalError("Service Unavailable: too many MCP sessions; try again later"),
                extraHeaders: ["Retry-After": "30"])
        }
        let id = UUID().uuidString
        let transport = MCPHTTPTransport(sessionID: id, logger: endpoint.logger)
        let session = await endpoint.session(identity: .token(name: owner))
        do {
            try await session.start(on: transport)
        } catch {
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

    /// Ends `owner`'s least recently used sessions until at most `limit` remain.
    private func endLeastRecentlyUsed(of owner: String, keeping limit: Int) async {
        while true {
            let owned = sessions.filter { $0.value.owner == owner }
            guard owned.count > max(limit, 0),
                let oldest = owned.min(by: { $0.value.lastUsed < $1.value.lastUsed })?.key
            else { return }
            await end(oldest)
        }
    }

    private func endIdle() async {
        let cutoff = ContinuousClock.now - endpoint.configuration.sessionIdleTimeout
        for (id, entry) in sessions where entry.lastUsed < cutoff { await end(id) }
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
