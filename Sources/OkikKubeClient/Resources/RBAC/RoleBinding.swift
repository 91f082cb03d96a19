/// A role binding (`rbac.authorization.k8s.io/v1 RoleBinding`): grants a role within a namespace.
public struct RoleBinding: NamespacedResource, Hashable {
    /// `rbac.authorization.k8s.io/v1, Kind=RoleBinding`.
    public static let groupVersionKind = GroupVersionKind(
        group: "rbac.authorization.k8s.io", version: "v1", kind: "RoleBinding")
    /// The plural resource name used in URLs.
    public static let resourceName = "rolebindings"

    /// Standard object metadata.
    public var metadata: ObjectMeta
    /// Who is granted the role.
    public var subjects: [Subject]?
    /// The role granted.
    public var roleRef: RoleRef?

    /// Creates the object; every field but `metadata` is optional.
    public init(
        metadata: ObjectMeta = ObjectMeta(),
        subjects: [Subject]? = nil,
        roleRef: RoleRef? = nil
    ) {
        self.metadata = metadata
        self.subjects = subjects
        self.roleRef = roleRef
    }
}
