import Foundation
import OkikKubeClient
import OkikSimulator
import OkikTesting
import Testing

/// TLS material made with the `openssl` command line, as an operator would.
struct OpenSSLFixtures {
    let dir: TemporaryDirectory
    var path: String { dir.path }

    init() async throws {
        dir = try TemporaryDirectory()
        guard let openssl = which("openssl") else { throw TestFailure("openssl is not installed") }
        let path = dir.path
        func ssl(_ arguments: String...) async throws { try await run(openssl, arguments, in: path) }
        try await ssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "1", "-subj", "/CN=okik-test-ca")
        try await ssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other-ca.key", "-out", "other-ca.crt", "-days", "1", "-subj", "/CN=other-ca")
        // The server certificate names only kube.example, so reaching 127.0.0.1 needs tls-server-name.
        try await ssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=kube.example")
        try dir.write("server.ext", "subjectAltName=DNS:kube.example\nextendedKeyUsage=serverAuth\n")
        try await ssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.crt", "-days", "1", "-extfile", "server.ext")
        try dir.write("client.ext", "extendedKeyUsage=clientAuth\n")
        // An RSA client key for alice and an EC (P-256) client key for bob.
        try await ssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "alice.key", "-out", "alice.csr", "-subj", "/O=dev/CN=alice")
        try await ssl("x509", "-req", "-in", "alice.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "alice.crt", "-days", "1", "-extfile", "client.ext")
        try await ssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "bob.key", "-out", "bob.csr", "-subj", "/O=dev/CN=bob")
        try await ssl("x509", "-req", "-in", "bob.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "bob.crt", "-days", "1", "-extfile", "client.ext")
    }

    func pem(_ name: String) throws -> String { try dir.read(name) }

    /// A kubeconfig file for an HTTPS simulator on `port`, with relative file references.
    func kubeconfig(port: Int, serverName: String?, user: String, caFile: String = "ca.crt") throws -> String {
        var cluster = "    server: https://127.0.0.1:\(port)\n    certificate-authority: \(caFile)\n"
        if let serverName { cluster += "    tls-server-name: \(serverName)\n" }
        return try dir.write(
            "kubeconfig-\(user)-\(serverName ?? "none")-\(caFile).yaml",
            """
            apiVersion: v1
            kind: Config
            current-context: test
            clusters:
            - name: sim
              cluster:
            \(cluster)users:
            - name: u
              user:
                client-certificate: \(user).crt
                client-key: \(user).key
            contexts:
            - name: test
              context: {cluster: sim, user: u}

            """)
    }
}

@Suite("Authentication and TLS")
struct AuthenticationTests {
    @Test func httpsWithTheSimulatorsOwnCA() async throws {
        try await withSimulator(SimulatorConfiguration(tls: true)) { simulator, client in
            #expect(simulator.serverURL.hasPrefix("https://"))
            #expect(try await client.serverVersion().major == "1")
            // Without the CA the system roots do not trust the simulator.
            let untrusted = try KubeClient(
                config: KubeConfig.single(server: simulator.serverURL), configuration: fastRetries, logger: testLogger)
            let error = try await #require(throws: KubeError.self) { try await untrusted.serverVersion() }
            #expect(error.code == .transport)
            try await untrusted.shutdown()
            // insecure-skip-tls-verify, only when asked for.
            let insecure = try KubeClient(
                config: KubeConfig.single(server: simulator.serverURL, cluster: Cluster(server: "", insecureSkipTLSVerify: true)),
                logger: testLogger)
            #expect(try await insecure.serverVersion().major == "1")
            try await insecure.shutdown()
        }
    }

