/// GET /health: the process answers (no token needed).
public struct HealthResponse: Codable, Sendable, Hashable {
    /// Always `ok`.
    public var status: String
    /// `agent` or `watchdog`.
    public var mode: ServerMode

    /// Creates a body.
    public init(status: String = "ok", mode: ServerMode) {
        self.status = status
        self.mode = mode
    }
}

/// Which routes a server serves: agent mode (the full API) or watchdog mode (health, status, recommendations).
public enum ServerMode: String, Codable, Sendable, Hashable {
    /// The full API.
    case agent
    /// The LLM-free watchdog's routes only.
    case watchdog
}
