import Foundation
import OkikKubeClient
import Testing

@Suite("Kubeconfig loading and merging")
struct KubeConfigLoadingTests {
    static func file(current: String?, cluster: String, server: String, user: String, token: String, context: String) -> String {
        var text = "apiVersion: v1\nkind: Config\n"
        if let current { text += "current-context: \(current)\n" }
        text += """
            clusters:
            - name: \(cluster)
              cluster: {server: "\(server)"}
            users:
            - name: \(user)
              user: {token: \(token)}
            contexts:
            - name: \(context)
              context: {cluster: \(cluster), user: \(user)}

            """
        return text
    }

    @Test func kubeconfigListMergesWithFirstWins() throws {
        let dir = try TemporaryDirectory()
        let first = try dir.write("a.yaml", Self.file(current: "ctx-a", cluster: "shared", server: "https://a:6443", user: "red-user", token: "from-a", context: "ctx-a"))
        let second = try dir.write("b.yaml", Self.file(current: "ctx-b", cluster: "shared", server: "https://b:6443", user: "red-user", token: "from-b", context: "ctx-b") + "  \n")
        let missing = dir.path + "/missing.yaml"
        let config = try KubeConfig.loadDefault(environment: ["KUBECONFIG": "\(first)::\(missing):\(second)", "HOME": dir.path])
        #expect(config.currentContext == "ctx-a")
        #expect(config.sources == [first, second])
        #expect(config.contextNames == ["ctx-a", "ctx-b"])
        // The first file's named entries win whole; the second file's same-named entries are dropped.
        #expect(config.clusters.count == 1)
        #expect(config.clusters[0].cluster.server == "https://a:6443")
        #expect(config.users[0].user.token == "from-a")
        let b = try config.resolve(context: "ctx-b")
        #expect(b.cluster.server == "https://a:6443")
        #expect(b.user.token == "from-a")
    }

    @Test func explicitPathIsUsedAloneAndHomeIsTheFallback() throws {
        let dir = try TemporaryDirectory()
        let explicit = try dir.write("explicit.yaml", Self.file(current: "x", cluster: "c", server: "https://explicit:1", user: "u", token: "t", context: "x"))
        let env = try dir.write("env.yaml", Self.file(current: "e", cluster: "c", server: "https://env:1", user: "u", token: "t", context: "e"))
        try dir.write("home/.kube/config", Self.file(current: "h", cluster: "c", server: "https://home:1", user: "u", token: "t", context: "h"))
        let environment = ["KUBECONFIG": env, "HOME": dir.path + "/home"]
        #expect(try KubeConfig.loadDefault(explicitPath: explicit, environment: environment).currentContext == "x")
        #expect(try KubeConfig.loadDefault(environment: environment).currentContext == "e")
        #expect(try KubeConfig.loadDefault(environment: ["HOME": dir.path + "/home"]).currentContext == "h")
    }

    @Test func missingExplicitFileIsAnError() throws {
        let error = try #require(throws: KubeConfigError.self) {
            try KubeConfig.loadDefault(explicitPath: "/nonexistent/kubeconfig", environment: [:])
        }
        #expect(error.file == "/nonexistent/kubeconfig")
        #expect(error.description.contains("no such file"))
    }

    @Test func nothingFoundListsWhereItLooked() throws {
        let dir = try TemporaryDirectory()
        let error = try #require(throws: KubeConfigError.self) {
            try KubeConfig.loadDefault(
                environment: ["HOME": dir.path],
                inCluster: InClusterConfigLoader(directory: dir.path + "/sa", environment: [:]))
        }
        #expect(error.description.contains(dir.path + "/.kube/config"))
        #expect(error.description.contains("in-cluster"))
    }

    @Test func inClusterFromAServiceAccountDirectory() throws {
        let dir = try TemporaryDirectory()
        try dir.write("token", "eyJ.token.one\n")
        try dir.write("namespace", "payments\n")
        try dir.write("ca.crt", "-----BEGIN CERTIFICATE-----\n")
        let loader = InClusterConfigLoader(
            directory: dir.path, environment: ["KUBERNETES_SERVICE_HOST": "fd00::1", "KUBERNETES_SERVICE_PORT": "6443"])
        #expect(loader.isAvailable)
        let resolved = try loader.load().resolve()
        #expect(resolved.cluster.server == "https://[fd00::1]:6443")
        #expect(resolved.cluster.certificateAuthority == dir.path + "/ca.crt")
        #expect(resolved.user.tokenFile == dir.path + "/token")
        #expect(resolved.namespace == "payments")
        #expect(resolved.source == "in-cluster")

        let noHost = InClusterConfigLoader(directory: dir.path, environment: [:])
        #expect(!noHost.isAvailable)
        #expect(throws: KubeConfigError.self) { try noHost.load() }
        // When in-cluster is the only thing available, loadDefault picks it.
        let picked = try KubeConfig.loadDefault(environment: ["HOME": dir.path], inCluster: loader)
        #expect(picked.sources == ["in-cluster"])
    }
}
