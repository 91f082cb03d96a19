/// A cluster role binding (`rbac.authorization.k8s.io/v1 ClusterRoleBinding`): grants a cluster role cluster-wide.
public struct ClusterRoleBinding: ClusterScopedResource, Hashable {
    /// `rbac.authorization.k8s.io/v1, Kind=ClusterRoleBinding`.
    public static let groupVersionKind = GroupVersionKind(
        group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRoleBinding")
    /// The plural resource name used in URLs.
    public static let resourceName = "clusterrolebindings"

    /// Standard object metadata.
    public var metadata: ObjectMeta
    /// Who is granted the role.
    public var subjects: [Subject]?
    /// The cluster role granted.
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