    @Test func mutualTLSWithOpenSSLCertificatesAndTLSServerName() async throws {
        let fixtures = try await OpenSSLFixtures()
        let configuration = SimulatorConfiguration(
            tls: true,
            tlsIdentity: TLSIdentity(
                certificatePEM: try fixtures.pem("server.crt"), privateKeyPEM: try fixtures.pem("server.key"),
                clientCAPEM: try fixtures.pem("ca.crt")),
            authentication: AuthenticationConfiguration(clientCertificates: true, readOnlyUsers: ["bob"]))
        let simulator = try await Simulator.start(configuration, logger: testLogger)
        do {
            // alice (RSA key) reaches 127.0.0.1 using tls-server-name and may write.
            let alice = try KubeClient(
                config: try KubeConfig.load(from: try fixtures.kubeconfig(port: simulator.port, serverName: "kube.example", user: "alice")),
                configuration: fastRetries, logger: testLogger)
            _ = try await alice.namespaced(ConfigMap.self).create(configMap("from-alice"))
            try await alice.shutdown()

            // bob (EC key) is authenticated but read-only: the API's Forbidden names him.
            let bob = try KubeClient(
                config: try KubeConfig.load(from: try fixtures.kubeconfig(port: simulator.port, serverName: "kube.example", user: "bob")),
                configuration: fastRetries, logger: testLogger)
            #expect(try await bob.namespaced(ConfigMap.self).list().items.count == 1)
            let forbidden = try await #require(throws: KubeError.self) {
                try await bob.namespaced(ConfigMap.self).create(configMap("from-bob"))
            }
            #expect(forbidden.code == .forbidden)
            #expect(forbidden.message.contains("User \"bob\" cannot create resource \"configmaps\""))
            try await bob.shutdown()

            // Without tls-server-name the certificate does not match 127.0.0.1.
            let mismatch = try KubeClient(
                config: try KubeConfig.load(from: try fixtures.kubeconfig(port: simulator.port, serverName: nil, user: "alice")),
                configuration: fastRetries, logger: testLogger)
            let hostError = try await #require(throws: KubeError.self) { try await mismatch.serverVersion() }
            #expect(hostError.code == .transport)
            try await mismatch.shutdown()

            // A CA that did not sign the server certificate is rejected.
            let wrongCA = try KubeClient(
                config: try KubeConfig.load(
                    from: try fixtures.kubeconfig(port: simulator.port, serverName: "kube.example", user: "alice", caFile: "other-ca.crt")),
                configuration: fastRetries, logger: testLogger)
            let caError = try await #require(throws: KubeError.self) { try await wrongCA.serverVersion() }
            #expect(caError.code == .transport)
            try await wrongCA.shutdown()

            // No client certificate at all: 401.
            let anonymous = try KubeClient(
                config: KubeConfig.single(
                    server: "https://127.0.0.1:\(simulator.port)",
                    cluster: Cluster(server: "", tlsServerName: "kube.example", certificateAuthority: fixtures.path + "/ca.crt")),
                configuration: fastRetries, logger: testLogger)
            let unauthorized = try await #require(throws: KubeError.self) { try await anonymous.namespaced(ConfigMap.self).list() }
            #expect(unauthorized.code == .unauthorized)
            try await anonymous.shutdown()
        } catch {
            await simulator.stop()
            throw error
        }
        await simulator.stop()
    }

    @Test func unreadableCertificateFilesAreConfigurationErrors() throws {
        let dir = try TemporaryDirectory()
        try dir.write("garbage.crt", "not a certificate")
        let missing = ResolvedContext(
            name: "ctx", cluster: Cluster(server: "https://k:6443", certificateAuthority: dir.path + "/absent.crt"),
            user: AuthInfo(), source: "kc.yaml")
        let error = try #require(throws: KubeConfigError.self) { _ = try KubeClient(context: missing, logger: testLogger) }
        #expect(error.field == "certificate-authority")
        #expect(error.description.contains("absent.crt"))
        let garbage = ResolvedContext(
            name: "ctx", cluster: Cluster(server: "https://k:6443", certificateAuthority: dir.path + "/garbage.crt"),
            user: AuthInfo(), source: "kc.yaml")
        let parseError = try #require(throws: KubeConfigError.self) { _ = try KubeClient(context: garbage, logger: testLogger) }
        #expect(parseError.description.contains("not a PEM certificate bundle"))
        let badProxy = ResolvedContext(
            name: "ctx", cluster: Cluster(server: "https://k:6443", proxyURL: "https://proxy:3128"), user: AuthInfo())
        let proxyError = try #require(throws: KubeConfigError.self) { _ = try KubeClient(context: badProxy, logger: testLogger) }
        #expect(proxyError.description.contains("proxy scheme \"https\" is not supported"))
    }

    @Test func bearerTokensAndTokenFileRotation() async throws {
        let dir = try TemporaryDirectory()
        let tokenFile = try dir.write("token", "old-token\n")
        let configuration = SimulatorConfiguration(authentication: AuthenticationConfiguration(tokens: ["new-token": "robot"]))
        try await withSimulator(configuration, user: AuthInfo(token: "wrong")) { simulator, wrong in
            let error = try await #require(throws: KubeError.self) { try await wrong.namespaced(ConfigMap.self).list() }
            #expect(error.code == .unauthorized)
            #expect(error.httpStatus == 401)

            let rotating = try KubeClient(
                config: simulator.kubeConfig(user: AuthInfo(tokenFile: tokenFile)), configuration: fastRetries,
                logger: testLogger)
            // The file still holds the old token: 401 after re-reading it once.
            await #expect(throws: KubeError.self) { try await rotating.namespaced(ConfigMap.self).list() }
            // The kubelet rotates the file; the next 401 makes the client read it again and succeed.
            try "new-token\n".write(toFile: tokenFile, atomically: true, encoding: .utf8)
            #expect(try await rotating.namespaced(ConfigMap.self).list().items.isEmpty)
            try await rotating.shutdown()
        }
    }
}

@Suite("In-cluster configuration end to end")
struct InClusterEndToEndTests {
    @Test func serviceAccountTokenAndCAReachTheAPIServer() async throws {
        let simulator = try await Simulator.start(
            SimulatorConfiguration(tls: true, authentication: AuthenticationConfiguration(tokens: ["sa-token-1": "system:serviceaccount:okik-system:okik"])),
            logger: testLogger)
        do {
            let mount = try TemporaryDirectory()
            try mount.write("token", "sa-token-1")
            try mount.write("namespace", "okik-system")
            try mount.write("ca.crt", try #require(simulator.certificateAuthority).certificatePEM)
            let loader = InClusterConfigLoader(
                directory: mount.path,
                environment: ["KUBERNETES_SERVICE_HOST": "127.0.0.1", "KUBERNETES_SERVICE_PORT": String(simulator.port)])
            let client = try KubeClient(config: try loader.load(), configuration: fastRetries, logger: testLogger)
            #expect(client.defaultNamespace == "okik-system")
            #expect(try await client.namespaced(ConfigMap.self, in: .named("default")).list().items.isEmpty)
            try await client.shutdown()
        } catch {
            await simulator.stop()
            throw error
        }
        await simulator.stop()
    }
}
