/// Where a deployed OKIK lives in a cluster: the names the manifests create and okikctl looks for. One place, so the
/// deployment and the CLI cannot drift apart.
public enum OkikInstallation {
    /// The namespace OKIK runs in.
    public static let namespace = "okik-system"
    /// The Service in front of okik-server in agent mode.
    public static let agentService = "okik-agent"
    /// The Service in front of okik-server in watchdog mode.
    public static let watchdogService = "okik-watchdog"
    /// The port both Services and the container listen on; the Service port is named `http`.
    public static let port = 8000
    /// The Secret holding okik-server's API tokens (`ROLE:NAME:TOKEN` lines under ``tokensSecretKey``).
    public static let tokensSecret = "okik-api-tokens"
    /// The key of the token file in ``tokensSecret``.
    public static let tokensSecretKey = "tokens"
    /// The Secret holding the model provider's API key (under ``apiKeySecretKey``).
    public static let apiKeySecret = "okik-llm"
    /// The key of the API key in ``apiKeySecret``.
    public static let apiKeySecretKey = "api-key"
    /// The label every object OKIK creates carries (`app.kubernetes.io/name=okik`), by which `okikctl remove` finds
    /// them and `okikctl logs` finds the pod.
    public static let nameLabel = ("app.kubernetes.io/name", "okik")

    /// The service-proxy path of a Service's HTTP port, to which okik-server's routes are appended:
    /// `/api/v1/namespaces/okik-system/services/http:okik-agent:8000/proxy`.
    public static func proxyPath(service: String, namespace: String = namespace, port: Int = port) -> String {
        "/api/v1/namespaces/\(namespace)/services/http:\(service):\(port)/proxy"
    }
}
