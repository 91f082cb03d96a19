/// A user, group or service account a binding grants a role to.
public struct Subject: Codable, Sendable, Hashable {
    /// `User`, `Group` or `ServiceAccount`.
    public var kind: String?
    /// `rbac.authorization.k8s.io` for users and groups, empty for service accounts.
    public var apiGroup: String?
    /// Name.
    public var name: String?
    /// Namespace of a service account.
    public var namespace: String?

    /// Creates a value; every field is optional.
    public init(
        kind: String? = nil,
        apiGroup: String? = nil,
        name: String? = nil,
        namespace: String? = nil
    ) {
        self.kind = kind
        self.apiGroup = apiGroup
        self.name = name
        self.namespace = namespace
    }
}
