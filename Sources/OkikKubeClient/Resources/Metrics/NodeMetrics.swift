/// Resource usage of a node (`metrics.k8s.io/v1beta1 NodeMetrics`), from metrics-server.
public struct NodeMetrics: ClusterScopedResource, Hashable {
    /// `metrics.k8s.io/v1beta1, Kind=NodeMetrics`.
    public static let groupVersionKind = GroupVersionKind(
        group: "metrics.k8s.io", version: "v1beta1", kind: "NodeMetrics")
    /// The plural resource name used in URLs.
    public static let resourceName = "nodes"

    /// Standard object metadata.
    public var metadata: ObjectMeta
    /// End of the sampling window.
    public var timestamp: Timestamp?
    /// Length of the sampling window, as a Go duration such as `30s`.
    public var window: String?
    /// Usage by resource: `cpu` and `memory` (working set).
    public var usage: [String: Quantity]?

    /// Creates the object; every field but `metadata` is optional.
    public init(
        metadata: ObjectMeta = ObjectMeta(),
        timestamp: Timestamp? = nil,
        window: String? = nil,
        usage: [String: Quantity]? = nil
    ) {
        self.metadata = metadata
        self.timestamp = timestamp
        self.window = window
        self.usage = usage
    }
}
