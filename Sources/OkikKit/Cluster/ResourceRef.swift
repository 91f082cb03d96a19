import OkikKubeClient

/// Names one Kubernetes object: its kind, namespace (nil for cluster-scoped kinds) and name.
public struct ResourceRef: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The kind, such as `Deployment`.
    public var kind: String
    /// The namespace; nil for cluster-scoped objects.
    public var namespace: String?
    /// The name.
    public var name: String

    /// Creates a reference.
    public init(kind: String, namespace: String?, name: String) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

    /// A reference to a typed object.
    public init<R: KubernetesResource>(_ object: R) {
        self.init(kind: R.groupVersionKind.kind, namespace: object.metadata.namespace, name: object.metadata.name ?? "")
    }

    /// `Deployment shop/web`, or `Node node-1`.
    public var description: String {
        "\(kind) \(namespace.map { "\($0)/" } ?? "")\(name)"
    }

    /// Orders by namespace, kind, then name, so reports read namespace by namespace.
    public static func < (lhs: ResourceRef, rhs: ResourceRef) -> Bool {
        (lhs.namespace ?? "", lhs.kind, lhs.name) < (rhs.namespace ?? "", rhs.kind, rhs.name)
    }
}
