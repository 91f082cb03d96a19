/// A pod disruption budget (`policy/v1 PodDisruptionBudget`): limits voluntary disruptions of a pod set.
public struct PodDisruptionBudget: NamespacedResource, StatusHavingResource, Hashable {
    /// `policy/v1, Kind=PodDisruptionBudget`.
    public static let groupVersionKind = GroupVersionKind(
        group: "policy", version: "v1", kind: "PodDisruptionBudget")
    /// The plural resource name used in URLs.
    public static let resourceName = "poddisruptionbudgets"

    /// Standard object metadata.
    public var metadata: ObjectMeta
    /// Desired state.
    public var spec: Spec?
    /// Observed state.
    public var status: Status?

    /// Creates the object; every field but `metadata` is optional.
    public init(
        metadata: ObjectMeta = ObjectMeta(),
        spec: Spec? = nil,
        status: Status? = nil
    ) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    /// The desired state of a disruption budget.
    public struct Spec: Codable, Sendable, Hashable {
        /// Pods that must stay available (number or percentage).
        public var minAvailable: IntOrString?
        /// Pods that may be unavailable (number or percentage).
        public var maxUnavailable: IntOrString?
        /// Selects the protected pods.
        public var selector: LabelSelector?
        /// `IfHealthyBudget` or `AlwaysAllow`.
        public var unhealthyPodEvictionPolicy: String?

        /// Creates a value; every field is optional.
        public init(
            minAvailable: IntOrString? = nil,
            maxUnavailable: IntOrString? = nil,
            selector: LabelSelector? = nil,
            unhealthyPodEvictionPolicy: String? = nil
        ) {
            self.minAvailable = minAvailable
            self.maxUnavailable = maxUnavailable
            self.selector = selector
            self.unhealthyPodEvictionPolicy = unhealthyPodEvictionPolicy
        }
    }

    /// The observed state of a disruption budget.
    public struct Status: Codable, Sendable, Hashable {
        /// Healthy pods now.
        public var currentHealthy: Int?
        /// Healthy pods required.
        public var desiredHealthy: Int?
        /// Disruptions allowed now.
        public var disruptionsAllowed: Int?
        /// Pods counted by the budget.
        public var expectedPods: Int?
        /// The generation the controller last acted on.
        public var observedGeneration: Int?
        /// Pods being evicted, with when the eviction was processed.
        public var disruptedPods: [String: Timestamp]?
        /// Conditions, such as `DisruptionAllowed`.
        public var conditions: [Condition]?

        /// Creates a value; every field is optional.
        public init(
            currentHealthy: Int? = nil,
            desiredHealthy: Int? = nil,
            disruptionsAllowed: Int? = nil,
            expectedPods: Int? = nil,
            observedGeneration: Int? = nil,
            disruptedPods: [String: Timestamp]? = nil,
            conditions: [Condition]? = nil
        ) {
            self.currentHealthy = currentHealthy
            self.desiredHealthy = desiredHealthy
            self.disruptionsAllowed = disruptionsAllowed
            self.expectedPods = expectedPods
            self.observedGeneration = observedGeneration
            self.disruptedPods = disruptedPods
            self.conditions = conditions
        }
    }
}
