/// A list response (`PodList`, `DeploymentList`, ...) holding typed items.
public struct ResourceList<Item: Decodable & Sendable>: Decodable, Sendable {
    /// The list's `apiVersion`.
    public var apiVersion: String?
    /// The list's kind, such as `PodList`.
    public var kind: String?
    /// Version and paging metadata.
    public var metadata: ListMeta
    /// The items of this page (or of all pages, when returned by an auto-paging list).
    public var items: [Item]

    /// Creates a list.
    public init(apiVersion: String? = nil, kind: String? = nil, metadata: ListMeta = ListMeta(), items: [Item]) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.items = items
    }

    private enum CodingKeys: String, CodingKey { case apiVersion, kind, metadata, items }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        apiVersion = try container.decodeIfPresent(String.self, forKey: .apiVersion)
        kind = try container.decodeIfPresent(String.self, forKey: .kind)
        metadata = try container.decodeIfPresent(ListMeta.self, forKey: .metadata) ?? ListMeta()
        // A list with no items is sent as `"items": null` by some servers.
        items = try container.decodeIfPresent([Item].self, forKey: .items) ?? []
    }
}

extension ResourceList: Encodable where Item: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(apiVersion, forKey: .apiVersion)
        try container.encodeIfPresent(kind, forKey: .kind)
        try container.encode(metadata, forKey: .metadata)
        try container.encode(items, forKey: .items)
    }
}
