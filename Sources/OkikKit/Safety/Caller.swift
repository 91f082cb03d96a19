/// Who asked for a tool call: recorded as the actor in the audit store and on plans.
public struct Caller: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The kind of caller.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// The reasoning agent.
        case agent
        /// The deterministic watchdog.
        case watchdog
        /// Optimizer reconcile mode.
        case optimizer
        /// The REST API on behalf of a user.
        case api
        /// An MCP client.
        case mcp
        /// A program embedding OkikKit.
        case embedding
        /// A person (approvals, emergency stop).
        case human
    }

    /// The kind of caller.
    public var kind: Kind
    /// A stable identifier within the kind (user name, agent name).
    public var name: String

    /// Creates a caller.
    public init(_ kind: Kind, _ name: String) {
        self.kind = kind
        self.name = name
    }

    /// `kind:name`, the actor string stored in the audit.
    public var description: String { "\(kind.rawValue):\(name)" }
}
