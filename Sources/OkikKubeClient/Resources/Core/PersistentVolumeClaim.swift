/// A persistent volume claim (`v1 PersistentVolumeClaim`): a request for storage.
public struct PersistentVolumeClaim: NamespacedResource, StatusHavingResource, Hashable {
    /// `v1, Kind=PersistentVolumeClaim`.
    public static let groupVersionKind = GroupVersionKind(
        group: "", version: "v1", kind: "PersistentVolumeClaim")
    /// The plural resource name used in URLs.
    public static let resourceName = "persistentvolumeclaims"

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

    /// The desired state of a claim.
    public struct Spec: Codable, Sendable, Hashable {
        /// `ReadWriteOnce`, `ReadOnlyMany`, `ReadWriteMany`, `ReadWriteOncePod`.
        public var accessModes: [String]?
        /// Requested storage (`requests.storage`).
        public var resources: ResourceRequirements?
        /// StorageClass that provisions the volume.
        public var storageClassName: String?
        /// The bound PersistentVolume.
        public var volumeName: String?
        /// `Filesystem` or `Block`.
        public var volumeMode: String?
        /// Labels a volume must have to bind.
        public var selector: LabelSelector?

        /// Creates a value; every field is optional.
        public init(
            accessModes: [String]? = nil,
            resources: ResourceRequirements? = nil,
            storageClassName: String? = nil,
            volumeName: String? = nil,
            volumeMode: String? = nil,
            selector: LabelSelector? = nil
        ) {
            self.accessModes = accessModes
            self.resources = resources
            self.storageClassName = storageClassName
            self.volumeName = volumeName
            self.volumeMode = volumeMode
            self.selector = selector
        }
    }

    /// The observed state of a claim.
    public struct Status: Codable, Sendable, Hashable {
        /// `Pending`, `Bound` or `Lost`.
        public var phase: String?
        /// Access modes of the bound volume.
        public var accessModes: [String]?
        /// Capacity of the bound volume.
        public var capacity: [String: Quantity]?
        /// Conditions, such as `Resizing`.
        public var conditions: [Condition]?
        /// Storage allocated during a resize.
        public var allocatedResources: [String: Quantity]?

        /// Creates a value; every field is optional.
        public init(
            phase: String? = nil,
            accessModes: [String]? = nil,
            capacity: [String: Quantity]? = nil,
            conditions: [Condition]? = nil,
            allocatedResources: [String: Quantity]? = nil
        ) {
            self.phase = phase
            self.accessModes = accessModes
            self.capacity = capacity
            self.conditions = conditions
            self.allocatedResources = allocatedResources
        }
    }
}
