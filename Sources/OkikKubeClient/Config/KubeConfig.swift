import Foundation

/// A kubeconfig as kubectl reads it: clusters, users, contexts and the current context.
///
/// Load one with ``KubeConfig/load(from:)`` (one file), ``KubeConfig/loadDefault(environment:)`` (kubectl's
/// resolution order) or ``InClusterConfigLoader``; pick a context with ``resolve(context:)``.
/// File references inside a loaded file are already made absolute against that file's directory.
public struct KubeConfig: Sendable, Hashable {
    /// Named clusters (API server address and TLS settings).
    public var clusters: [NamedCluster]
    /// Named users (credentials).
    public var users: [NamedUser]
    /// Named contexts (cluster + user + namespace).
    public var contexts: [NamedContext]
    /// The context used when none is asked for.
    public var currentContext: String?
    /// Where this configuration came from (file paths or "in-cluster"), for error messages.
    public var sources: [String]

    /// Creates a configuration.
    public init(
        clusters: [NamedCluster] = [], users: [NamedUser] = [], contexts: [NamedContext] = [],
        currentContext: String? = nil, sources: [String] = []
    ) {
        self.clusters = clusters
        self.users = users
        self.contexts = contexts
        self.currentContext = currentContext
        self.sources = sources
    }

    /// Builds a single-context configuration for a server URL, as programs and the simulator do.
    public static func single(
        server: String, cluster: Cluster = Cluster(server: ""), user: AuthInfo = AuthInfo(),
        namespace: String? = nil, contextName: String = "default"
    ) -> KubeConfig {
        var cluster = cluster
        cluster.server = server
        return KubeConfig(
            clusters: [NamedCluster(name: contextName, cluster: cluster)],
            users: [NamedUser(name: contextName, user: user)],
            contexts: [
                NamedContext(name: contextName, context: Context(cluster: contextName, user: contextName, namespace: namespace))
            ],
            currentContext: contextName,
            sources: ["in-memory"]
        )
    }

    /// The names of all contexts, in file order.
    public var contextNames: [String] { contexts.map(\.name) }
}

/// A cluster entry of a kubeconfig.
public struct NamedCluster: Sendable, Hashable {
    /// The entry's name.
    public var name: String
    /// The cluster settings.
    public var cluster: Cluster
    /// Creates an entry.
    public init(name: String, cluster: Cluster) {
        self.name = name
        self.cluster = cluster
    }
}

/// A user entry of a kubeconfig.
public struct NamedUser: Sendable, Hashable {
    /// The entry's name.
    public var name: String
    /// The credentials.
    public var user: AuthInfo
    /// Creates an entry.
    public init(name: String, user: AuthInfo) {
        self.name = name
        self.user = user
    }
}

/// A context entry of a kubeconfig.
public struct NamedContext: Sendable, Hashable {
    /// The entry's name.
    public var name: String
    /// The context settings.
    public var context: Context
    /// Creates an entry.
    public init(name: String, context: Context) {
        self.name = name
        self.context = context
    }
}

/// How to reach an API server.
public struct Cluster: Sendable, Hashable {
    /// The API server URL, such as `https://10.0.0.1:6443`.
    public var server: String
    /// Name used for SNI and for checking the server certificate, when it differs from the server host.
    public var tlsServerName: String?
    /// Skip certificate verification. Off unless the kubeconfig says `insecure-skip-tls-verify: true`.
    public var insecureSkipTLSVerify: Bool
    /// Path of a PEM CA bundle (absolute once loaded).
    public var certificateAuthority: String?
    /// PEM CA bundle bytes; takes precedence over `certificateAuthority`.
    public var certificateAuthorityData: Data?
    /// Proxy URL (`http`, `https` or `socks5`).
    public var proxyURL: String?
    /// Ask the server not to compress responses.
    public var disableCompression: Bool

    /// Creates cluster settings.
    public init(
        server: String, tlsServerName: String? = nil, insecureSkipTLSVerify: Bool = false,
        certificateAuthority: String? = nil, certificateAuthorityData: Data? = nil, proxyURL: String? = nil,
        disableCompression: Bool = false
    ) {
        self.server = server
        self.tlsServerName = tlsServerName
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.certificateAuthority = certificateAuthority
        self.certificateAuthorityData = certificateAuthorityData
        self.proxyURL = proxyURL
        self.disableCompression = disableCompression
    }
}

