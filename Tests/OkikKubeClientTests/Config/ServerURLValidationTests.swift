import Foundation
import OkikKubeClient
import Testing

/// A server URL that cannot be used is a `KubeConfigError` naming the cluster and the value when the context is
/// resolved (and when a transport is made from a context built by hand), never a crash in the HTTP stack.
@Suite("Kubeconfig server URLs")
struct ServerURLValidationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var server: String
        var contains: String
        var testDescription: String { server }
    }

    static let bad: [Case] = [
        Case(server: "http://127.0.0.1:99999", contains: "port 99999"),
        Case(server: "https://10.0.0.1:65536", contains: "port 65536"),
        Case(server: "https://10.0.0.1:0", contains: "port 0"),
        Case(server: "https://10.0.0.1:99999999999999999999999", contains: "port 99999999999999999999999"),
        Case(server: "https://10.0.0.1:-1", contains: "port -1"),
        Case(server: "https://10.0.0.1:64k", contains: "port 64k"),
        Case(server: "https://[::1]:70000/", contains: "port 70000"),
        Case(server: "https://:6443", contains: "no host"),
        Case(server: "https://", contains: "no host"),
        Case(server: "ftp://k8s.example.com", contains: "is not an http(s) URL"),
        Case(server: "k8s.example.com:6443", contains: "is not an http(s) URL"),
        Case(server: "https://[::1:6443", contains: "\"https://[::1:6443\""),
    ]

    static func config(_ server: String) throws -> KubeConfig {
        try KubeConfig.parse(
            yaml: """
                clusters:
                - {name: lab, cluster: {server: "\(server)"}}
                users:
                - {name: u, user: {token: t}}
                contexts:
                - {name: c, context: {cluster: lab, user: u}}
                current-context: c
                """,
            source: "/home/me/.kube/config")
    }

    @Test("a bad server URL is reported with the cluster and the value", arguments: bad)
    func badServer(_ testCase: Case) throws {
        let error = try #require(throws: KubeConfigError.self) { try Self.config(testCase.server).resolve() }
        #expect(error.field == "clusters[lab].cluster.server")
        #expect(error.context == "c")
        #expect(error.description.contains(testCase.contains), "\(error)")
        #expect(error.description.contains("clusters[lab]"), "\(error)")
        #expect(error.shortDescription == "invalidField")
    }

    @Test("a context built by hand with a bad server URL is refused by the client, not crashed on", arguments: bad)
    func badServerInTransport(_ testCase: Case) throws {
        let context = ResolvedContext(name: "manual", cluster: Cluster(server: testCase.server), user: AuthInfo())
        let error = try #require(throws: KubeConfigError.self) {
            try KubeClient(context: context, logger: testLogger)
        }
        #expect(error.description.contains(testCase.contains), "\(error)")
    }

    @Test(
        "good server URLs resolve",
        arguments: [
            "https://10.0.0.1:6443", "http://127.0.0.1:8080", "https://k8s.example.com", "https://[fd00::1]:443/",
            "https://10.0.0.1:1", "https://10.0.0.1:65535/prefix", "HTTPS://Example.COM:6443",
        ])
    func goodServer(_ server: String) throws {
        #expect(try Self.config(server).resolve().cluster.server == server)
    }

    @Test("a proxy URL with a port out of range is reported, not crashed on")
    func badProxyPort() throws {
        var cluster = Cluster(server: "https://10.0.0.1:6443")
        cluster.proxyURL = "http://127.0.0.1:123456"
        let context = ResolvedContext(name: "proxied", cluster: cluster, user: AuthInfo())
        let error = try #require(throws: KubeConfigError.self) { try KubeClient(context: context, logger: testLogger) }
        #expect(error.field == "cluster.proxy-url")
        #expect(error.description.contains("port 123456"), "\(error)")
    }
}
