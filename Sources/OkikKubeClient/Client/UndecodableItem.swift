/// An item of a list that the typed model could not decode, left out by ``ResourceClient/listLenient(_:)``.
///
/// The API server only stores objects it validated, so an undecodable item usually means the model is stricter
/// than the cluster (a newer API version, a field OKIK reads with another type) or an object written past
/// validation. Its identity is read from the item's raw JSON, so it is known even when `metadata` itself is what
/// failed to decode, as long as the item is JSON.
public struct UndecodableItem: Sendable, CustomStringConvertible {
    /// The kind the list was read as, such as `Pod`.
    public var kind: String
    /// The item's namespace; nil for cluster-scoped kinds, or when it cannot be read.
    public var namespace: String?
    /// The item's name; nil when `metadata.name` cannot be read.
    public var name: String?
    /// The item's position in the whole list (across pages), in the server's order.
    public var index: Int
    /// Why it failed, with the coding path relative to the item (`spec.containers[0].resources.requests.cpu`).
    public var error: DecodingError

    /// Creates a record of an undecodable item.
    public init(kind: String, namespace: String?, name: String?, index: Int, error: DecodingError) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.index = index
        self.error = error
    }

    /// The field that failed, such as `spec.containers[0].resources.requests.cpu`; `(root)` for the item itself.
    public var path: String { error.fieldPath }

    /// What was wrong with it, such as `"lots" is not a quantity ...` or `missing field "name"`.
    public var reason: String { error.reason }

    /// `Pod shop/web-1`, `Node node-1`, or `Pod items[6]` when the name cannot be read.
    public var objectDescription: String {
        "\(kind) \(namespace.map { "\($0)/" } ?? "")\(name ?? "items[\(index)]")"
    }

    /// `Pod shop/web-1: spec.containers[0].resources.requests.cpu: <reason>`.
    public var description: String { "\(objectDescription): \(path): \(reason)" }
}

extension DecodingError {
    /// The coding path as a JSON path: `spec.containers[0].image`, or `(root)` when empty.
    var fieldPath: String {
        let context: Context
        switch self {
        case .typeMismatch(_, let value), .valueNotFound(_, let value), .keyNotFound(_, let value), .dataCorrupted(let value):
            context = value
        @unknown default:
            return "(root)"
        }
        let text = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return text.isEmpty ? "(root)" : String(text.drop { $0 == "." })
    }

    /// What was wrong, without the path: the decoder's description, or `missing field "name"`.
    var reason: String {
        switch self {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return context.debugDescription
        case .keyNotFound(let key, _):
            return "missing field \"\(key.stringValue)\""
        @unknown default:
            return "\(self)"
        }
    }
}
