/// The role a binding grants.
public struct RoleRef: Codable, Sendable, Hashable {
    /// `rbac.authorization.k8s.io`.
    public var apiGroup: String?
    /// `Role` or `ClusterRole`.
    public var kind: String?
    /// Name of the role.
    public var name: String?

    /// Creates a value; every field is optional.
    public init(
        apiGroup: String? = nil,
        kind: String? = nil,
        name: String? = nil
    ) {
        self.apiGroup = apiGroup
        self.kind = kind
        self.name = name
    }
}
