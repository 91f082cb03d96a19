import OkikKit

/// Who a request's token belongs to.
public struct Identity: Sendable, Hashable {
    /// The token's role.
    public var role: AccessRole
    /// The token's NAME, recorded on approvals and changes.
    public var name: String

    /// Creates an identity.
    public init(role: AccessRole, name: String) {
        self.role = role
        self.name = name
    }

    /// The person behind the token, as the gate and the audit record them (`human:NAME`).
    public var caller: Caller { Caller(.human, name) }
}
