/// A JSON request body of okik-server's API. The server refuses members not in ``fieldNames``.
public protocol APIRequest: Codable, Sendable {
    /// Every member the body may carry.
    static var fieldNames: Set<String> { get }
}

/// A body with no members (`{}`, or no body at all).
public struct EmptyRequest: APIRequest, Hashable {
    /// No members.
    public static let fieldNames: Set<String> = []

    /// The empty body.
    public init() {}
}
