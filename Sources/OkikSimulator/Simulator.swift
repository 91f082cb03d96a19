import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import OkikKubeClient
import ServiceLifecycle
import Synchronization

/// A local Kubernetes API server with in-memory storage, faithful enough for the real `kubectl` and for OKIK's
/// client, started in process on loopback.
///
/// ```swift
/// let simulator = try await Simulator.start(logger: logger)
/// defer { Task { await simulator.stop() } }
/// let client = try KubeClient(config: simulator.kubeConfig, logger: logger)
/// ```
public final class Simulator: Sendable {
    /// The storage every request goes through; tests and controllers may seed and inspect it directly.
    public let store: ObjectStore
    /// Container logs served by `pods/log`.
    public let logs: PodLogStore
    /// The configuration the simulator was started with.
    public let configuration: SimulatorConfiguration
    /// The port it listens on.
    public let port: Int
    /// The simulated control plane and kubelets, when ``SimulatorConfiguration/runtime`` is set.
    public let runtime: ClusterRuntime?
    /// Every request that reached the server (method, path, dry run), for tests that count writes.
    public let requests: RequestRecorder
    /// The CA of an HTTPS simulator that made its own certificates (nil for HTTP or a caller-supplied identity).
    public let certificateAuthority: CertificateAuthority?
    /// Runs the pods whose images ``SimulatorConfiguration/processPods`` names as real processes (nil when none
    /// are configured or there is no runtime).
    public let processPods: ProcessPodRunner?
    private let injector: FaultInjector
    private let task: Mutex<Task<Void, any Error>?>
    private let group: ServiceGroup

    private init(
        store: ObjectStore, logs: PodLogStore, configuration: SimulatorConfiguration, port: Int,
        certificateAuthority: CertificateAuthority?, injector: FaultInjector, task: Task<Void, any Error>,
        group: ServiceGroup, runtime: ClusterRuntime?, requests: RequestRecorder, processPods: ProcessPodRunner?
    ) {
        self.processPods = processPods
        self.requests = requests
        self.group = group
        self.runtime = runtime
        self.store = store
        self.logs = logs
        self.configuration = configuration
        self.port = port
        self.certificateAuthority = certificateAuthority
        self.injector = injector
        self.task = Mutex(task)
    }

