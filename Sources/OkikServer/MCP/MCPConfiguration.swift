/// How OKIK's MCP server behaves: how often subscribed resources are checked, how long a scan's findings are
/// reused, and, for streamable HTTP at `/mcp`, which browser origins may call it and how many sessions it keeps.
///
/// ```swift
/// var configuration = MCPConfiguration()
/// configuration.allowedOrigins = ["https://assistant.example.com"]
/// ```
public struct MCPConfiguration: Sendable, Hashable {
    /// How often the resources a client subscribed to are checked for changes (5 s by default).
    public var subscriptionInterval: Duration
    /// How long one optimizer scan's findings and scores are served before the next read scans again (60 s).
    public var findingsMaxAge: Duration
    /// Browser origins allowed to call `/mcp` besides `http://localhost:PORT`, `http://127.0.0.1:PORT` and
    /// `http://[::1]:PORT`; a request with any other `Origin` is refused with 403 (clients that are not browsers send
    /// no `Origin`).
    public var allowedOrigins: [String]
    /// The most HTTP sessions kept at once; beyond it a new session gets a 503 (32).
    public var maxSessions: Int
    /// The most HTTP sessions one token's holder keeps at once; one more ends their least recently used one (8).
    public var maxSessionsPerOwner: Int
    /// An HTTP session unused this long is ended (30 minutes), checked on a timer as well as on each request.
    public var sessionIdleTimeout: Duration
    /// The most resources one session subscribes to at once; one more is refused with JSON-RPC error -32000 (32).
    public var maxSubscriptionsPerSession: Int

    /// Creates a configuration.
    public init(
        subscriptionInterval: Duration = .seconds(5), findingsMaxAge: Duration = .seconds(60),
        allowedOrigins: [String] = [], maxSessions: Int = 32, maxSessionsPerOwner: Int = 8,
        sessionIdleTimeout: Duration = .seconds(1800), maxSubscriptionsPerSession: Int = 32
    ) {
        self.subscriptionInterval = subscriptionInterval
        self.findingsMaxAge = findingsMaxAge
        self.allowedOrigins = allowedOrigins
        self.maxSessions = maxSessions
        self.maxSessionsPerOwner = maxSessionsPerOwner
        self.sessionIdleTimeout = sessionIdleTimeout
        self.maxSubscriptionsPerSession = maxSubscriptionsPerSession
    }
}
