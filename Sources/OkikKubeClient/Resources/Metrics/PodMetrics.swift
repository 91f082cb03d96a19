/// Resource usage of a pod (`metrics.k8s.io/v1beta1 PodMetrics`), from metrics-server.
public struct PodMetrics: NamespacedResource, Hashable {
    /// `metrics.k8s.io/v1beta1, Kind=PodMetrics`.
    public static let groupVersionKind = GroupVersionKind(
        group: "metrics.k8s.io", version: "v1beta1", kind: "PodMetrics")
    /// The plural resource name used in URLs.
    public static let resourceName = "pods"

    /// Standard object metadata.
    public var metadata: ObjectMeta
    /// End of the sampling window.
    public var timestamp: Timestamp?
    /// Length of the sampling window, as a Go duration such as `30s`.
    public var window: String?
    /// Usage per container.
    public var containers: [ContainerMetrics]?

    /// Creates the object; every field but `metadata` is optional.
    public init(
        metadata: ObjectMeta = ObjectMeta(),
        timestamp: Timestamp? = nil,
        window: String? = nil,
        containers: [ContainerMetrics]? = nil
    ) {
        self.metadata = metadata
        self.timestamp = timestamp
        self.window = window
        self.containers = containers
    }

    /// Resource usage of one container.
    public struct ContainerMetrics: Codable, Sendable, Hashable {
        /// Container name.
        public var name: String?
        /// Usage by resource: `cpu` (often in nanocores) and `memory` (working set, often in Ki).
        public var usage: [String: Quantity]?

        /// Creates a value; every field is optional.
        public init(
            name: String? = nil,
            usage: [String: Quantity]? = nil
        ) {
            self.name = name
            self.usage = usage
        }
    }
}

extension PodMetrics {
    /// The usage summed over all containers, by resource name.
    public var totalUsage: [String: Quantity] {
        var total: [String: Quantity] = [:]
        for container in containers ?? [] {
            for (resource, quantity) in container.usage ?? [:] {
                total[resource, default: .zero] += quantity
            }
        }
        return total
    }
}
