/// A storage class (`storage.k8s.io/v1 StorageClass`): how volumes are provisioned.
public struct StorageClass: ClusterScopedResource, Hashable {
    /// `storage.k8s.io/v1, Kind=StorageClass`.
    public static let groupVersionKind = GroupVersionKind(
        group: "storage.k8s.io", version: "v1", kind: "StorageClass")
    /// The plural resource name used in URLs.
    public static let resourceName = "storageclasses"

    /// Standard object metadata.
    public var metadata: ObjectMeta
    /// The provisioner, such as `ebs.csi.aws.com`.
    public var provisioner: String?
    /// Provisioner parameters.
    public var parameters: [String: String]?
    /// `Delete` (default) or `Retain`.
    public var reclaimPolicy: String?
    /// `Immediate` (default) or `WaitForFirstConsumer`.
    public var volumeBindingMode: String?
    /// Whether claims may be resized.
    public var allowVolumeExpansion: Bool?
    /// Mount options of provisioned volumes.
    public var mountOptions: [String]?

    /// Creates the object; every field but `metadata` is optional.
    public init(
        metadata: ObjectMeta = ObjectMeta(),
        provisioner: String? = nil,
        parameters: [String: String]? = nil,
        reclaimPolicy: String? = nil,
        volumeBindingMode: String? = nil,
        allowVolumeExpansion: Bool? = nil,
        mountOptions: [String]? = nil
    ) {
        self.metadata = metadata
        self.provisioner = provisioner
        self.parameters = parameters
        self.reclaimPolicy = reclaimPolicy
        self.volumeBindingMode = volumeBindingMode
        self.allowVolumeExpansion = allowVolumeExpansion
        self.mountOptions = mountOptions
    }
}
