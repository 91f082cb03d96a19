/// A cluster role (`rbac.authorization.k8s.io/v1 ClusterRole`): cluster-wide permissions.
public struct ClusterRole: ClusterScopedResource, Hashable {
    /// `rbac.authorization.k8s.io/v1, Kind=ClusterRole`.
    public static let groupVersionKind = GroupVersionKind(
        group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole")
    /// The plural resource name used in URLs.
    public static let resourceName = "clusterroles"

    /// Standard object metadata.
    public var metadata: ObjectMeta
    /// The permissions.
    public var rules: [PolicyRule]?
    /// Selects cluster roles whose rules are aggregated into this one.
    public var aggregationRule: AggregationRule?

    /// Creates the object; every field but `metadata` is optional.
    public init(
        metadata: ObjectMeta = ObjectMeta(),
        rules: [PolicyRule]? = nil,
        aggregationRule: AggregationRule? = nil
    ) {
        self.metadata = metadata
        self.rules = rules
        self.aggregationRule = aggregationRule
    }

    /// Selects the cluster roles to aggregate.
    public struct AggregationRule: Codable, Sendable, Hashable {
        /// Selectors of the aggregated roles.
        public var clusterRoleSelectors: [LabelSelector]?

        /// Creates a value; every field is optional.
        public init(
            clusterRoleSelectors: [LabelSelector]? = nil
        ) {
            self.clusterRoleSelectors = clusterRoleSelectors
        }
    }
}
