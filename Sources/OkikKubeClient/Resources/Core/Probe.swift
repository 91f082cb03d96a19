/// A health check the kubelet runs against a container (liveness, readiness or startup).
public struct Probe: Codable, Sendable, Hashable {
    /// An HTTP GET request; success is a 2xx or 3xx status.
    public var httpGet: HTTPGetAction?
    /// A TCP connection attempt.
    public var tcpSocket: TCPSocketAction?
    /// A command run in the container; success is exit status 0.
    public var exec: ExecAction?
    /// A gRPC health check.
    public var grpc: GRPCAction?
    /// Seconds after the container starts before the first probe.
    public var initialDelaySeconds: Int?
    /// Seconds between probes (default 10).
    public var periodSeconds: Int?
    /// Seconds after which a probe times out (default 1).
    public var timeoutSeconds: Int?
    /// Consecutive failures before the probe is considered failed (default 3).
    public var failureThreshold: Int?
    /// Consecutive successes before the probe is considered successful (default 1).
    public var successThreshold: Int?
    /// Grace period used when a failing probe kills the container.
    public var terminationGracePeriodSeconds: Int?

    /// Creates a value; every field is optional.
    public init(
        httpGet: HTTPGetAction? = nil,
        tcpSocket: TCPSocketAction? = nil,
        exec: ExecAction? = nil,
        grpc: GRPCAction? = nil,
        initialDelaySeconds: Int? = nil,
        periodSeconds: Int? = nil,
        timeoutSeconds: Int? = nil,
        failureThreshold: Int? = nil,
        successThreshold: Int? = nil,
        terminationGracePeriodSeconds: Int? = nil
    ) {
        self.httpGet = httpGet
        self.tcpSocket = tcpSocket
        self.exec = exec
        self.grpc = grpc
        self.initialDelaySeconds = initialDelaySeconds
        self.periodSeconds = periodSeconds
        self.timeoutSeconds = timeoutSeconds
        self.failureThreshold = failureThreshold
        self.successThreshold = successThreshold
        self.terminationGracePeriodSeconds = terminationGracePeriodSeconds
    }

    /// An HTTP GET probe.
    public struct HTTPGetAction: Codable, Sendable, Hashable {
        /// Request path, such as `/healthz`.
        public var path: String?
        /// Port number or named container port.
        public var port: IntOrString?
        /// Host name; defaults to the pod IP.
        public var host: String?
        /// `HTTP` (default) or `HTTPS`.
        public var scheme: String?
        /// Extra request headers.
        public var httpHeaders: [HTTPHeader]?

        /// Creates a value; every field is optional.
        public init(
            path: String? = nil,
            port: IntOrString? = nil,
            host: String? = nil,
            scheme: String? = nil,
            httpHeaders: [HTTPHeader]? = nil
        ) {
            self.path = path
            self.port = port
            self.host = host
            self.scheme = scheme
            self.httpHeaders = httpHeaders
        }
    }

    /// A header of an HTTP probe.
    public struct HTTPHeader: Codable, Sendable, Hashable {
        /// Header name.
        public var name: String?
        /// Header value.
        public var value: String?

        /// Creates a value; every field is optional.
        public init(
            name: String? = nil,
            value: String? = nil
        ) {
            self.name = name
            self.value = value
        }
    }

    /// A TCP connection probe.
    public struct TCPSocketAction: Codable, Sendable, Hashable {
        /// Port number or named container port.
        public var port: IntOrString?
        /// Host name; defaults to the pod IP.
        public var host: String?

        /// Creates a value; every field is optional.
        public init(
            port: IntOrString? = nil,
            host: String? = nil
        ) {
            self.port = port
            self.host = host
        }
    }

    /// A command probe.
    public struct ExecAction: Codable, Sendable, Hashable {
        /// Command line, run without a shell.
        public var command: [String]?

        /// Creates a value; every field is optional.
        public init(
            command: [String]? = nil
        ) {
            self.command = command
        }
    }

    /// A gRPC health-check probe.
    public struct GRPCAction: Codable, Sendable, Hashable {
        /// Port number.
        public var port: Int?
        /// Service name sent in the health-check request.
        public var service: String?

        /// Creates a value; every field is optional.
        public init(
            port: Int? = nil,
            service: String? = nil
        ) {
            self.port = port
            self.service = service
        }
    }
}
