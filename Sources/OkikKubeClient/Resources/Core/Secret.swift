/// A secret (`v1 Secret`); its values never appear in `description`, `debugDescription`, `dump` or logs.
public struct Secret: NamespacedResource, Hashable {
    /// `v1, Kind=Secret`.
    public static let groupVersionKind = GroupVersionKind(
        group: "", version: "v1", kind: "Secret")
    /// The plural resource name used in URLs.
    public static let resourceName = "secrets"

    /// Standard object metadata.
    public var metadata: ObjectMeta
    /// Secret type, such as `Opaque` or `kubernetes.io/tls`.
    public var type: String?
    /// Base64-encoded values by key.
    public var data: [String: String]?
    /// Plain-text values by key (write-only; the server merges them into `data`).
    public var stringData: [String: String]?
    /// Whether the data can no longer change.
    public var immutable: Bool?

    /// Creates the object; every field but `metadata` is optional.
    public init(
        metadata: ObjectMeta = ObjectMeta(),
        type: String? = nil,
        data: [String: String]? = nil,
        stringData: [String: String]? = nil,
        immutable: Bool? = nil
    ) {
        self.metadata = metadata
        self.type = type
        self.data = data
        self.stringData = stringData
        self.immutable = immutable
    }
}
