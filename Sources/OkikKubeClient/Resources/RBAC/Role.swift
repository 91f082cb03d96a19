/// A role (`rbac.authorization.k8s.io/v1 Role`): permissions within a namespace.
public struct Role: NamespacedResource, Hashable {
    /// `rbac.authorization.k8s.io/v1, Kind=Role`.
    public static let groupVersionKind = GroupVersionKind(
        group: "rbac.authorization.k8s.io", version: "v1", kind: "Role")
    /// The plural resource name used in URLs.
    public static let resourceName = "roles"

    /// Standard object metadata.
    public var metadata: ObjectMeta
    /// The permissions.
    public var rules: [PolicyRule]?

    /// Creates the object; every field but `metadata` is optional.
    public init(
        metadata: ObjectMeta = ObjectMeta(),
        rules: [PolicyRule]? = nil
    ) {
        self.metadata = metadata
        self.rules = rules
    }
}
