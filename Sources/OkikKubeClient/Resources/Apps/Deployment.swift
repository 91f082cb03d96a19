/// A deployment (`apps/v1 Deployment`): declarative updates of a replicated, stateless pod set.
public struct Deployment: NamespacedResource, ScalableResource, StatusHavingResource, Hashable {
    /// `apps/v1, Kind=Deployment`.
    public static let groupVersionKind = GroupVersionKind(
        group: "apps", version: "v1", kind: "Deployment")
    /// The plural resource name used in URLs.
    public static let resourceName = "deployments"

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

    /// The desired state of a deployment.
    public struct Spec: Codable, Sendable, Hashable {
        /// Desired pod count (default 1).
        public var replicas: Int?
        /// Selects the pods the deployment manages.
        public var selector: LabelSelector?
        /// Template of the pods.
        public var template: PodTemplateSpec?
        /// How old pods are replaced by new ones.
        public var strategy: Strategy?
        /// Seconds a new pod must be ready before it counts as available.
        public var minReadySeconds: Int?
        /// Seconds before a stalled rollout is reported (default 600).
        public var progressDeadlineSeconds: Int?
        /// Whether the rollout is paused.
        public var paused: Bool?
        /// Old ReplicaSets kept for rollback (default 10).
        public var revisionHistoryLimit: Int?

        /// Creates a value; every field is optional.
        public init(
            replicas: Int? = nil,
            selector: LabelSelector? = nil,
            template: PodTemplateSpec? = nil,
            strategy: Strategy? = nil,
            minReadySeconds: Int? = nil,
            progressDeadlineSeconds: Int? = nil,
            paused: Bool? = nil,
            revisionHistoryLimit: Int? = nil
        ) {
            self.replicas = replicas
            self.selector = selector
            self.template = template
            self.strategy = strategy
            self.minReadySeconds = minReadySeconds
            self.progressDeadlineSeconds = progressDeadlineSeconds
            self.paused = paused
            self.revisionHistoryLimit = revisionHistoryLimit
        }
    }

    /// The update strategy of a deployment.
    public struct Strategy: Codable, Sendable, Hashable {
        /// `RollingUpdate` (default) or `Recreate`.
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

    /// Parameters of a rolling update.
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

    /// The observed state of a deployment.
    public struct Status: Codable, Sendable, Hashable {
        /// The generation the controller last acted on.
        public var observedGeneration: Int?
        /// Pods targeted by the deployment.
        public var replicas: Int?
        /// Pods with the current template.
        public var updatedReplicas: Int?
        /// Ready pods.
        public var readyReplicas: Int?
        /// Pods available for at least `minReadySeconds`.
        public var availableReplicas: Int?
        /// Pods still required for 100% availability.
        public var unavailableReplicas: Int?
        /// Pods being terminated.
        public var terminatingReplicas: Int?
        /// Hash collision counter for naming ReplicaSets.
        public var collisionCount: Int?
        /// `Available`, `Progressing` and `ReplicaFailure`, with `lastUpdateTime`.
        public var conditions: [Condition]?

        /// Creates a value; every field is optional.
        public init(
            observedGeneration: Int? = nil,
            replicas: Int? = nil,
            updatedReplicas: Int? = nil,
            readyReplicas: Int? = nil,
            availableReplicas: Int? = nil,
            unavailableReplicas: Int? = nil,
            terminatingReplicas: Int? = nil,
            collisionCount: Int? = nil,
            conditions: [Condition]? = nil
        ) {
            self.observedGeneration = observedGeneration
            self.replicas = replicas
            self.updatedReplicas = updatedReplicas
            self.readyReplicas = readyReplicas
            self.availableReplicas = availableReplicas
            self.unavailableReplicas = unavailableReplicas
            self.terminatingReplicas = terminatingReplicas
            self.collisionCount = collisionCount
            self.conditions = conditions
        }
    }
}
