/// Who may talk to the simulated API server. With no tokens and client certificates off, every request is
/// anonymous and allowed (the default, like a local development cluster).
public struct AuthenticationConfiguration: Sendable, Hashable {
    /// Bearer tokens and the user name each stands for.
    public var tokens: [String: String]
    /// Accept client certificates signed by the simulator's CA (HTTPS only); the certificate's CN is the user.
    public var clientCertificates: Bool
    /// Users who may read but not write; their writes get 403 Forbidden.
    public var readOnlyUsers: Set<String>
    /// Users whose every resource request is authorized by the stored RBAC objects (Roles, ClusterRoles and their
    /// bindings), as the API server does: 403 Forbidden unless a bound rule allows it. A service account's user is
    /// `system:serviceaccount:NAMESPACE:NAME`. Other users are not checked.
    public var rbacUsers: Set<String>

    /// Creates a configuration.
    public init(
        tokens: [String: String] = [:], clientCertificates: Bool = false, readOnlyUsers: Set<String> = [],
        rbacUsers: Set<String> = []
    ) {
        self.tokens = tokens
        self.clientCertificates = clientCertificates
        self.readOnlyUsers = readOnlyUsers
        self.rbacUsers = rbacUsers
    }

    /// Whether requests must authenticate.
    public var isRequired: Bool { !tokens.isEmpty || clientCertificates }

    /// No authentication.
    public static let none = AuthenticationConfiguration()
}
