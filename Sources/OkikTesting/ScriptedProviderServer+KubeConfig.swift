import OkikKubeClient

extension ScriptedProviderServer {
    /// A kubeconfig that points a ``KubeClient`` at this server over plain HTTP, with no credentials, so a test can
    /// script what an API server answers (a silent watch, a Status where a list belongs).
    public nonisolated func kubeConfig() throws -> KubeConfig {
        try KubeConfig.parse(
            yaml: """
                apiVersion: v1
                kind: Config
                clusters: [{name: local, cluster: {server: "http://127.0.0.1:\(port)"}}]
                users: [{name: nobody, user: {}}]
                contexts: [{name: local, context: {cluster: local, user: nobody}}]
                current-context: local
                """,
            source: "test")
    }
}
