/// What ``ResourceClient/listLenient(_:)`` returns: the list of the items that decoded, in the server's order, and
/// the items that did not, each named with the field that failed.
///
/// ```swift
/// let pods = try await client.namespaced(Pod.self, in: .allNamespaces).listLenient()
/// for item in pods.skipped { logger.warning("skipped \(item)") }   // Pod shop/web-1: spec...cpu: ...
/// use(pods.items)
/// ```
public struct LenientList<Item: Decodable & Sendable>: Sendable {
    /// The list: its envelope and the items that decoded.
    public var list: ResourceList<Item>
    /// The items left out because they could not be decoded, in list order.
    public var skipped: [UndecodableItem]

    /// Creates a result.
    public init(list: ResourceList<Item>, skipped: [UndecodableItem] = []) {
        self.list = list
        self.skipped = skipped
    }

    /// The items that decoded.
    public var items: [Item] { list.items }
}
