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

    /// Creates a runner.
    public init(
        config: ExecConfig, cluster: Cluster, environment: [String: String] = ProcessInfo.processInfo.environment,
        timeout: Duration = .seconds(60)
    ) {
        self.config = config
        self.cluster = cluster
        self.environment = environment
        self.timeout = timeout
    }

    /// Runs the plugin once.
    /// - Throws: ``KubeError`` with code `.credentials` naming the command and what went wrong.
    public func run() async throws -> Credential {
        if config.interactiveMode == "Always" {
            throw failure("interactiveMode is Always, but OKIK runs without a terminal for the plugin")
        }
        let executable = try locate()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = config.args
        var env = environment
        for variable in config.env { env[variable.name] = variable.value }
        env["KUBERNETES_EXEC_INFO"] = try execInfo()
        process.environment = env
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice

        let output = try await withThrowingTaskGroup(of: (Int32, Data, Data)?.self) { group in
            group.addTask {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    process.terminationHandler = { _ in continuation.resume() }
                    do { try process.run() } catch {
                        process.terminationHandler = nil
                        continuation.resume(throwing: error)
                    }
                }
                return nil
            }
            // Pipes are drained on dedicated threads: a blocking read must not hold a thread of the cooperative pool
            // (on Linux that pool runs on libdispatch's workers, so Dispatch queues are no escape either).
            let reader = Task { await Self.drain(stdout, stderr) }
            group.addTask { [timeout] in
                try await Task.sleep(for: timeout)
                return (-1, Data(), Data())
            }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let timedOut = result, timedOut.0 == -1 {
                    process.terminate()
                    throw failure("timed out after \(timeout)")
                }
                let (out, err) = await reader.value
                return (process.terminationStatus, out, err)
            }
            throw failure("did not run")
        }
        let (exitCode, out, err) = output
        guard exitCode == 0 else {
            let detail = String(decoding: err.prefix(2000), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw failure("exited with status \(exitCode)" + (detail.isEmpty ? "" : ": \(detail)"))
        }
        return try parse(out)
    }

    private static func drain(_ stdout: Pipe, _ stderr: Pipe) async -> (Data, Data) {
        async let out = drain(stdout)
        async let err = drain(stderr)
        return await (out, err)
    }

    private static func drain(_ pipe: Pipe) async -> Data {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: pipe.fileHandleForReading.readDataToEndOfFile()) }
        }
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
