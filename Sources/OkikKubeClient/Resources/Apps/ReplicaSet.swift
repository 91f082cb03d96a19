/// A replica set (`apps/v1 ReplicaSet`): keeps a number of identical pods running.
public struct ReplicaSet: NamespacedResource, ScalableResource, StatusHavingResource, Hashable {
    /// `apps/v1, Kind=ReplicaSet`.
    public static let groupVersionKind = GroupVersionKind(
        group: "apps", version: "v1", kind: "ReplicaSet")
    /// The plural resource name used in URLs.
    public static let resourceName = "replicasets"

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

    /// The desired state of a replica set.
    public struct Spec: Codable, Sendable, Hashable {
        /// Desired pod count (default 1).
        public var replicas: Int?
        /// Selects the pods the replica set manages.
        public var selector: LabelSelector?
        /// Template of the pods.
        public var template: PodTemplateSpec?
        /// Seconds a new pod must be ready before it counts as available.
        public var minReadySeconds: Int?

        /// Creates a value; every field is optional.
        public init(
            replicas: Int? = nil,
            selector: LabelSelector? = nil,
            template: PodTemplateSpec? = nil,
            minReadySeconds: Int? = nil
        ) {
            self.replicas = replicas
            self.selector = selector
            self.template = template
            self.minReadySeconds = minReadySeconds
        }
    }

    /// The observed state of a replica set.
    public struct Status: Codable, Sendable, Hashable {
        /// The generation the controller last acted on.
        public var observedGeneration: Int?
        /// Current pod count.
        public var replicas: Int?
        /// Pods whose labels match the template's.
        public var fullyLabeledReplicas: Int?
        /// Ready pods.
        public var readyReplicas: Int?
        /// Available pods.
        public var availableReplicas: Int?
        /// Pods being terminated.
        public var terminatingReplicas: Int?
        /// Conditions, such as `ReplicaFailure`.
        public var conditions: [Condition]?

        /// Creates a value; every field is optional.
        public init(
            observedGeneration: Int? = nil,
            replicas: Int? = nil,
            fullyLabeledReplicas: Int? = nil,
            readyReplicas: Int? = nil,
            availableReplicas: Int? = nil,
            terminatingReplicas: Int? = nil,
            conditions: [Condition]? = nil
        ) {
            self.observedGeneration = observedGeneration
            self.replicas = replicas
            self.fullyLabeledReplicas = fullyLabeledReplicas
            self.readyReplicas = readyReplicas
            self.availableReplicas = availableReplicas
            self.terminatingReplicas = terminatingReplicas
            self.conditions = conditions
        }
    }
}
