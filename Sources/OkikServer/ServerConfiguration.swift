import OkikKit

/// How okik-server listens, whom it lets in and which routes it serves.
///
/// ```swift
/// let configuration = ServerConfiguration(host: "0.0.0.0", port: 8000, tokens: try TokenFile.load(from: path))
/// ```
public struct ServerConfiguration: Sendable {
    /// The address to bind (`0.0.0.0` in a pod, or the Service cannot reach it).
    public var host: String
    /// The port (8000 by default).
    public var port: Int
    /// The bearer tokens accepted, with their roles.
    public var tokens: TokenFile
    /// The largest request body accepted; larger bodies get a 413 (1 MiB by default).
    public var maxBodyBytes: Int
    /// The server's name in logs and its `Server` header.
    public var serverName: String
    /// Agent mode (the full API) or watchdog mode (health, status, recommendations).
    public var mode: ServerMode
    /// How long a server-sent event stream may stay silent before a `: keep-alive` comment (15 s by default).
    public var keepAlive: Duration
    /// The MCP endpoint at `/mcp`: allowed browser origins, sessions, subscriptions.
    public var mcp: MCPConfiguration
    /// How long a connection may go without sending any part of a request before it is closed (60 s by default;
    /// nil: never). Hummingbird's HTTP/1 idle timeout: time spent answering (an event stream) does not count.
    public var idleTimeout: Duration?
    /// The most clients following `/recommendations/stream` at once; one more gets 503 with `Retry-After` (64).
    public var maxStreamSubscribers: Int

    /// Creates a configuration.
    public init(
        host: String = "127.0.0.1", port: Int = 8000, tokens: TokenFile = TokenFile(), maxBodyBytes: Int = 1 << 20,
        serverName: String = "okik-server", mode: ServerMode = .agent, keepAlive: Duration = .seconds(15),
        mcp: MCPConfiguration = MCPConfiguration(), idleTimeout: Duration? = .seconds(60), maxStreamSubscribers: Int = 64
    ) {
        self.mcp = mcp
        self.idleTimeout = idleTimeout
        self.maxStreamSubscribers = maxStreamSubscribers
        self.mode = mode
        self.keepAlive = keepAlive
        self.host = host
        self.port = port
        self.tokens = tokens
        self.maxBodyBytes = maxBodyBytes
        self.serverName = serverName
    }
}
