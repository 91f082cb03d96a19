/// A lease (`coordination.k8s.io/v1 Lease`): leader election and node heartbeats.
public struct Lease: NamespacedResource, Hashable {
    /// `coordination.k8s.io/v1, Kind=Lease`.
    public static let groupVersionKind = GroupVersionKind(
        group: "coordination.k8s.io", version: "v1", kind: "Lease")
    /// The plural resource name used in URLs.
    public static let resourceName = "leases"

    /// Standard object metadata.
    public var metadata: ObjectMeta
    /// The lease state.
    public var spec: Spec?

    /// Creates the object; every field but `metadata` is optional.
    public init(
        metadata: ObjectMeta = ObjectMeta(),
        spec: Spec? = nil
    ) {
        self.metadata = metadata
        self.spec = spec
    }

    /// The state of a lease.
    public struct Spec: Codable, Sendable, Hashable {
        /// Current holder.
        public var holderIdentity: String?
        /// Seconds a holder keeps the lease without renewing.
        public var leaseDurationSeconds: Int?
        /// When the current holder acquired the lease (`MicroTime`).
        public var acquireTime: Timestamp?
        /// When the holder last renewed the lease (`MicroTime`).
        public var renewTime: Timestamp?
        /// How often the lease changed holders.
        public var leaseTransitions: Int?
        /// Strategy for picking the next holder.
        public var strategy: String?
        /// Holder the strategy prefers.
        public var preferredHolder: String?

        /// Creates a value; every field is optional.
        public init(
            holderIdentity: String? = nil,
            leaseDurationSeconds: Int? = nil,
            acquireTime: Timestamp? = nil,
            renewTime: Timestamp? = nil,
            leaseTransitions: Int? = nil,
            strategy: String? = nil,
            preferredHolder: String? = nil
        ) {
            self.holderIdentity = holderIdentity
            self.leaseDurationSeconds = leaseDurationSeconds
            self.acquireTime = acquireTime
            self.renewTime = renewTime
            self.leaseTransitions = leaseTransitions
            self.strategy = strategy
            self.preferredHolder = preferredHolder
        }
    }
}
