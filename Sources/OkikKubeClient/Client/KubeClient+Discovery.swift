/// The server's version (`GET /version`).
public struct ServerVersion: Codable, Sendable, Hashable {
    /// Major version, such as `1`.
    public var major: String
    /// Minor version, such as `32`.
    public var minor: String
    /// Full version, such as `v1.32.0`.
    public var gitVersion: String
    /// Build platform, such as `linux/amd64`.
    public var platform: String?
}

/// One served API group (`GET /apis`).
public struct APIGroup: Codable, Sendable, Hashable {
    /// A group/version pair.
    public struct Version: Codable, Sendable, Hashable {
        /// `apps/v1`.
        public var groupVersion: String
        /// `v1`.
        public var version: String
    }
    /// Group name.
    public var name: String
    /// Served versions.
    public var versions: [Version]
    /// The preferred version.
    public var preferredVersion: Version?
}

/// The list of API groups.
public struct APIGroupList: Codable, Sendable, Hashable {
    /// Groups.
    public var groups: [APIGroup]
}

/// One resource of a group/version, as discovery describes it.
public struct APIResource: Codable, Sendable, Hashable {
    /// Plural name (`deployments`, or `deployments/scale` for a subresource).
    public var name: String
    /// Singular name.
    public var singularName: String?
    /// Whether the resource is namespaced.
    public var namespaced: Bool
    /// Kind.
    public var kind: String
    /// Supported verbs.
    public var verbs: [String]
    /// Short names (`deploy`).
    public var shortNames: [String]?
    /// Categories (`all`).
    public var categories: [String]?
    /// Group, for subresources served from another group.
    public var group: String?
    /// Version, for subresources served from another version.
    public var version: String?
}

/// The resources of one group/version (`GET /apis/apps/v1`).
public struct APIResourceList: Codable, Sendable, Hashable {
    /// `apps/v1` or `v1`.
    public var groupVersion: String
    /// Resources.
    public var resources: [APIResource]
}

extension KubeClient {
    /// The server's version.
    /// - Throws: ``KubeError``.
    public func serverVersion() async throws -> ServerVersion {
        try await sendDecoding(KubeRequest(method: "GET", path: "/version"))
    }

    /// The named API groups (the core group `v1` is not among them).
    /// - Throws: ``KubeError``.
    public func apiGroups() async throws -> [APIGroup] {
        let list: APIGroupList = try await sendDecoding(KubeRequest(method: "GET", path: "/apis"))
        return list.groups
    }

    /// The resources of a group/version, such as `v1` or `apps/v1`.
    /// - Throws: ``KubeError`` (`.notFound` when the group/version is not served).
    public func apiResources(groupVersion: String) async throws -> APIResourceList {
        let path = groupVersion.contains("/") ? "/apis/\(groupVersion)" : "/api/\(groupVersion)"
        return try await sendDecoding(KubeRequest(method: "GET", path: path))
    }

    /// Whether the server serves a group/version (for example `metrics.k8s.io/v1beta1`).
    /// - Throws: ``KubeError`` for failures other than not found.
    public func serves(groupVersion: String) async throws -> Bool {
        do {
            _ = try await apiResources(groupVersion: groupVersion)
            return true
        } catch let error as KubeError where error.code == .notFound {
            return false
        }
    }
}
