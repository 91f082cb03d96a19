/// The desired state of a pod: its containers, volumes and scheduling constraints.
public struct PodSpec: Codable, Sendable, Hashable {
    /// The application containers.
    public var containers: [Container]?
    /// Containers run to completion, in order, before the others start.
    public var initContainers: [Container]?
    /// Volumes the containers may mount.
    public var volumes: [Volume]?
    /// The node the pod is bound to; set by the scheduler.
    public var nodeName: String?
    /// Labels a node must have for the pod to be scheduled there.
    public var nodeSelector: [String: String]?
    /// Node and pod (anti-)affinity rules, kept as JSON.
    public var affinity: JSONValue?
    /// Taints the pod tolerates.
    public var tolerations: [Toleration]?
    /// Service account the pod runs as.
    public var serviceAccountName: String?
    /// Whether the API token is mounted.
    public var automountServiceAccountToken: Bool?
    /// `Always`, `OnFailure` or `Never`.
    public var restartPolicy: String?
    /// Name of the pod's PriorityClass.
    public var priorityClassName: String?
    /// Priority resolved from the PriorityClass.
    public var priority: Int?
    /// `PreemptLowerPriority` or `Never`.
    public var preemptionPolicy: String?
    /// Scheduler that places the pod.
    public var schedulerName: String?
    /// Seconds allowed for graceful termination.
    public var terminationGracePeriodSeconds: Int?
    /// Seconds the pod may run before it is failed.
    public var activeDeadlineSeconds: Int?
    /// DNS policy, such as `ClusterFirst`.
    public var dnsPolicy: String?
    /// Whether the pod uses the node's network namespace.
    public var hostNetwork: Bool?
    /// Whether the pod uses the node's PID namespace.
    public var hostPID: Bool?
    /// Whether the pod uses the node's IPC namespace.
    public var hostIPC: Bool?
    /// Pod host name.
    public var hostname: String?
    /// Pod subdomain.
    public var subdomain: String?
    /// Pod-level security options.
    public var securityContext: SecurityContext?
    /// Secrets used to pull images.
    public var imagePullSecrets: [LocalObjectReference]?
    /// RuntimeClass the pod runs with.
    public var runtimeClassName: String?
    /// Whether service environment variables are injected.
    public var enableServiceLinks: Bool?
    /// Resource overhead of the runtime class.
    public var overhead: [String: Quantity]?

    /// Creates a value; every field is optional.
    public init(
        containers: [Container]? = nil,
        initContainers: [Container]? = nil,
        volumes: [Volume]? = nil,
        nodeName: String? = nil,
        nodeSelector: [String: String]? = nil,
        affinity: JSONValue? = nil,
        tolerations: [Toleration]? = nil,
        serviceAccountName: String? = nil,
        automountServiceAccountToken: Bool? = nil,
        restartPolicy: String? = nil,
        priorityClassName: String? = nil,
        priority: Int? = nil,
        preemptionPolicy: String? = nil,
        schedulerName: String? = nil,
        terminationGracePeriodSeconds: Int? = nil,
        activeDeadlineSeconds: Int? = nil,
        dnsPolicy: String? = nil,
        hostNetwork: Bool? = nil,
        hostPID: Bool? = nil,
        hostIPC: Bool? = nil,
        hostname: String? = nil,
        subdomain: String? = nil,
        securityContext: SecurityContext? = nil,
        imagePullSecrets: [LocalObjectReference]? = nil,
        runtimeClassName: String? = nil,
        enableServiceLinks: Bool? = nil,
        overhead: [String: Quantity]? = nil
    ) {
        self.containers = containers
        self.initContainers = initContainers
        self.volumes = volumes
        self.nodeName = nodeName
        self.nodeSelector = nodeSelector
        self.affinity = affinity
        self.tolerations = tolerations
        self.serviceAccountName = serviceAccountName
        self.automountServiceAccountToken = automountServiceAccountToken
        self.restartPolicy = restartPolicy
        self.priorityClassName = priorityClassName
        self.priority = priority
        self.preemptionPolicy = preemptionPolicy
        self.schedulerName = schedulerName
        self.terminationGracePeriodSeconds = terminationGracePeriodSeconds
        self.activeDeadlineSeconds = activeDeadlineSeconds
        self.dnsPolicy = dnsPolicy
        self.hostNetwork = hostNetwork
        self.hostPID = hostPID
        self.hostIPC = hostIPC
        self.hostname = hostname
        self.subdomain = subdomain
        self.securityContext = securityContext
        self.imagePullSecrets = imagePullSecrets
        self.runtimeClassName = runtimeClassName
        self.enableServiceLinks = enableServiceLinks
        self.overhead = overhead
    }

    /// Pod-level security options (`PodSecurityContext`).
    public struct SecurityContext: Codable, Sendable, Hashable {
        /// User id the processes run as.
        public var runAsUser: Int?
        /// Group id the processes run as.
        public var runAsGroup: Int?
        /// Whether the kubelet refuses to start containers as root.
        public var runAsNonRoot: Bool?
        /// Group that owns mounted volumes.
        public var fsGroup: Int?
        /// Extra groups of the processes.
        public var supplementalGroups: [Int]?
        /// The seccomp profile.
        public var seccompProfile: Container.SeccompProfile?

        /// Creates a value; every field is optional.
        public init(
            runAsUser: Int? = nil,
            runAsGroup: Int? = nil,
            runAsNonRoot: Bool? = nil,
            fsGroup: Int? = nil,
            supplementalGroups: [Int]? = nil,
            seccompProfile: Container.SeccompProfile? = nil
        ) {
            self.runAsUser = runAsUser
            self.runAsGroup = runAsGroup
            self.runAsNonRoot = runAsNonRoot
            self.fsGroup = fsGroup
            self.supplementalGroups = supplementalGroups
            self.seccompProfile = seccompProfile
        }
    }
}
