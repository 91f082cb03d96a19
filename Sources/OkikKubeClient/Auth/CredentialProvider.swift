import Foundation

/// What a request is authenticated with, as resolved for one attempt.
struct RequestCredentials: Sendable, Hashable {
    /// The `Authorization` header value, if any.
    var authorization: String?
    /// A client certificate and key from an exec plugin (PEM), which changes the TLS identity.
    var pluginCertificate: PluginCertificate?

    struct PluginCertificate: Sendable, Hashable {
        var certificatePEM: String
        var keyPEM: String
    }
}

/// Supplies credentials for requests: static tokens, token files re-read on rotation, exec plugins cached until
/// they expire, basic auth. A 401 invalidates whatever is cached, so the next attempt fetches fresh credentials.
actor CredentialProvider {
    private let user: AuthInfo
    private let cluster: Cluster
    private let refreshInterval: Duration
    private let clock = ContinuousClock()

    private var fileToken: (value: String, readAt: ContinuousClock.Instant)?
    private var execCredential: ExecCredentialPlugin.Credential?
    private var execTask: Task<ExecCredentialPlugin.Credential, any Error>?

    init(user: AuthInfo, cluster: Cluster, refreshInterval: Duration) {
        self.user = user
        self.cluster = cluster
        self.refreshInterval = refreshInterval
    }

    /// Credentials for the next request.
    func credentials() async throws -> RequestCredentials {
        if let exec = user.exec {
            let credential = try await execCredentials(exec)
            var result = RequestCredentials()
            if let token = credential.token { result.authorization = "Bearer \(token)" }
            if let cert = credential.clientCertificatePEM, let key = credential.clientKeyPEM {
                result.pluginCertificate = .init(certificatePEM: cert, keyPEM: key)
            }
            return result
        }
        if let path = user.tokenFile {
            if let token = try readTokenFile(path) { return RequestCredentials(authorization: "Bearer \(token)") }
        }
        if let token = user.token { return RequestCredentials(authorization: "Bearer \(token)") }
        if let provider = user.authProvider,
            let token = provider.config["access-token"] ?? provider.config["id-token"], !token.isEmpty
        {
            return RequestCredentials(authorization: "Bearer \(token)")
        }
        if let username = user.username {
            let pair = Data("\(username):\(user.password ?? "")".utf8).base64EncodedString()
            return RequestCredentials(authorization: "Basic \(pair)")
        }
        return RequestCredentials()
    }

    /// Forgets cached tokens after a 401, so the next request re-reads the token file or re-runs the plugin.
    func invalidate() {
        fileToken = nil
        execCredential = nil
        execTask = nil
    }

    /// True when a 401 may be cured by fetching credentials again.
    var canRefresh: Bool { user.exec != nil || user.tokenFile != nil }

    private func readTokenFile(_ path: String) throws -> String? {
        if let cached = fileToken, cached.readAt.duration(to: clock.now) < refreshInterval { return cached.value }
        do {
            let text = try String(contentsOfFile: path, encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { throw KubeError(code: .credentials, message: "token file \(path) is empty") }
            fileToken = (text, clock.now)
            return text
        } catch let error as KubeError {
            if let cached = fileToken { return cached.value }  // keep the last good token
            if user.token != nil { return nil }
            throw error
        } catch {
            if let cached = fileToken { return cached.value }
            if user.token != nil { return nil }
            throw KubeError(
                code: .credentials, message: "cannot read token file \(path): \(KubeConfig.reason(error))")
        }
    }

    private func execCredentials(_ exec: ExecConfig) async throws -> ExecCredentialPlugin.Credential {
        if let cached = execCredential {
            if let expiration = cached.expiration {
                if Timestamp.now.adding(seconds: 10) < expiration { return cached }
            } else {
                return cached
            }
        }
        if let running = execTask { return try await running.value }
        let plugin = ExecCredentialPlugin(config: exec, cluster: cluster)
        let task = Task { try await plugin.run() }
        execTask = task
        defer { execTask = nil }
        let credential = try await task.value
        execCredential = credential
        return credential
    }
}
