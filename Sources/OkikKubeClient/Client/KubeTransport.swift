import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL

/// Sends requests to one API server over AsyncHTTPClient: base URL, TLS and mTLS, credentials, timeouts, and
/// retries with jittered exponential backoff for idempotent requests.
///
/// It owns its HTTP clients; call ``shutdown()`` when done (``KubeClient/shutdown()`` does).
public final class KubeTransport: Sendable {
    /// The context this transport talks to.
    public let context: ResolvedContext
    /// Client settings.
    public let configuration: KubeClientConfiguration
    let credentials: CredentialProvider
    /// Whether every write must be a server-side dry run (`dryRun=All`); reads are never limited.
    public let dryRunOnly: Bool
    private let pool: ClientPool
    private let ownsPool: Bool
    private let logger: Logger
    private let scheme: String
    private let host: String
    private let port: Int
    private let basePath: String

    /// Creates a transport for a resolved context.
    /// - Throws: ``KubeConfigError`` when TLS files cannot be read or the server URL or proxy cannot be used.
    public init(context: ResolvedContext, configuration: KubeClientConfiguration = .default, logger: Logger) throws {
        self.context = context
        self.configuration = configuration
        self.logger = logger
        try KubeConfig.validateServer(
            context.cluster.server, field: "cluster.server", file: context.source, context: context.name)
        guard let url = URL(string: context.cluster.server), let scheme = url.scheme?.lowercased(), let host = url.host
        else {
            throw KubeConfigError.invalidField(
                "cluster.server", file: context.source, context: context.name,
                reason: "\"\(context.cluster.server)\" is not an http(s) URL")
        }
        self.scheme = scheme
        self.host = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        self.port = url.port ?? (scheme == "https" ? 443 : 80)
        var basePath = url.path
        while basePath.hasSuffix("/") { basePath.removeLast() }
        self.basePath = basePath
        self.credentials = CredentialProvider(
            user: context.user, cluster: context.cluster, refreshInterval: configuration.tokenFileRefreshInterval)
        self.pool = try ClientPool(context: context, configuration: configuration, https: scheme == "https")
        self.ownsPool = true
        self.dryRunOnly = false
    }

    /// A transport over the same connections and credentials that refuses every write not marked `dryRun=All`.
    private init(dryRunOnlyOver base: KubeTransport) {
        context = base.context
        configuration = base.configuration
        credentials = base.credentials
        pool = base.pool
        ownsPool = false
        logger = base.logger
        scheme = base.scheme
        host = base.host
        port = base.port
        basePath = base.basePath
        dryRunOnly = true
    }

    /// This transport, limited to dry-run writes: what an approval preview hands a tool, so a tool that ignores
    /// its dry-run flag still cannot change the cluster. It shares the connections; shutting it down does nothing.
    public func limitedToDryRuns() -> KubeTransport {
        dryRunOnly ? self : KubeTransport(dryRunOnlyOver: self)
    }

    /// Shuts down the HTTP clients. Requests in flight fail. A dry-run-only view leaves its base's clients alone.
    public func shutdown() async throws {
        guard ownsPool else { return }
        try await pool.shutdown()
    }

    // MARK: - Buffered requests

