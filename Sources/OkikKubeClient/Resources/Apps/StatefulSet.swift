/// A stateful set (`apps/v1 StatefulSet`): pods with stable identities and storage.
public struct StatefulSet: NamespacedResource, ScalableResource, StatusHavingResource, Hashable {
    /// `apps/v1, Kind=StatefulSet`.
    public static let groupVersionKind = GroupVersionKind(
        group: "apps", version: "v1", kind: "StatefulSet")
    /// The plural resource name used in URLs.
    public static let resourceName = "statefulsets"

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

    /// The desired state of a stateful set.
    public struct Spec: Codable, Sendable, Hashable {
        /// Desired pod count (default 1).
        public var replicas: Int?
        /// Selects the pods the stateful set manages.
        public var selector: LabelSelector?
        /// Template of the pods.
        public var template: PodTemplateSpec?
        /// Headless service that gives the pods their DNS names.
        public var serviceName: String?
        /// `OrderedReady` (default) or `Parallel`.
        public var podManagementPolicy: String?
        /// How pods are updated.
        public var updateStrategy: UpdateStrategy?
        /// Revisions kept for rollback.
        public var revisionHistoryLimit: Int?
        /// Seconds a new pod must be ready before it counts as available.
        public var minReadySeconds: Int?
        /// Claims created for every pod.
        public var volumeClaimTemplates: [PersistentVolumeClaim]?
        /// What happens to claims on scale-down and deletion.
        public var persistentVolumeClaimRetentionPolicy: RetentionPolicy?

        /// Creates a value; every field is optional.
        public init(
            replicas: Int? = nil,
            selector: LabelSelector? = nil,
            template: PodTemplateSpec? = nil,
            serviceName: String? = nil,
            podManagementPolicy: String? = nil,
            updateStrategy: UpdateStrategy? = nil,
            revisionHistoryLimit: Int? = nil,
            minReadySeconds: Int? = nil,
            volumeClaimTemplates: [PersistentVolumeClaim]? = nil,
            persistentVolumeClaimRetentionPolicy: RetentionPolicy? = nil
        ) {
            self.replicas = replicas
            self.selector = selector
            self.template = template
            self.serviceName = serviceName
            self.podManagementPolicy = podManagementPolicy
            self.updateStrategy = updateStrategy
            self.revisionHistoryLimit = revisionHistoryLimit
            self.minReadySeconds = minReadySeconds
            self.volumeClaimTemplates = volumeClaimTemplates
            self.persistentVolumeClaimRetentionPolicy = persistentVolumeClaimRetentionPolicy
        }
    }

    /// The update strategy of a stateful set.
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

    /// Parameters of a stateful set rolling update.
    public struct RollingUpdate: Codable, Sendable, Hashable {
        /// Ordinal at and above which pods are updated.
        public var partition: Int?
        /// Pods that may be unavailable during the update.
        public var maxUnavailable: IntOrString?

        /// Creates a value; every field is optional.
        public init(
            partition: Int? = nil,
            maxUnavailable: IntOrString? = nil
        ) {
            self.partition = partition
            self.maxUnavailable = maxUnavailable
        }
    }

    /// What happens to a stateful set's claims.
    public struct RetentionPolicy: Codable, Sendable, Hashable {
        /// `Retain` (default) or `Delete`.
        public var whenDeleted: String?
        /// `Retain` (default) or `Delete`.
        public var whenScaled: String?

        /// Creates a value; every field is optional.
        public init(
            whenDeleted: String? = nil,
            whenScaled: String? = nil
        ) {
            self.whenDeleted = whenDeleted
            self.whenScaled = whenScaled
        }
    }

    /// The observed state of a stateful set.
    public struct Status: Codable, Sendable, Hashable {
        /// The generation the controller last acted on.
        public var observedGeneration: Int?
        /// Pods created.
        public var replicas: Int?
        /// Ready pods.
        public var readyReplicas: Int?
        /// Pods at `currentRevision`.
        public var currentReplicas: Int?
        /// Pods at `updateRevision`.
        public var updatedReplicas: Int?
        /// Available pods.
        public var availableReplicas: Int?
        /// Revision of the current pods.
        public var currentRevision: String?
        /// Revision being rolled out.
        public var updateRevision: String?
        /// Hash collision counter.
        public var collisionCount: Int?
        /// Conditions.
        public var conditions: [Condition]?

        /// Creates a value; every field is optional.
        public init(
            observedGeneration: Int? = nil,
            replicas: Int? = nil,
            readyReplicas: Int? = nil,
            currentReplicas: Int? = nil,
            updatedReplicas: Int? = nil,
            availableReplicas: Int? = nil,
            currentRevision: String? = nil,
            updateRevision: String? = nil,
            collisionCount: Int? = nil,
            conditions: [Condition]? = nil
        ) {
            self.observedGeneration = observedGeneration
            self.replicas = replicas
            self.readyReplicas = readyReplicas
            self.currentReplicas = currentReplicas
            self.updatedReplicas = updatedReplicas
            self.availableReplicas = availableReplicas
            self.currentRevision = currentRevision
            self.updateRevision = updateRevision
            self.collisionCount = collisionCount
            self.conditions = conditions
        }
    }
}
