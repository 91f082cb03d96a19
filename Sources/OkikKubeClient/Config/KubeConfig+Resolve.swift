import Foundation

/// One context of a kubeconfig with its cluster and user looked up: everything needed to open a connection.
public struct ResolvedContext: Sendable, Hashable {
    /// The context's name.
    public var name: String
    /// The API server and TLS settings.
    public var cluster: Cluster
    /// The credentials.
    public var user: AuthInfo
    /// The default namespace (`default` when the context sets none).
    public var namespace: String
    /// The file the configuration came from, for error messages.
    public var source: String?

    /// Creates a resolved context directly (for programs that do not read a kubeconfig).
    public init(name: String, cluster: Cluster, user: AuthInfo, namespace: String = "default", source: String? = nil) {
        self.name = name
        self.cluster = cluster
        self.user = user
        self.namespace = namespace
        self.source = source
    }
}

extension KubeConfig {
    /// Looks up a context (or `current-context`) and its cluster and user, and checks that they can be used.
    ///
    /// - Parameters:
    ///   - context: the context name; nil means `current-context`.
    ///   - namespace: overrides the context's namespace when given.
    /// - Throws: ``KubeConfigError`` naming the file, context and field at fault.
    public func resolve(context: String? = nil, namespace: String? = nil) throws -> ResolvedContext {
        let source = sources.isEmpty ? nil : sources.joined(separator: ":")
        let name: String
        if let context, !context.isEmpty {
            name = context
        } else if let currentContext {
            name = currentContext
        } else if contexts.count == 1, let only = contexts.first {
            name = only.name
        } else {
            throw KubeConfigError.noCurrentContext(file: source, available: contextNames)
        }
        guard let entry = contexts.first(where: { $0.name == name }) else {
            throw KubeConfigError.contextNotFound(name, file: source, available: contextNames)
        }
        guard let cluster = clusters.first(where: { $0.name == entry.context.cluster })?.cluster else {
            if entry.context.cluster.isEmpty { throw KubeConfigError.missingField("context.cluster", file: source, context: name) }
            throw KubeConfigError.clusterNotFound(entry.context.cluster, context: name, file: source)
        }
        let user: AuthInfo
        if entry.context.user.isEmpty {
            user = AuthInfo()
        } else if let found = users.first(where: { $0.name == entry.context.user })?.user {
            user = found
        } else {
            throw KubeConfigError.userNotFound(entry.context.user, context: name, file: source)
        }
        guard !cluster.server.isEmpty else {
            throw KubeConfigError.missingField("clusters[\(entry.context.cluster)].cluster.server", file: source, context: name)
        }
        try Self.validateServer(
            cluster.server, field: "clusters[\(entry.context.cluster)].cluster.server", file: source, context: name)
        if user.username != nil || user.password != nil, user.token != nil || user.tokenFile != nil {
            throw KubeConfigError.conflictingAuth(["basic", "token"], file: source, context: name)
        }
        if (user.clientCertificate != nil || user.clientCertificateData != nil)
            != (user.clientKey != nil || user.clientKeyData != nil)
        {
            throw KubeConfigError.invalidField(
                "users[\(entry.context.user)].user", file: source, context: name,
                reason: "client-certificate and client-key must be given together")
        }
        return ResolvedContext(
            name: name, cluster: cluster, user: user, namespace: namespace ?? entry.context.namespace ?? "default",
            source: source)
    }
}
