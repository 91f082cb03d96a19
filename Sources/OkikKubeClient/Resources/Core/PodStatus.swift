/// The observed status of a pod: phase, conditions and container statuses.
public struct PodStatus: Codable, Sendable, Hashable {
    /// `Pending`, `Running`, `Succeeded`, `Failed` or `Unknown`.
    public var phase: String?
    /// `PodScheduled`, `Initialized`, `ContainersReady`, `Ready`, ...
    public var conditions: [Condition]?
    /// Why the pod is in this state.
    public var message: String?
    /// Brief reason, such as `Evicted`.
    public var reason: String?
    /// Node nominated by preemption.
    public var nominatedNodeName: String?
    /// IP of the node the pod runs on.
    public var hostIP: String?
    /// IPs of the node.
    public var hostIPs: [IP]?
    /// IP of the pod.
    public var podIP: String?
    /// IPs of the pod.
    public var podIPs: [IP]?
    /// When the kubelet accepted the pod.
    public var startTime: Timestamp?
    /// `Guaranteed`, `Burstable` or `BestEffort`.
    public var qosClass: String?
    /// Statuses of the application containers.
    public var containerStatuses: [ContainerStatus]?
    /// Statuses of the init containers.
    public var initContainerStatuses: [ContainerStatus]?
    /// Statuses of ephemeral (debug) containers.
    public var ephemeralContainerStatuses: [ContainerStatus]?

    /// Creates a value; every field is optional.
    public init(
        phase: String? = nil,
        conditions: [Condition]? = nil,
        message: String? = nil,
        reason: String? = nil,
        nominatedNodeName: String? = nil,
        hostIP: String? = nil,
        hostIPs: [IP]? = nil,
        podIP: String? = nil,
        podIPs: [IP]? = nil,
        startTime: Timestamp? = nil,
        qosClass: String? = nil,
        containerStatuses: [ContainerStatus]? = nil,
        initContainerStatuses: [ContainerStatus]? = nil,
        ephemeralContainerStatuses: [ContainerStatus]? = nil
    ) {
        self.phase = phase
        self.conditions = conditions
        self.message = message
        self.reason = reason
        self.nominatedNodeName = nominatedNodeName
        self.hostIP = hostIP
        self.hostIPs = hostIPs
        self.podIP = podIP
        self.podIPs = podIPs
        self.startTime = startTime
        self.qosClass = qosClass
        self.containerStatuses = containerStatuses
        self.initContainerStatuses = initContainerStatuses
        self.ephemeralContainerStatuses = ephemeralContainerStatuses
    }

    /// One IP address of a pod or host.
    public struct IP: Codable, Sendable, Hashable {
        /// The address.
        public var ip: String?

        /// Creates a value; every field is optional.
        public init(
            ip: String? = nil
        ) {
            self.ip = ip
        }
    }
}
