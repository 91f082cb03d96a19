import Foundation
import OkikKubeClient
import Testing

@Suite("Kubeconfig parsing")
struct KubeConfigParsingTests {
    let caPEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"

    @Test func everyAuthenticationForm() throws {
        let yaml = """
            apiVersion: v1
            kind: Config
            current-context: token
            clusters:
            - name: prod
              cluster:
                server: https://10.0.0.1:6443
                certificate-authority-data: \(Data(caPEM.utf8).base64EncodedString())
                tls-server-name: kubernetes.default.svc
                proxy-url: socks5://127.0.0.1:1080
            - name: insecure
              cluster: {server: "https://dev:6443", insecure-skip-tls-verify: true}
            users:
            - name: token
              user: {token: "abc.def"}
            - name: file
              user: {tokenFile: ./token}
            - name: certs
              user: {client-certificate: certs/client.crt, client-key: /abs/client.key}
            - name: certdata
              user:
                client-certificate-data: \(Data("CERT".utf8).base64EncodedString())
                client-key-data: \(Data("KEY".utf8).base64EncodedString())
            - name: basic
              user: {username: admin, password: secret}
            - name: provider
              user: {auth-provider: {name: oidc, config: {id-token: xyz}}}
            - name: exec
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: ./bin/get-token
                  args: ["--cluster", "c1"]
                  env: [{name: PROFILE, value: prod}]
                  installHint: install get-token
                  provideClusterInfo: true
                  interactiveMode: Never
            contexts:
            - name: token
              context: {cluster: prod, user: token, namespace: shop}
            - name: insecure
              context: {cluster: insecure, user: basic}
            """
        let config = try KubeConfig.parse(yaml: yaml, source: "/home/me/.kube/config", baseDirectory: "/home/me/.kube")
        #expect(config.currentContext == "token")
        #expect(config.clusters.map(\.name) == ["prod", "insecure"])
        let prod = config.clusters[0].cluster
        #expect(prod.certificateAuthorityData == Data(caPEM.utf8))
        #expect(prod.tlsServerName == "kubernetes.default.svc")
        #expect(prod.proxyURL == "socks5://127.0.0.1:1080")
        #expect(prod.insecureSkipTLSVerify == false)
        #expect(config.clusters[1].cluster.insecureSkipTLSVerify)

        let users = Dictionary(uniqueKeysWithValues: config.users.map { ($0.name, $0.user) })
        #expect(users["token"]?.token == "abc.def")
        #expect(users["file"]?.tokenFile == "/home/me/.kube/token")
        #expect(users["certs"]?.clientCertificate == "/home/me/.kube/certs/client.crt")
        #expect(users["certs"]?.clientKey == "/abs/client.key")
        #expect(users["certdata"]?.clientCertificateData == Data("CERT".utf8))
        #expect(users["certdata"]?.clientKeyData == Data("KEY".utf8))
        #expect(users["basic"]?.username == "admin")
        #expect(users["provider"]?.authProvider?.config["id-token"] == "xyz")
        let exec = try #require(users["exec"]?.exec)
        #expect(exec.command == "/home/me/.kube/bin/get-token")
        #expect(exec.args == ["--cluster", "c1"])
        #expect(exec.env == [ExecEnvVar(name: "PROFILE", value: "prod")])
        #expect(exec.provideClusterInfo)
        #expect(exec.installHint == "install get-token")

        let resolved = try config.resolve()
        #expect(resolved.name == "token")
        #expect(resolved.namespace == "shop")
        #expect(resolved.user.token == "abc.def")
        #expect(try config.resolve(context: "insecure").namespace == "default")
        #expect(try config.resolve(context: "token", namespace: "other").namespace == "other")
    }

    @Test func secretsNeverAppearInDescriptions() throws {
        let user = AuthInfo(clientKeyData: Data("PRIVATE".utf8), token: "s3cr3t-token", password: "hunter2")
        for text in [user.description, user.debugDescription, String(describing: user), String(reflecting: user)] {
            #expect(!text.contains("s3cr3t-token"))
            #expect(!text.contains("hunter2"))
            #expect(!text.contains("PRIVATE"))
        }
        var dumped = ""
        dump(user, to: &dumped)
        #expect(!dumped.contains("s3cr3t-token"))
        #expect(user.description.contains("token"))
    }

    @Test func emptyFileIsAnEmptyConfig() throws {
        let config = try KubeConfig.parse(yaml: "", source: "empty")
        #expect(config.contexts.isEmpty)
        #expect(throws: KubeConfigError.self) { try config.resolve() }
    }

    struct MalformedCase: Sendable, CustomTestStringConvertible {
        let yaml: String
        let field: String?
        let contains: String
        var testDescription: String { contains }
    }

    static let malformed: [MalformedCase] = [
        .init(yaml: "clusters: [unclosed", field: nil, contains: "not valid YAML"),
        .init(yaml: "- a\n- b", field: nil, contains: "expected a mapping at the top level"),
        .init(yaml: "kind: Pod", field: "kind", contains: "expected \"Config\""),
        .init(yaml: "clusters: {a: b}", field: "clusters", contains: "expected a list"),
        .init(yaml: "clusters:\n- cluster: {server: x}", field: "clusters[0].name", contains: "required field is missing"),
        .init(yaml: "clusters:\n- name: c", field: "clusters[c].cluster", contains: "required field is missing"),
        .init(
            yaml: "clusters:\n- name: c\n  cluster: {server: s, certificate-authority-data: '%%%'}",
            field: "clusters[c].cluster.certificate-authority-data", contains: "not valid base64"),
        .init(
            yaml: "clusters:\n- name: c\n  cluster: {server: s, insecure-skip-tls-verify: maybe}",
            field: "clusters[c].cluster.insecure-skip-tls-verify", contains: "expected true or false"),
        .init(
            yaml: "users:\n- name: u\n  user: {exec: {command: x}}", field: "users[u].user.exec.apiVersion",
            contains: "required field is missing"),
        .init(
            yaml: "users:\n- name: u\n  user: {exec: {apiVersion: client.authentication.k8s.io/v1alpha1, command: x}}",
            field: "users[u].user.exec.apiVersion", contains: "unsupported exec plugin version"),
        .init(
            yaml: "users:\n- name: u\n  user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: x, interactiveMode: Sometimes}}",
            field: "users[u].user.exec.interactiveMode", contains: "expected Never, IfAvailable or Always"),
        .init(yaml: "users:\n- name: u\n  user: {as-groups: a}", field: "users[u].user.as-groups", contains: "expected a list"),
    ]