    /// Sends a request and returns the buffered response if it is 2xx.
    /// - Throws: ``KubeError`` for non-2xx responses (with the API Status), connection failures and timeouts.
    public func send(_ request: KubeRequest) async throws -> KubeResponse {
        var attempt = 0
        var refreshedCredentials = false
        while true {
            attempt += 1
            try Task.checkCancellation()
            let outcome: Result<KubeResponse, KubeError>
            do {
                outcome = .success(try await sendOnce(request))
            } catch let error as KubeError {
                outcome = .failure(error)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                outcome = .failure(
                    Self.transportError(
                        error, request: request, timeout: configuration.timeout.request, server: context.cluster.server))
            }
            let error: KubeError
            switch outcome {
            case .success(let response):
                if (200..<300).contains(response.status) { return response }
                error = KubeError.fromResponse(
                    httpStatus: response.status, body: response.body, method: request.method,
                    retryAfterHeader: response.header("retry-after").flatMap { Int($0) }, resource: request.resource,
                    name: request.name)
            case .failure(let failure):
                error = failure
            }
            if error.code == .unauthorized, !refreshedCredentials, await credentials.canRefresh {
                // A rotated token file or an expired plugin credential: fetch again and retry once.
                refreshedCredentials = true
                await credentials.invalidate()
                attempt -= 1
                continue
            }
            guard request.isIdempotent, error.isRetryable, error.code != .disruptionBudget,
                attempt < configuration.retry.maxAttempts
            else { throw error }
            let delay = backoff(attempt: attempt, retryAfterSeconds: error.retryAfterSeconds)
            logger.debug(
                "retrying Kubernetes request",
                metadata: [
                    "okik.kube.method": "\(request.method)", "okik.kube.path": "\(request.path)",
                    "okik.kube.attempt": "\(attempt)", "okik.kube.error": "\(error.shortDescription)",
                    "okik.kube.delay": "\(delay)",
                ])
            try await Task.sleep(for: delay)
        }
    }

    /// The delay before retry number `attempt`: the server's `Retry-After` if given, else a random delay in the upper
    /// half of an exponentially growing window ("equal jitter"); both capped by the configured maximum.
    func backoff(attempt: Int, retryAfterSeconds: Int?) -> Duration {
        let retry = configuration.retry
        if let retryAfterSeconds { return min(.seconds(max(0, retryAfterSeconds)), retry.maxBackoff) }
        let window = min(retry.initialBackoff * (1 << min(attempt - 1, 20)), retry.maxBackoff)
        let nanos = window.components.seconds * 1_000_000_000 + window.components.attoseconds / 1_000_000_000
        return .nanoseconds(Int64.random(in: nanos / 2...max(nanos / 2, nanos)))
    }

    private func sendOnce(_ request: KubeRequest) async throws -> KubeResponse {
        let (client, httpRequest) = try await prepare(request, streaming: false)
        let timeout = TimeAmount.nanoseconds(Self.nanoseconds(configuration.timeout.request))
        let response = try await client.execute(httpRequest, timeout: timeout, logger: logger)
        var body = try await response.body.collect(upTo: configuration.maxResponseBytes)
        let bytes = body.readBytes(length: body.readableBytes) ?? []
        return KubeResponse(
            status: Int(response.status.code), headers: response.headers.map { ($0.name.lowercased(), $0.value) },
            body: bytes)
    }

    // MARK: - Streaming requests

    /// Opens a streaming request (watch, `follow` logs): no read timeout, no retries. Returns the response once its
    /// head arrives with a 2xx status.
    /// - Throws: ``KubeError`` for non-2xx responses and connection failures.
    public func stream(_ request: KubeRequest) async throws -> HTTPClientResponse {
        var refreshedCredentials = false
        while true {
            let (client, httpRequest) = try await prepare(request, streaming: true)
            let response: HTTPClientResponse
            do {
                response = try await client.execute(httpRequest, deadline: .distantFuture, logger: logger)
            } catch is CancellationError {
                throw CancellationError()
            } catch let error as KubeError {
                throw error
            } catch {
                throw Self.transportError(error, request: request, timeout: nil, server: context.cluster.server)
            }
            if (200..<300).contains(Int(response.status.code)) { return response }
            var body = (try? await response.body.collect(upTo: 1 << 20)) ?? ByteBuffer()
            let error = KubeError.fromResponse(
                httpStatus: Int(response.status.code), body: body.readBytes(length: body.readableBytes) ?? [],
                method: request.method, retryAfterHeader: response.headers.first(name: "retry-after").flatMap { Int($0) },
                resource: request.resource, name: request.name)
            if error.code == .unauthorized, !refreshedCredentials, await credentials.canRefresh {
                refreshedCredentials = true
                await credentials.invalidate()
                continue
            }
            throw error
        }
    }

