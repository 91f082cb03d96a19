/// A status condition, as Pods, Nodes, Deployments, Jobs, HPAs, PDBs and most other kinds report them.
///
/// One struct covers the slightly different Kubernetes shapes: the probe, update and heartbeat times appear only on
/// the kinds that have them.
public struct Condition: Codable, Sendable, Hashable {
    /// Condition type, such as `Ready`, `Available`, `Progressing`, `MemoryPressure` or `Failed`.
    public var type: String?
    /// `True`, `False` or `Unknown`.
    public var status: String?
    /// Machine-readable reason for the last transition, such as `ProgressDeadlineExceeded`.
    public var reason: String?
    /// Human-readable details about the last transition.
    public var message: String?
    /// When the status last changed.
    public var lastTransitionTime: Timestamp?
    /// When the condition was last probed (Pod, PVC).
    public var lastProbeTime: Timestamp?
    /// When the condition was last updated (Deployment, ReplicaSet-style conditions).
    public var lastUpdateTime: Timestamp?
    /// When the kubelet last reported the condition (Node).
    public var lastHeartbeatTime: Timestamp?
    /// The generation the condition was set for (`metav1.Condition`).
    public var observedGeneration: Int?

    /// Creates a condition.
    public init(
        type: String? = nil,
        status: String? = nil,
        reason: String? = nil,
        message: String? = nil,
        lastTransitionTime: Timestamp? = nil,
        lastProbeTime: Timestamp? = nil,
        lastUpdateTime: Timestamp? = nil,
        lastHeartbeatTime: Timestamp? = nil,
        observedGeneration: Int? = nil
    ) {
        self.type = type
        self.status = status
        self.reason = reason
        self.message = message
        self.lastTransitionTime = lastTransitionTime
        self.lastProbeTime = lastProbeTime
        self.lastUpdateTime = lastUpdateTime
        self.lastHeartbeatTime = lastHeartbeatTime
        self.observedGeneration = observedGeneration
    }

    /// True when `status` is `True`.
    public var isTrue: Bool { status == "True" }
    /// True when `status` is `False`.
    public var isFalse: Bool { status == "False" }
    /// True when `status` is `Unknown` (or missing).
    public var isUnknown: Bool { status == nil || status == "Unknown" }
}

extension Array where Element == Condition {
    /// The first condition of the given type, such as `conditions.first(ofType: "Ready")`.
    public func first(ofType type: String) -> Condition? {
        first { $0.type == type }
    }
}