    @Test(arguments: malformed)
    func malformedFilesNameTheFileAndField(_ testCase: MalformedCase) throws {
        let error = try #require(throws: KubeConfigError.self) {
            try KubeConfig.parse(yaml: testCase.yaml, source: "/tmp/bad.yaml")
        }
        #expect(error.file == "/tmp/bad.yaml")
        #expect(error.field == testCase.field)
        #expect(error.description.contains(testCase.contains), "\(error)")
        #expect(error.description.hasPrefix("/tmp/bad.yaml"))
    }

    @Test func resolutionErrorsNameTheContext() throws {
        let yaml = """
            clusters:
            - {name: c, cluster: {server: "https://k:6443"}}
            - {name: noserver, cluster: {server: ""}}
            - {name: ftp, cluster: {server: "ftp://k"}}
            users:
            - {name: u, user: {token: t}}
            - {name: mixed, user: {token: t, username: a, password: b}}
            - {name: halfcert, user: {client-certificate: /c.crt}}
            contexts:
            - {name: ok, context: {cluster: c, user: u}}
            - {name: missing-cluster, context: {cluster: nope, user: u}}
            - {name: missing-user, context: {cluster: c, user: nope}}
            - {name: no-server, context: {cluster: noserver, user: u}}
            - {name: bad-url, context: {cluster: ftp, user: u}}
            - {name: mixed, context: {cluster: c, user: mixed}}
            - {name: halfcert, context: {cluster: c, user: halfcert}}
            """
        let config = try KubeConfig.parse(yaml: yaml, source: "kc")
        func failure(_ context: String?) throws -> KubeConfigError {
            try #require(throws: KubeConfigError.self) { try config.resolve(context: context) }
        }
        #expect(try failure(nil).description.contains("current-context is not set"))
        let unknown = try failure("prod")
        #expect(unknown.context == "prod")
        #expect(unknown.description.contains("available: ok, missing-cluster"))
        #expect(try failure("missing-cluster").description.contains("cluster \"nope\" not found"))
        #expect(try failure("missing-user").description.contains("user \"nope\" not found"))
        #expect(try failure("no-server").field == "clusters[noserver].cluster.server")
        #expect(try failure("bad-url").description.contains("is not an http(s) URL"))
        #expect(try failure("mixed").shortDescription == "conflictingAuth")
        #expect(try failure("halfcert").description.contains("must be given together"))
        #expect(try config.resolve(context: "ok").cluster.server == "https://k:6443")
    }

    /// A CA together with `insecure-skip-tls-verify` is refused, as client-go refuses it, rather than silently not
    /// verifying the server.
    @Test func aCertificateAuthorityWithTheInsecureFlagIsRefused() async throws {
        for ca in [
            "certificate-authority-data: \(Data(caPEM.utf8).base64EncodedString())", "certificate-authority: /etc/ca.crt",
        ] {
            let config = try KubeConfig.parse(
                yaml: """
                    clusters: [{name: c, cluster: {server: "https://k:6443", insecure-skip-tls-verify: true, \(ca)}}]
                    users: [{name: u, user: {token: t}}]
                    contexts: [{name: ok, context: {cluster: c, user: u}}]
                    current-context: ok
                    """,
                source: "kc")
            do {
                let client = try KubeClient(config: config, logger: testLogger)
                try await client.shutdown()
                Issue.record("a CA with insecure-skip-tls-verify was accepted (\(ca))")
            } catch let error as KubeConfigError {
                #expect(error.description.contains("specifying a root certificates file with the insecure flag is not allowed"), "\(error)")
            }
        }
        let insecureOnly = try KubeConfig.parse(
            yaml: """
                clusters: [{name: c, cluster: {server: "https://k:6443", insecure-skip-tls-verify: true}}]
                users: [{name: u, user: {token: t}}]
                contexts: [{name: ok, context: {cluster: c, user: u}}]
                current-context: ok
                """,
            source: "kc")
        let client = try KubeClient(config: insecureOnly, logger: testLogger)
        try await client.shutdown()
    }

    /// Kubeconfigs parse through OkikYAML's SafeYAML: an alias bomb is refused, naming the file.
    @Test func aliasBombsAreRefused() {
        let yaml = """
            apiVersion: v1
            kind: Config
            preferences: {}
            a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
            b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
            c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
            d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
            e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
            f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
            g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
            h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
            i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]

            """
        let error = #expect(throws: KubeConfigError.self) {
            try KubeConfig.parse(yaml: yaml, source: "/tmp/bomb.yaml")
        }
        #expect(error?.description.contains("SafeYAML.Limits.maxAliasExpansions") == true, "\(String(describing: error))")
        #expect(error?.description.contains("/tmp/bomb.yaml") == true)
    }
}
