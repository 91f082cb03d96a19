import Logging

/// How to start a ``Simulator``.
public struct SimulatorConfiguration: Sendable {
    /// Address to listen on; loopback by default.
    public var host: String
    /// Port; 0 picks a free one.
    public var port: Int
    /// Serve HTTPS with a self-generated CA (the kubeconfig carries the CA).
    public var tls: Bool
    /// A server certificate and key to use instead of the self-generated ones, and the CA that signs accepted
    /// client certificates (PEM). Nil: the simulator creates its own CA.
    public var tlsIdentity: TLSIdentity?
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
    /// The clock the simulated cluster runs on (real time, or a virtual clock tests advance).
    public var clock: SimulationClock
    /// Simulated controllers, scheduler and kubelets; nil serves the API only (objects are stored, nothing acts).
    public var runtime: RuntimeConfiguration?
    /// Container images the simulated kubelet runs as real child processes (needs ``runtime``); empty by default.
    public var processPods: ProcessPodConfiguration

    /// Creates a configuration; the defaults give a plain-HTTP, unauthenticated server on a free loopback port.
    public init(
        host: String = "127.0.0.1", port: Int = 0, tls: Bool = false, tlsIdentity: TLSIdentity? = nil,
        authentication: AuthenticationConfiguration = .none,
        faults: FaultConfiguration = .none, seed: UInt64 = 42, maxRequestBodyBytes: Int = 3 * 1024 * 1024,
        watchHistoryLimit: Int = 10_000, kubernetesVersion: String = "v1.32.0",
        initialNamespaces: [String] = ["default", "kube-system", "kube-public", "kube-node-lease"],
        clock: SimulationClock = .realTime, runtime: RuntimeConfiguration? = nil,
        processPods: ProcessPodConfiguration = .none
    ) {
        self.clock = clock
        self.runtime = runtime
        self.processPods = processPods
        self.host = host
        self.port = port
        self.tls = tls
        self.tlsIdentity = tlsIdentity
        self.authentication = authentication
        self.faults = faults
        self.seed = seed
        self.maxRequestBodyBytes = maxRequestBodyBytes
        self.watchHistoryLimit = watchHistoryLimit
        self.kubernetesVersion = kubernetesVersion
        self.initialNamespaces = initialNamespaces
    }
}

/// TLS material supplied by the caller, in PEM.
public struct TLSIdentity: Sendable, Hashable {
    /// The server certificate (and intermediates).
    public var certificatePEM: String
    /// The server's private key.
    public var privateKeyPEM: String
    /// The CA whose client certificates are accepted, when client-certificate authentication is on.
    public var clientCAPEM: String?

    /// Creates an identity.
    public init(certificatePEM: String, privateKeyPEM: String, clientCAPEM: String? = nil) {
        self.certificatePEM = certificatePEM
        self.privateKeyPEM = privateKeyPEM
        self.clientCAPEM = clientCAPEM
    }
}
