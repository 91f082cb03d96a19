import Logging

/// How to start a ``Simulator``.
public struct SimulatorConfiguration: Sendable {
    /// Address to listen on; loopback by default.
    public var host: String
    /// Port; 0 picks a free one.
    public var port: Int
    /// Serve HTTPS with a self-generated CA (the kubeconfig carries the CA).
    public var tls: Bool
    /// Who may connect.
    public var authentication: AuthenticationConfiguration
    /// Faults to inject from the start (changeable at run time through ``Simulator/faults``).
    public var faults: FaultConfiguration
    /// Seed of every random choice the simulator makes (faults, generated names), for repeatable runs.
    public var seed: UInt64
    /// Largest request body accepted (the real API server's limit is 3 MiB).
    public var maxRequestBodyBytes: Int
    /// Changes kept for watches that resume from a resourceVersion.
    public var watchHistoryLimit: Int
    /// The version reported by `/version`.
    public var kubernetesVersion: String
    /// Namespaces created at start.
    public var initialNamespaces: [String]

    /// Creates a configuration; the defaults give a plain-HTTP, unauthenticated server on a free loopback port.
    public init(
        host: String = "127.0.0.1", port: Int = 0, tls: Bool = false, authentication: AuthenticationConfiguration = .none,
        faults: FaultConfiguration = .none, seed: UInt64 = 42, maxRequestBodyBytes: Int = 3 * 1024 * 1024,
        watchHistoryLimit: Int = 10_000, kubernetesVersion: String = "v1.32.0",
        initialNamespaces: [String] = ["default", "kube-system", "kube-public", "kube-node-lease"]
    ) {
        self.host = host
        self.port = port
        self.tls = tls
        self.authentication = authentication
        self.faults = faults
        self.seed = seed
        self.maxRequestBodyBytes = maxRequestBodyBytes
        self.watchHistoryLimit = watchHistoryLimit
        self.kubernetesVersion = kubernetesVersion
        self.initialNamespaces = initialNamespaces
    }
}