/// Credentials of a kubeconfig user.
///
/// Token, password and key material never appear in `description` or in errors.
public struct AuthInfo: Sendable, Hashable {
    /// Path of a PEM client certificate (absolute once loaded).
    public var clientCertificate: String?
    /// PEM client certificate bytes; take precedence over the path.
    public var clientCertificateData: Data?
    /// Path of a PEM client key.
    public var clientKey: String?
    /// PEM client key bytes; take precedence over the path.
    public var clientKeyData: Data?
    /// A static bearer token.
    public var token: String?
    /// A file holding a bearer token; re-read periodically and takes precedence over `token`.
    public var tokenFile: String?
    /// Basic-auth user name.
    public var username: String?
    /// Basic-auth password.
    public var password: String?
    /// Legacy auth provider settings; only `access-token`/`id-token` are used, as a bearer token.
    public var authProvider: AuthProviderConfig?
    /// An exec credential plugin.
    public var exec: ExecConfig?
    /// User to impersonate (`as`).
    public var impersonate: String?
    /// Groups to impersonate (`as-groups`).
    public var impersonateGroups: [String]?

    /// Creates credentials; every field is optional.
    public init(
        clientCertificate: String? = nil, clientCertificateData: Data? = nil, clientKey: String? = nil,
        clientKeyData: Data? = nil, token: String? = nil, tokenFile: String? = nil, username: String? = nil,
        password: String? = nil, authProvider: AuthProviderConfig? = nil, exec: ExecConfig? = nil,
        impersonate: String? = nil, impersonateGroups: [String]? = nil
    ) {
        self.clientCertificate = clientCertificate
        self.clientCertificateData = clientCertificateData
        self.clientKey = clientKey
        self.clientKeyData = clientKeyData
        self.token = token
        self.tokenFile = tokenFile
        self.username = username
        self.password = password
        self.authProvider = authProvider
        self.exec = exec
        self.impersonate = impersonate
        self.impersonateGroups = impersonateGroups
    }
}

extension AuthInfo: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Names the authentication methods present, never their values.
    public var description: String {
        var methods: [String] = []
        if clientCertificate != nil || clientCertificateData != nil { methods.append("client-certificate") }
        if token != nil { methods.append("token") }
        if tokenFile != nil { methods.append("tokenFile") }
        if username != nil { methods.append("basic") }
        if authProvider != nil { methods.append("auth-provider") }
        if exec != nil { methods.append("exec") }
        return "AuthInfo(\(methods.isEmpty ? "anonymous" : methods.joined(separator: ", ")))"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["methods": description]) }
}

/// A legacy `auth-provider` entry.
public struct AuthProviderConfig: Sendable, Hashable {
    /// Provider name (gcp, azure, oidc, ...).
    public var name: String
    /// Provider settings; values may be secret.
    public var config: [String: String]
    /// Creates an entry.
    public init(name: String, config: [String: String] = [:]) {
        self.name = name
        self.config = config
    }
}

/// An exec credential plugin (`client.authentication.k8s.io/v1` or `v1beta1`).
public struct ExecConfig: Sendable, Hashable {
    /// `client.authentication.k8s.io/v1` or `client.authentication.k8s.io/v1beta1`.
    public var apiVersion: String
    /// The command to run; a relative path with a slash is made absolute against the kubeconfig's directory.
    public var command: String
    /// Arguments.
    public var args: [String]
    /// Environment variables added to the host environment.
    public var env: [ExecEnvVar]
    /// Text shown when the command is missing.
    public var installHint: String?
    /// Whether `spec.cluster` goes into `KUBERNETES_EXEC_INFO`.
    public var provideClusterInfo: Bool
    /// `Never`, `IfAvailable` or `Always`.
    public var interactiveMode: String?

    /// Creates an exec plugin configuration.
    public init(
        apiVersion: String, command: String, args: [String] = [], env: [ExecEnvVar] = [],
        installHint: String? = nil, provideClusterInfo: Bool = false, interactiveMode: String? = nil
    ) {
        self.apiVersion = apiVersion
        self.command = command
        self.args = args
        self.env = env
        self.installHint = installHint
        self.provideClusterInfo = provideClusterInfo
        self.interactiveMode = interactiveMode
    }
}

/// One environment variable for an exec plugin.
public struct ExecEnvVar: Sendable, Hashable {
    /// Variable name.
    public var name: String
    /// Variable value.
    public var value: String
    /// Creates a variable.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A context: which cluster, which user, which default namespace.
public struct Context: Sendable, Hashable {
    /// Name of the cluster entry.
    public var cluster: String
    /// Name of the user entry.
    public var user: String
    /// Default namespace; `default` when absent.
    public var namespace: String?
    /// Creates a context.
    public init(cluster: String, user: String, namespace: String? = nil) {
        self.cluster = cluster
        self.user = user
        self.namespace = namespace
    }
}