    /// Starts a simulator and returns once it accepts connections.
    /// - Throws: ``SimulatorError`` naming the address and the reason when the port cannot be bound (in use, not
    ///   permitted); errors creating TLS material.
    public static func start(
        _ configuration: SimulatorConfiguration = SimulatorConfiguration(), logger: Logger
    ) async throws -> Simulator {
        let clock = configuration.clock
        let store = ObjectStore(historyLimit: configuration.watchHistoryLimit, now: { clock.now })
        let namespaceDefinition = ObjectStore.namespaceDefinition(store.registry)
        for name in configuration.initialNamespaces {
            try await store.create(namespaceDefinition, namespace: nil, object: ["metadata": ["name": .string(name)]])
        }
        let logs = PodLogStore()
        let runtime = configuration.runtime.map {
            ClusterRuntime(
                store: store, logs: logs, clock: clock, configuration: $0, processPods: configuration.processPods,
                logger: logger)
        }
        await runtime?.start()
        let injector = FaultInjector(configuration: configuration.faults, seed: configuration.seed)
        let handler = APIHandler(
            store: store, registry: store.registry, faults: injector, authentication: configuration.authentication,
            logs: logs, maxBodyBytes: configuration.maxRequestBodyBytes,
            kubernetesVersion: configuration.kubernetesVersion, logger: logger, now: { clock.now },
            recorder: RequestRecorder())
        let responder = CallbackResponder<SimulatorRequestContext> { request, context in
            try await handler.respond(request, context)
        }
        var certificateAuthority: CertificateAuthority?
        var server: HTTPServerBuilder = .http1()
        if configuration.tls {
            let authority = try CertificateAuthority()
            let identity = try configuration.tlsIdentity.map {
                CertificateAuthority.Identity(certificatePEM: $0.certificatePEM, privateKeyPEM: $0.privateKeyPEM)
            } ?? authority.issueServerCertificate()
            var tls = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(identity.certificatePEM.utf8)).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(identity.privateKeyPEM.utf8), format: .pem)))
            if configuration.authentication.clientCertificates {
                let clientCA = configuration.tlsIdentity?.clientCAPEM ?? authority.certificatePEM
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(clientCA.utf8)))
                tls.certificateVerification = .optionalVerification
            }
            server = try .tls(.http1(), tlsConfiguration: tls)
            certificateAuthority = configuration.tlsIdentity == nil ? authority : nil
        }
        let (portStream, portContinuation) = AsyncStream<Int>.makeStream()
        var quiet = logger
        quiet.logLevel = max(logger.logLevel, .warning)
        let app = Application(
            responder: responder, server: server,
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: quiet)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: app)] + Self.runtimeServices(runtime, clock: clock),
                gracefulShutdownSignals: [], logger: quiet))
        let task = Task {
            // A server that cannot bind ends the group with the error; the wait for the port then ends too.
            defer { portContinuation.finish() }
            try await group.run()
        }
        var port = 0
        for await value in portStream {
            port = value
            break
        }
        guard port > 0 else {
            task.cancel()
            var reason = "the server stopped before listening"
            if case .failure(let error) = await task.result { reason = "\(error)" }
            throw SimulatorError.startFailed("could not listen on \(configuration.host):\(configuration.port): \(reason)")
        }
        var processPods: ProcessPodRunner?
        if let runtime, configuration.processPods.isEnabled {
            let scheme = configuration.tls ? "https" : "http"
            let api = ProcessPodRunner.APIServer(
                url: "\(scheme)://\(configuration.host):\(port)", port: port,
                caPEM: certificateAuthority?.certificatePEM ?? configuration.tlsIdentity?.clientCAPEM,
                token: configuration.authentication.tokens.keys.sorted().first,
                tokensByUser: Dictionary(
                    configuration.authentication.tokens.map { ($0.value, $0.key) }, uniquingKeysWith: { min($0, $1) }))
            let runner = ProcessPodRunner(
                configuration: configuration.processPods, store: store, logs: logs, table: await runtime.processTable,
                api: api, logger: logger)
            await runtime.attach(runner)
            processPods = runner
        }
        return Simulator(
            store: store, logs: logs, configuration: configuration, port: port,
            certificateAuthority: certificateAuthority, injector: injector, task: task, group: group, runtime: runtime,
            requests: handler.recorder ?? RequestRecorder(), processPods: processPods)
    }

    /// Stops the server: open watches and log streams end, then the listener closes.
    public func stop() async {
        await processPods?.shutdown()
        await store.closeAllWatches()
        logs.finishAll()
        let running = task.withLock { task -> Task<Void, any Error>? in
            defer { task = nil }
            return task
        }
        await group.triggerGracefulShutdown()
        _ = await running?.result
    }

    /// Faults injected into requests; set it to change them at run time.
    public var faults: FaultConfiguration {
        get { injector.configuration }
        set { injector.configuration = newValue }
    }

    /// The server URL.
    public var serverURL: String { "\(configuration.tls ? "https" : "http")://\(configuration.host):\(port)" }

    /// A kubeconfig that reaches this simulator: its CA for HTTPS, and the first configured token if any.
    public var kubeConfig: KubeConfig {
        kubeConfig(user: AuthInfo(token: configuration.authentication.tokens.keys.sorted().first))
    }

    /// A kubeconfig for this simulator with the given credentials.
    public func kubeConfig(user: AuthInfo) -> KubeConfig {
        let cluster = Cluster(
            server: serverURL, certificateAuthorityData: certificateAuthority.map { Data($0.certificatePEM.utf8) })
        return KubeConfig.single(server: serverURL, cluster: cluster, user: user, contextName: "okik-simulator")
    }

    /// Writes a kubeconfig file for ``kubeConfig`` (for kubectl) and returns its path. The file is readable by its
    /// owner only (mode 0600, as kubectl writes kubeconfigs): it may carry a bearer token.
    /// - Throws: ``SimulatorError`` if the file cannot be written.
    @discardableResult
    public func writeKubeconfig(to path: String, user: AuthInfo? = nil) throws -> String {
        let config = user.map { kubeConfig(user: $0) } ?? kubeConfig
        try Self.writePrivately(Data(KubeConfigWriter.yaml(config).utf8), to: path)
        return path
    }

    /// Writes a file with mode 0600, atomically: a new temporary file created with that mode next to the target,
    /// then renamed over it (so the content is never readable by others, even briefly, and an existing file's wider
    /// mode does not carry over).
    static func writePrivately(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString.prefix(8)).tmp").path
        func failure(_ action: String) -> SimulatorError {
            SimulatorError(message: "cannot write \(path): \(action): \(String(cString: strerror(errno)))")
        }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw failure("create") }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: data)
            try handle.close()
        } catch {
            unlink(temporary)
            throw SimulatorError(message: "cannot write \(path): \(error)")
        }
        guard rename(temporary, path) == 0 else {
            let error = failure("rename")
            unlink(temporary)
            throw error
        }
    }
}

/// Why the simulator could not do what was asked.
public struct SimulatorError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public let message: String
    static func startFailed(_ message: String) -> SimulatorError { SimulatorError(message: message) }
    public var description: String { message }
}
