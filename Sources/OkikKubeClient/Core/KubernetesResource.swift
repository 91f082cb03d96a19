/// A Kubernetes API group, version and kind, such as `apps/v1, Kind=Deployment`.
public struct GroupVersionKind: Sendable, Hashable, CustomStringConvertible {
    /// API group; empty for the core group.
    public var group: String
    /// API version within the group, such as `v1`.
    public var version: String
    /// Kind, such as `Deployment`.
    public var kind: String

    /// Creates a group/version/kind.
    public init(group: String, version: String, kind: String) {
        self.group = group
        self.version = version
        self.kind = kind
    }

    /// The `apiVersion` field value: `v1` for the core group, else `group/version`.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    public var description: String { "\(apiVersion), Kind=\(kind)" }
}

/// A Kubernetes API group, version and resource (plural), which addresses a collection on the server.
public struct GroupVersionResource: Sendable, Hashable, CustomStringConvertible {
    /// API group; empty for the core group.
    public var group: String
    /// API version within the group.
    public var version: String
    /// Plural resource name, such as `deployments`.
    public var resource: String

    /// Creates a group/version/resource.
    public init(group: String, version: String, resource: String) {
        self.group = group
        self.version = version
        self.resource = resource
    }

    /// `deployments.apps` or `pods`, the form API error messages use.
    public var qualifiedResource: String { group.isEmpty ? resource : "\(resource).\(group)" }

    /// The path prefix of the group/version: `/api/v1` or `/apis/apps/v1`.
    public var groupVersionPath: String { group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)" }

    public var description: String { qualifiedResource + "/" + version }
}

/// Whether objects of a kind live in a namespace or at cluster scope.
public enum ResourceScope: String, Sendable, Hashable {
    case namespaced
    case cluster
}

/// A typed Kubernetes object: `Codable`, with its group/version/kind and plural resource name.
///
/// Typed models decode leniently (unknown fields are ignored). Because of that, writing a typed object back with
/// ``ResourceClient/update(_:dryRun:)`` drops fields the model does not know: prefer patches for changes.
public protocol KubernetesResource: Codable, Sendable {
    /// The group, version and kind of this type.
    static var groupVersionKind: GroupVersionKind { get }
    /// The plural resource name used in URLs, such as `deployments`.
    static var resourceName: String { get }
    /// Namespaced or cluster-scoped; given by conforming to ``NamespacedResource`` or ``ClusterScopedResource``.
    static var scope: ResourceScope { get }
    /// Object metadata.
    var metadata: ObjectMeta { get set }
}

extension KubernetesResource {
    /// The group/version/resource that addresses this type's collection.
    public static var groupVersionResource: GroupVersionResource {
        GroupVersionResource(
            group: groupVersionKind.group, version: groupVersionKind.version, resource: resourceName)
    }

    /// The object's name, or an empty string when unset.
    public var name: String { metadata.name ?? "" }

    /// The object's namespace, if any.
    public var namespace: String? { metadata.namespace }
}

/// A kind whose objects live in a namespace.
public protocol NamespacedResource: KubernetesResource {}

extension NamespacedResource {
    public static var scope: ResourceScope { .namespaced }
}

/// A kind whose objects are cluster-scoped (Node, Namespace, PersistentVolume, ClusterRole, ...).
public protocol ClusterScopedResource: KubernetesResource {}

extension ClusterScopedResource {
    public static var scope: ResourceScope { .cluster }
}

/// A kind with a `/scale` subresource (Deployment, ReplicaSet, StatefulSet).
public protocol ScalableResource: KubernetesResource {}

/// A kind with a `/status` subresource.
public protocol StatusHavingResource: KubernetesResource {}