    /// Sends a request with the context's credentials and TLS and returns the response as soon as its head arrives,
    /// whatever its status: no retries, no read timeout unless `deadline` is set. For paths that carry another
    /// program's answers, such as a Service reached through the API server's proxy.
    /// - Throws: ``KubeError`` for connection failures and credentials that cannot be obtained.
    public func open(_ request: KubeRequest, deadline: NIODeadline = .distantFuture) async throws -> HTTPClientResponse {
        let (client, httpRequest) = try await prepare(request, streaming: true)
        do {
            return try await client.execute(httpRequest, deadline: deadline, logger: logger)
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as KubeError {
            throw error
        } catch {
            throw Self.transportError(error, request: request, timeout: nil, server: context.cluster.server)
        }
    }

    // MARK: - Plumbing

    private func prepare(_ request: KubeRequest, streaming: Bool) async throws -> (HTTPClient, HTTPClientRequest) {
        if dryRunOnly, request.method != "GET", request.method != "HEAD",
            !request.query.contains(where: { $0.0 == "dryRun" && $0.1 == "All" })
        {
            throw KubeError(
                code: .writeRefused,
                message: "refused \(request.method) \(request.path): this client only sends dry runs (dryRun=All)")
        }
        let creds = try await credentials.credentials()
        let client = try await pool.client(streaming: streaming, pluginCertificate: creds.pluginCertificate)
        let requestHost = context.cluster.tlsServerName ?? host
        let hostPart = requestHost.contains(":") ? "[\(requestHost)]" : requestHost
        var httpRequest = HTTPClientRequest(url: "\(scheme)://\(hostPart):\(port)\(basePath)\(request.pathAndQuery)")
        httpRequest.method = HTTPMethod(rawValue: request.method)
        httpRequest.headers.add(name: "User-Agent", value: configuration.userAgent)
        httpRequest.headers.add(name: "Accept", value: "application/json")
        if let authorization = creds.authorization { httpRequest.headers.add(name: "Authorization", value: authorization) }
        if let impersonate = context.user.impersonate { httpRequest.headers.add(name: "Impersonate-User", value: impersonate) }
        for group in context.user.impersonateGroups ?? [] { httpRequest.headers.add(name: "Impersonate-Group", value: group) }
        for (name, value) in request.headers { httpRequest.headers.replaceOrAdd(name: name, value: value) }
        if let body = request.body {
            if !request.headers.contains(where: { $0.0.lowercased() == "content-type" }) {
                httpRequest.headers.add(name: "Content-Type", value: "application/json")
            }
            httpRequest.body = .bytes(ByteBuffer(bytes: body))
        }
        return (client, httpRequest)
    }

    static func transportError(
        _ error: any Error, request: KubeRequest, timeout: Duration?, server: String? = nil
    ) -> KubeError {
        let target = "\(request.method) \(request.path)"
        if Self.isConnectionRefused(error) {
            return KubeError(
                code: .transport,
                message: "\(target): cannot connect to \(server ?? "the API server"): connection refused "
                    + "(is the API server running and listening there? check the kubeconfig's server address)",
                underlying: error)
        }
        if let error = error as? HTTPClientError {
            if error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
                return KubeError(
                    code: .timeout, message: "\(target) timed out (\(error.shortDescription))", underlying: error)
            }
            return KubeError(code: .transport, message: "\(target) failed: \(error.shortDescription)", underlying: error)
        }
        if let error = error as? NIOSSLError {
            return KubeError(code: .transport, message: "\(target): TLS failure: \(error)", underlying: error)
        }
        if let error = error as? BoringSSLError {
            return KubeError(code: .transport, message: "\(target): TLS failure: \(error)", underlying: error)
        }
        return KubeError(code: .transport, message: "\(target) failed: \(error)", underlying: error)
    }

