import Foundation

/// Runs a kubeconfig exec credential plugin (`client.authentication.k8s.io/v1` or `v1beta1`) and parses its output.
public struct ExecCredentialPlugin: Sendable {
    /// What a plugin returned.
    public struct Credential: Sendable, Hashable {
        /// A bearer token.
        public var token: String?
        /// PEM client certificate (with intermediates).
        public var clientCertificatePEM: String?
        /// PEM client key.
        public var clientKeyPEM: String?
        /// When the credential stops being valid; nil means until a 401.
        public var expiration: Timestamp?
    }

    /// The plugin configuration from the kubeconfig.
    public var config: ExecConfig
    /// The cluster, passed in `KUBERNETES_EXEC_INFO` when `provideClusterInfo` is set.
    public var cluster: Cluster
    /// The environment the plugin inherits.
    public var environment: [String: String]
    /// Longest time the plugin may run.
    public var timeout: Duration
    /// How long the plugin's process group gets between SIGTERM and SIGKILL when it is stopped, and how long its
    /// output may stay open (held by a process it started) after it exits.
    public var terminationGrace: Duration

    /// Creates a runner.
    public init(
        config: ExecConfig, cluster: Cluster, environment: [String: String] = ProcessInfo.processInfo.environment,
        timeout: Duration = .seconds(60), terminationGrace: Duration = .seconds(2)
    ) {
        self.config = config
        self.cluster = cluster
        self.environment = environment
        self.timeout = timeout
        self.terminationGrace = terminationGrace
    }

    /// Runs the plugin once.
    ///
    /// The plugin runs in a process group of its own with a clean signal state; at the timeout (or when the task is
    /// cancelled) the whole group gets SIGTERM, then SIGKILL after ``terminationGrace``. A process the plugin leaves
    /// behind holding its output does not delay the result by more than ``terminationGrace``, and is stopped too.
    /// - Throws: ``KubeError`` with code `.credentials` naming the command and what went wrong; `CancellationError`
    ///   when the task is cancelled.
    public func run() async throws -> Credential {
        if config.interactiveMode == "Always" {
            throw failure("interactiveMode is Always, but OKIK runs without a terminal for the plugin")
        }
        let executable = try locate()
        var env = environment
        for variable in config.env { env[variable.name] = variable.value }
        env["KUBERNETES_EXEC_INFO"] = try execInfo()
        let outcome: PluginProcess.Outcome
        do {
            outcome = try await PluginProcess.run(
                executable: executable, arguments: config.args, environment: env, timeout: timeout,
                grace: terminationGrace)
        } catch let error as PluginProcess.SpawnError {
            throw failure("could not be started: \(error)")
        }
        if outcome.timedOut {
            throw failure(
                "timed out after \(Self.seconds(timeout)); it was stopped (SIGTERM, then SIGKILL, to its process group)")
        }
        let heldOpen =
            outcome.outputHeldOpen
            ? " (a process it started kept its standard output open after it exited; that process was stopped)" : ""
        switch outcome.termination {
        case .exited(0)?:
            break
        case .exited(let code)?:
            throw failure("exited with status \(code)" + Self.detail(outcome.standardError) + heldOpen)
        case .signaled(let signal)?:
            throw failure("was killed by signal \(signal)" + Self.detail(outcome.standardError) + heldOpen)
        case nil:
            throw failure("did not exit after SIGKILL")
        }
        if outcome.outputTruncated {
            throw failure("printed more than \(PluginProcess.maxOutputBytes / 1024 / 1024) MiB on standard output")
        }
        do {
            return try parse(Data(outcome.standardOutput))
        } catch let error as KubeError where !heldOpen.isEmpty {
            throw KubeError(code: error.code, message: error.message + heldOpen)
        }
    }

    /// `: <stderr>` (trimmed, at most 2000 bytes), or nothing when the plugin printed no error text.
    private static func detail(_ standardError: [UInt8]) -> String {
        let text = String(decoding: standardError.prefix(2000), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "" : ": \(text)"
    }

    /// A duration as `1 s`, `1.5 s` or `250 ms`.
    static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        if milliseconds < 1000 { return "\(milliseconds) ms" }
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000) s" }
        return "\(Double(milliseconds) / 1000) s"
    }

    /// Parses a plugin's standard output.
    func parse(_ data: Data) throws -> Credential {
        guard let json = try? JSONValue.parse(data) else {
            throw failure("printed output that is not JSON (expected an ExecCredential)")
        }
        guard json["kind"]?.stringValue == "ExecCredential" else {
            throw failure("printed JSON whose kind is not ExecCredential")
        }
        guard let apiVersion = json["apiVersion"]?.stringValue, apiVersion == config.apiVersion else {
            throw failure(
                "returned apiVersion \"\(json["apiVersion"]?.stringValue ?? "")\" but the kubeconfig asks for \"\(config.apiVersion)\"")
        }
        guard let status = json["status"], status.objectValue != nil else {
            throw failure("returned an ExecCredential without status")
        }
        var credential = Credential()
        credential.token = status["token"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        credential.clientCertificatePEM = status["clientCertificateData"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        credential.clientKeyPEM = status["clientKeyData"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        if (credential.clientCertificatePEM == nil) != (credential.clientKeyPEM == nil) {
            throw failure("returned only one of clientCertificateData and clientKeyData; both are required")
        }
        if credential.token == nil && credential.clientCertificatePEM == nil {
            throw failure("returned neither a token nor a client certificate")
        }
        if let text = status["expirationTimestamp"]?.stringValue {
            guard let expiration = Timestamp(rfc3339: text) else {
                throw failure("returned an expirationTimestamp that is not RFC 3339: \(text)")
            }
            credential.expiration = expiration
        }
        return credential
    }

    private func execInfo() throws -> String {
        var spec: [String: JSONValue] = ["interactive": false]
        if config.provideClusterInfo {
            var clusterInfo: [String: JSONValue] = ["server": .string(cluster.server)]
            if let name = cluster.tlsServerName { clusterInfo["tls-server-name"] = .string(name) }
            if cluster.insecureSkipTLSVerify { clusterInfo["insecure-skip-tls-verify"] = true }
            if let data = cluster.certificateAuthorityData {
                clusterInfo["certificate-authority-data"] = .string(data.base64EncodedString())
            }
            if let proxy = cluster.proxyURL { clusterInfo["proxy-url"] = .string(proxy) }
            spec["cluster"] = .object(clusterInfo)
        }
        let info: JSONValue = [
            "apiVersion": .string(config.apiVersion), "kind": "ExecCredential", "spec": .object(spec),
        ]
        return info.jsonString()
    }

    private func locate() throws -> String {
        let fileManager = FileManager.default
        if config.command.contains("/") {
            guard fileManager.isExecutableFile(atPath: config.command) else { throw notFound() }
            return config.command
        }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(config.command)"
            if fileManager.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw notFound()
    }

    private func notFound() -> KubeError {
        var message = "exec plugin: executable \"\(config.command)\" was not found"
        if let hint = config.installHint, !hint.isEmpty { message += "\n\n\(hint)" }
        return KubeError(code: .credentials, message: message)
    }

    private func failure(_ reason: String) -> KubeError {
        KubeError(code: .credentials, message: "exec plugin \"\(config.command)\" \(reason)")
    }
}
