/// Settings of a ``KubeClient`` that do not come from the kubeconfig: timeouts, retries, identity.
public struct KubeClientConfiguration: Sendable {
    /// Connection and request timeouts.
    public struct Timeout: Sendable {
        /// Time allowed to open a connection (TCP and TLS).
        public var connect: Duration
        /// Time allowed between bytes of a response, for ordinary requests (watches and `follow` logs have none).
        public var read: Duration
        /// Overall time allowed for one ordinary request attempt.
        public var request: Duration

        /// Creates timeouts.
        public init(connect: Duration = .seconds(10), read: Duration = .seconds(30), request: Duration = .seconds(60)) {
            self.connect = connect
            self.read = read
            self.request = request
        }
    }

    /// Retry of idempotent requests (GET, and writes that carry a precondition) on 429, 5xx and connection errors.
    public struct Retry: Sendable {
        /// Attempts in total, including the first; 1 disables retries.
        public var maxAttempts: Int
        /// Delay window of the first retry; doubles each time, with jitter.
        public var initialBackoff: Duration
        /// Upper bound of one delay (also caps a server's `Retry-After`).
        public var maxBackoff: Duration

        /// Creates a retry policy.
        public init(maxAttempts: Int = 5, initialBackoff: Duration = .milliseconds(200), maxBackoff: Duration = .seconds(30)) {
            self.maxAttempts = max(1, maxAttempts)
            self.initialBackoff = initialBackoff
            self.maxBackoff = maxBackoff
        }

        /// No retries.
        public static let none = Retry(maxAttempts: 1)
    }

    /// Timeouts.
    public var timeout: Timeout
    /// Retry policy.
    public var retry: Retry
    /// The `User-Agent` header.
    public var userAgent: String
    /// Page size used by automatic paging in `list`.
    public var listPageSize: Int
    /// Events a watch stream buffers before it stops reading from the server (back-pressure).
    public var watchBufferSize: Int
    /// How long a token read from a `tokenFile` is reused before the file is read again.
    public var tokenFileRefreshInterval: Duration
    /// Largest response body accepted for an ordinary request.
    public var maxResponseBytes: Int
    /// HTTP/1.1 connections kept per API server, for requests and for watches each (every open watch holds one).
    public var connectionsPerHost: Int

    /// Creates a configuration; every setting has a sane default.
    public init(
        timeout: Timeout = Timeout(), retry: Retry = Retry(), userAgent: String = "okik/0.1",
        listPageSize: Int = 500, watchBufferSize: Int = 1024, tokenFileRefreshInterval: Duration = .seconds(60),
        maxResponseBytes: Int = 512 * 1024 * 1024, connectionsPerHost: Int = 64
    ) {
        self.timeout = timeout
        self.retry = retry
        self.userAgent = userAgent
        self.listPageSize = listPageSize
        self.watchBufferSize = watchBufferSize
        self.tokenFileRefreshInterval = tokenFileRefreshInterval
        self.maxResponseBytes = maxResponseBytes
        self.connectionsPerHost = connectionsPerHost
    }

    /// The defaults.
    public static let `default` = KubeClientConfiguration()
}