    /// True when nothing listens at the server's address (see ``ConnectionFailure/isRefused(_:)``).
    static func isConnectionRefused(_ error: any Error) -> Bool { ConnectionFailure.isRefused(error) }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
    }
}

/// The HTTP clients of one transport: one with a read timeout for ordinary requests, one without for streams,
/// rebuilt when an exec plugin hands out a new client certificate.
private actor ClientPool {
    private let context: ResolvedContext
    private let configuration: KubeClientConfiguration
    private let https: Bool
    private var identity: RequestCredentials.PluginCertificate?
    private var clients: (standard: HTTPClient, streaming: HTTPClient)?
    private var retired: [HTTPClient] = []

    init(context: ResolvedContext, configuration: KubeClientConfiguration, https: Bool) throws {
        self.context = context
        self.configuration = configuration
        self.https = https
        // Validate TLS material now, so a bad CA or key fails at construction with a clear error.
        if https { _ = try context.makeTLSConfiguration() }
        _ = try Self.proxy(context)
    }

    func client(streaming: Bool, pluginCertificate: RequestCredentials.PluginCertificate?) throws -> HTTPClient {
        if let clients, pluginCertificate == identity { return streaming ? clients.streaming : clients.standard }
        if let old = clients {
            retired += [old.standard, old.streaming]
        }
        let made = (try make(readTimeout: true, pluginCertificate), try make(readTimeout: false, pluginCertificate))
        clients = made
        identity = pluginCertificate
        return streaming ? made.1 : made.0
    }

    func shutdown() async throws {
        var all = retired
        if let clients { all += [clients.standard, clients.streaming] }
        clients = nil
        retired = []
        for client in all { try await client.shutdown() }
    }

    private func make(readTimeout: Bool, _ pluginCertificate: RequestCredentials.PluginCertificate?) throws -> HTTPClient {
        var config = HTTPClient.Configuration(
            tlsConfiguration: https ? try context.makeTLSConfiguration(pluginCertificate: pluginCertificate) : nil,
            redirectConfiguration: .disallow,
            timeout: .init(
                connect: .nanoseconds(KubeTransport.nanoseconds(configuration.timeout.connect)),
                read: readTimeout ? .nanoseconds(KubeTransport.nanoseconds(configuration.timeout.read)) : nil),
            proxy: try Self.proxy(context),
            decompression: .disabled)
        if let serverName = context.cluster.tlsServerName, let url = URL(string: context.cluster.server),
            var host = url.host
        {
            if host.hasPrefix("[") { host = String(host.dropFirst().dropLast()) }
            config.dnsOverride = [serverName: host]
        }
        config.httpVersion = .http1Only
        // Our own retry policy decides about retries; a refused connection should fail now, not at the deadline.
        config.connectionPool.retryConnectionEstablishment = false
        config.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = max(1, configuration.connectionsPerHost)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: config)
    }

    static func proxy(_ context: ResolvedContext) throws -> HTTPClient.Configuration.Proxy? {
        guard let text = context.cluster.proxyURL else { return nil }
        if let problem = KubeConfig.urlProblem(text, schemes: ["http", "https", "socks5"]) {
            throw KubeConfigError.invalidField(
                "cluster.proxy-url", file: context.source, context: context.name, reason: problem)
        }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host else {
            throw KubeConfigError.invalidField(
                "cluster.proxy-url", file: context.source, context: context.name, reason: "\"\(text)\" is not a URL")
        }
        switch scheme {
        case "http":
            var authorization: HTTPClient.Authorization?
            if let user = url.user { authorization = .basic(username: user, password: url.password ?? "") }
            return .server(host: host, port: url.port ?? 80, authorization: authorization)
        case "socks5":
            return .socksServer(host: host, port: url.port ?? 1080)
        default:
            throw KubeConfigError.invalidField(
                "cluster.proxy-url", file: context.source, context: context.name,
                reason: "proxy scheme \"\(scheme)\" is not supported (use http or socks5)")
        }
    }
}
