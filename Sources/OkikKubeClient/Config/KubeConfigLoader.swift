import Foundation

/// Something that produces a ``KubeConfig``: a file, the environment, or an in-cluster service account.
public protocol KubeConfigLoader: Sendable {
    /// Loads the configuration.
    /// - Throws: ``KubeConfigError`` naming the file and field at fault.
    func load() throws -> KubeConfig
}

/// Loads one kubeconfig file, or several merged with kubectl's rules (the first to set a value wins).
public struct FileKubeConfigLoader: KubeConfigLoader {
    /// The files, in precedence order.
    public var paths: [String]
    /// When true, missing files are skipped (as kubectl does for `KUBECONFIG` entries); else they are an error.
    public var skipMissing: Bool

    /// Creates a loader for one or several files.
    public init(paths: [String], skipMissing: Bool = false) {
        self.paths = paths
        self.skipMissing = skipMissing
    }

    public func load() throws -> KubeConfig {
        var configs: [KubeConfig] = []
        for path in paths where !path.isEmpty {
            if skipMissing && !FileManager.default.fileExists(atPath: path) { continue }
            configs.append(try KubeConfig.load(from: path))
        }
        return KubeConfig.merge(configs)
    }
}

/// Builds a configuration from a pod's service account, as client-go's `InClusterConfig` does.
///
/// The token is referenced as a `tokenFile`, so a rotated token is picked up without a restart.
public struct InClusterConfigLoader: KubeConfigLoader {
    /// The mounted service-account directory.
    public var directory: String
    /// Environment holding `KUBERNETES_SERVICE_HOST` and `KUBERNETES_SERVICE_PORT`.
    public var environment: [String: String]

    /// The standard service-account mount point.
    public static let defaultDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// Creates a loader; tests pass a temporary directory and a custom environment.
    public init(
        directory: String = InClusterConfigLoader.defaultDirectory,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.directory = directory
        self.environment = environment
    }

    /// True when the environment and token file of an in-cluster service account are present.
    public var isAvailable: Bool {
        environment["KUBERNETES_SERVICE_HOST"].map { !$0.isEmpty } == true
            && FileManager.default.fileExists(atPath: directory + "/token")
    }

    public func load() throws -> KubeConfig {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty else {
            throw KubeConfigError.inClusterUnavailable("KUBERNETES_SERVICE_HOST is not set: not running in a pod")
        }
        let port = environment["KUBERNETES_SERVICE_PORT"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["KUBERNETES_SERVICE_PORT_HTTPS"] ?? "443"
        let tokenPath = directory + "/token"
        guard FileManager.default.isReadableFile(atPath: tokenPath) else {
            throw KubeConfigError.inClusterUnavailable("service account token \(tokenPath) is missing or unreadable")
        }
        let hostPart = host.contains(":") ? "[\(host)]" : host
        let caPath = directory + "/ca.crt"
        let namespacePath = directory + "/namespace"
        var namespace: String?
        if let text = try? String(contentsOfFile: namespacePath, encoding: .utf8) {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            namespace = trimmed.isEmpty ? nil : trimmed
        }
        let cluster = Cluster(
            server: "https://\(hostPart):\(port)",
            certificateAuthority: FileManager.default.fileExists(atPath: caPath) ? caPath : nil)
        var config = KubeConfig.single(
            server: cluster.server, cluster: cluster, user: AuthInfo(tokenFile: tokenPath), namespace: namespace,
            contextName: "in-cluster")
        config.sources = ["in-cluster"]
        return config
    }
}

extension KubeConfig {
    /// Loads the configuration the way kubectl finds it: the explicit path if given (alone, no merging), else the
    /// files in `KUBECONFIG` merged, else `~/.kube/config`, else the in-cluster service account.
    ///
    /// - Parameters:
    ///   - explicitPath: a `--kubeconfig` path.
    ///   - environment: the process environment (tests pass their own).
    ///   - inCluster: the in-cluster loader to fall back to.
    /// - Throws: ``KubeConfigError`` when a file is malformed or nothing is found.
    public static func loadDefault(
        explicitPath: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        inCluster: InClusterConfigLoader? = nil
    ) throws -> KubeConfig {
        if let explicitPath, !explicitPath.isEmpty {
            return try FileKubeConfigLoader(paths: [explicitPath]).load()
        }
        if let list = environment["KUBECONFIG"], !list.isEmpty {
            let paths = list.split(separator: ":", omittingEmptySubsequences: true).map(String.init)
            let config = try FileKubeConfigLoader(paths: paths, skipMissing: true).load()
            if !config.sources.isEmpty { return config }
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        let defaultPath = home + "/.kube/config"
        if FileManager.default.fileExists(atPath: defaultPath) {
            return try KubeConfig.load(from: defaultPath)
        }
        let inCluster = inCluster ?? InClusterConfigLoader(environment: environment)
        if inCluster.isAvailable { return try inCluster.load() }
        var searched: [String] = []
        if let list = environment["KUBECONFIG"], !list.isEmpty { searched.append("KUBECONFIG=\(list)") }
        searched += [defaultPath, "in-cluster service account (\(inCluster.directory))"]
        throw KubeConfigError.noConfiguration(searched: searched)
    }
}
