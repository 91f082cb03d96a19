/// A config map (`v1 ConfigMap`): non-secret configuration data.
public struct ConfigMap: NamespacedResource, Hashable {
    /// `v1, Kind=ConfigMap`.
    public static let groupVersionKind = GroupVersionKind(
        group: "", version: "v1", kind: "ConfigMap")
    /// The plural resource name used in URLs.
    public static let resourceName = "configmaps"

    /// Standard object metadata.
    public var metadata: ObjectMeta
    /// UTF-8 values by key.
    public var data: [String: String]?
    /// Base64-encoded binary values by key.
    public var binaryData: [String: String]?
    /// Whether the data can no longer change.
    public var immutable: Bool?

    /// Creates the object; every field but `metadata` is optional.
    public init(
        metadata: ObjectMeta = ObjectMeta(),
        data: [String: String]? = nil,
        binaryData: [String: String]? = nil,
        immutable: Bool? = nil
    ) {
        self.metadata = metadata
        self.data = data
        self.binaryData = binaryData
        self.immutable = immutable
    }
}
