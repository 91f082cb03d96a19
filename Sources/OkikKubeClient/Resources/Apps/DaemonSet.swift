/// A daemon set (`apps/v1 DaemonSet`): one pod on every (selected) node.
public struct DaemonSet: NamespacedResource, StatusHavingResource, Hashable {
    /// `apps/v1, Kind=DaemonSet`.
    public static let groupVersionKind = GroupVersionKind(
        group: "apps", version: "v1", kind: "DaemonSet")
    /// The plural resource name used in URLs.
    public static let resourceName = "daemonsets"

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

    /// The desired state of a daemon set.
    public struct Spec: Codable, Sendable, Hashable {
        /// Selects the pods the daemon set manages.
        public var selector: LabelSelector?
        /// Template of the pods.
        public var template: PodTemplateSpec?
        /// How pods are updated.
        public var updateStrategy: UpdateStrategy?
        /// Seconds a new pod must be ready before it counts as available.
        public var minReadySeconds: Int?
        /// Revisions kept for rollback.
        public var revisionHistoryLimit: Int?

        /// Creates a value; every field is optional.
        public init(
            selector: LabelSelector? = nil,
            template: PodTemplateSpec? = nil,
            updateStrategy: UpdateStrategy? = nil,
            minReadySeconds: Int? = nil,
            revisionHistoryLimit: Int? = nil
        ) {
            self.selector = selector
            self.template = template
            self.updateStrategy = updateStrategy
            self.minReadySeconds = minReadySeconds
            self.revisionHistoryLimit = revisionHistoryLimit
        }
    }

    /// The update strategy of a daemon set.
    public struct UpdateStrategy: Codable, Sendable, Hashable {
        /// `RollingUpdate` (default) or `OnDelete`.
        public var type: String?
        /// Parameters of a rolling update.
        public var rollingUpdate: RollingUpdate?

        /// Creates a value; every field is optional.
        public init(
            type: String? = nil,
            rollingUpdate: RollingUpdate? = nil
        ) {
            self.type = type
            self.rollingUpdate = rollingUpdate
        }
    }

    /// Parameters of a daemon set rolling update.
    public struct RollingUpdate: Codable, Sendable, Hashable {
        /// Pods that may be unavailable during the update (number or percentage).
        public var maxUnavailable: IntOrString?
        /// Pods that may be created above the desired count (number or percentage).
        public var maxSurge: IntOrString?

        /// Creates a value; every field is optional.
        public init(
            maxUnavailable: IntOrString? = nil,
            maxSurge: IntOrString? = nil
        ) {
            self.maxUnavailable = maxUnavailable
            self.maxSurge = maxSurge
        }
    }

    /// The observed state of a daemon set; healthy when `numberReady == desiredNumberScheduled`.
    public struct Status: Codable, Sendable, Hashable {
        /// Nodes running at least one daemon pod that should run it.
        public var currentNumberScheduled: Int?
        /// Nodes running the daemon pod that should not.
        public var numberMisscheduled: Int?
        /// Nodes that should run the daemon pod.
        public var desiredNumberScheduled: Int?
        /// Nodes with a ready daemon pod.
        public var numberReady: Int?
        /// Nodes running the updated daemon pod.
        public var updatedNumberScheduled: Int?
        /// Nodes with an available daemon pod.
        public var numberAvailable: Int?
        /// Nodes that should run the pod but have no available one.
        public var numberUnavailable: Int?
        /// The generation the controller last acted on.
        public var observedGeneration: Int?
        /// Hash collision counter.
        public var collisionCount: Int?
        /// Conditions.
        public var conditions: [Condition]?

        /// Creates a value; every field is optional.
        public init(
            currentNumberScheduled: Int? = nil,
            numberMisscheduled: Int? = nil,
            desiredNumberScheduled: Int? = nil,
            numberReady: Int? = nil,
            updatedNumberScheduled: Int? = nil,
            numberAvailable: Int? = nil,
            numberUnavailable: Int? = nil,
            observedGeneration: Int? = nil,
            collisionCount: Int? = nil,
            conditions: [Condition]? = nil
        ) {
            self.currentNumberScheduled = currentNumberScheduled
            self.numberMisscheduled = numberMisscheduled
            self.desiredNumberScheduled = desiredNumberScheduled
            self.numberReady = numberReady
            self.updatedNumberScheduled = updatedNumberScheduled
            self.numberAvailable = numberAvailable
            self.numberUnavailable = numberUnavailable
            self.observedGeneration = observedGeneration
            self.collisionCount = collisionCount
            self.conditions = conditions
        }
    }
}
