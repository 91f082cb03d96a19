/// A persistent volume (`v1 PersistentVolume`): a piece of cluster storage.
public struct PersistentVolume: ClusterScopedResource, StatusHavingResource, Hashable {
    /// `v1, Kind=PersistentVolume`.
    public static let groupVersionKind = GroupVersionKind(
        group: "", version: "v1", kind: "PersistentVolume")
    /// The plural resource name used in URLs.
    public static let resourceName = "persistentvolumes"

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

    /// The desired state of a volume.
    public struct Spec: Codable, Sendable, Hashable {
        /// Capacity, such as `storage: 10Gi`.
        public var capacity: [String: Quantity]?
        /// Supported access modes.
        public var accessModes: [String]?
        /// `Retain`, `Delete` or `Recycle`.
        public var persistentVolumeReclaimPolicy: String?
        /// StorageClass of the volume.
        public var storageClassName: String?
        /// The claim bound to the volume.
        public var claimRef: ObjectReference?
        /// `Filesystem` or `Block`.
        public var volumeMode: String?
        /// Mount options.
        public var mountOptions: [String]?
        /// Nodes the volume can be reached from, kept as JSON.
        public var nodeAffinity: JSONValue?
        /// CSI driver details, kept as JSON.
        public var csi: JSONValue?

        /// Creates a value; every field is optional.
        public init(
            capacity: [String: Quantity]? = nil,
            accessModes: [String]? = nil,
            persistentVolumeReclaimPolicy: String? = nil,
            storageClassName: String? = nil,
            claimRef: ObjectReference? = nil,
            volumeMode: String? = nil,
            mountOptions: [String]? = nil,
            nodeAffinity: JSONValue? = nil,
            csi: JSONValue? = nil
        ) {
            self.capacity = capacity
            self.accessModes = accessModes
            self.persistentVolumeReclaimPolicy = persistentVolumeReclaimPolicy
            self.storageClassName = storageClassName
            self.claimRef = claimRef
            self.volumeMode = volumeMode
            self.mountOptions = mountOptions
            self.nodeAffinity = nodeAffinity
            self.csi = csi
        }
    }

    /// The observed state of a volume.
    public struct Status: Codable, Sendable, Hashable {
        /// `Pending`, `Available`, `Bound`, `Released` or `Failed`.
        public var phase: String?
        /// Why the volume is in this phase.
        public var message: String?
        /// Brief reason.
        public var reason: String?
        /// When the phase last changed.
        public var lastPhaseTransitionTime: Timestamp?

        /// Creates a value; every field is optional.
        public init(
            phase: String? = nil,
            message: String? = nil,
            reason: String? = nil,
            lastPhaseTransitionTime: Timestamp? = nil
        ) {
            self.phase = phase
            self.message = message
            self.reason = reason
            self.lastPhaseTransitionTime = lastPhaseTransitionTime
        }
    }
}
