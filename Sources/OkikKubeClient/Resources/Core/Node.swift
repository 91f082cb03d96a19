/// A node (`v1 Node`): a machine that runs pods.
public struct Node: ClusterScopedResource, StatusHavingResource, Hashable {
    /// `v1, Kind=Node`.
    public static let groupVersionKind = GroupVersionKind(
        group: "", version: "v1", kind: "Node")
    /// The plural resource name used in URLs.
    public static let resourceName = "nodes"

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

    /// The desired state of a node.
    public struct Spec: Codable, Sendable, Hashable {
        /// True when the node is cordoned.
        public var unschedulable: Bool?
        /// Taints that repel pods.
        public var taints: [Taint]?
        /// Pod IP range of the node.
        public var podCIDR: String?
        /// Pod IP ranges of the node, one per IP family.
        public var podCIDRs: [String]?
        /// Cloud provider id of the machine.
        public var providerID: String?

        /// Creates a value; every field is optional.
        public init(
            unschedulable: Bool? = nil,
            taints: [Taint]? = nil,
            podCIDR: String? = nil,
            podCIDRs: [String]? = nil,
            providerID: String? = nil
        ) {
            self.unschedulable = unschedulable
            self.taints = taints
            self.podCIDR = podCIDR
            self.podCIDRs = podCIDRs
            self.providerID = providerID
        }
    }

    /// The observed state of a node.
    public struct Status: Codable, Sendable, Hashable {
        /// Total resources of the node.
        public var capacity: [String: Quantity]?
        /// Resources available to pods.
        public var allocatable: [String: Quantity]?
        /// `Ready`, `MemoryPressure`, `DiskPressure`, `PIDPressure`, `NetworkUnavailable`.
        public var conditions: [Condition]?
        /// Addresses of the node.
        public var addresses: [Address]?
        /// Versions and ids of the machine.
        public var nodeInfo: SystemInfo?
        /// Deprecated node phase.
        public var phase: String?

        /// Creates a value; every field is optional.
        public init(
            capacity: [String: Quantity]? = nil,
            allocatable: [String: Quantity]? = nil,
            conditions: [Condition]? = nil,
            addresses: [Address]? = nil,
            nodeInfo: SystemInfo? = nil,
            phase: String? = nil
        ) {
            self.capacity = capacity
            self.allocatable = allocatable
            self.conditions = conditions
            self.addresses = addresses
            self.nodeInfo = nodeInfo
            self.phase = phase
        }
    }

    /// An address of a node.
    public struct Address: Codable, Sendable, Hashable {
        /// `InternalIP`, `ExternalIP`, `Hostname`, ...
        public var type: String?
        /// The address.
        public var address: String?

        /// Creates a value; every field is optional.
        public init(
            type: String? = nil,
            address: String? = nil
        ) {
            self.type = type
            self.address = address
        }
    }

    /// Versions and ids of a node's machine (`NodeSystemInfo`).
    public struct SystemInfo: Codable, Sendable, Hashable {
        /// Machine id.
        public var machineID: String?
        /// System UUID.
        public var systemUUID: String?
        /// Boot id.
        public var bootID: String?
        /// Kernel version.
        public var kernelVersion: String?
        /// Operating system image.
        public var osImage: String?
        /// Container runtime and version, such as `containerd://1.7.2`.
        public var containerRuntimeVersion: String?
        /// Kubelet version.
        public var kubeletVersion: String?
        /// Kube-proxy version (deprecated).
        public var kubeProxyVersion: String?
        /// Operating system, such as `linux`.
        public var operatingSystem: String?
        /// CPU architecture, such as `amd64`.
        public var architecture: String?

        /// Creates a value; every field is optional.
        public init(
            machineID: String? = nil,
            systemUUID: String? = nil,
            bootID: String? = nil,
            kernelVersion: String? = nil,
            osImage: String? = nil,
            containerRuntimeVersion: String? = nil,
            kubeletVersion: String? = nil,
            kubeProxyVersion: String? = nil,
            operatingSystem: String? = nil,
            architecture: String? = nil
        ) {
            self.machineID = machineID
            self.systemUUID = systemUUID
            self.bootID = bootID
            self.kernelVersion = kernelVersion
            self.osImage = osImage
            self.containerRuntimeVersion = containerRuntimeVersion
            self.kubeletVersion = kubeletVersion
            self.kubeProxyVersion = kubeProxyVersion
            self.operatingSystem = operatingSystem
            self.architecture = architecture
        }
    }
}

extension Node {
    /// True when the `Ready` condition is `True`.
    public var isReady: Bool { status?.conditions?.first(ofType: "Ready")?.isTrue ?? false }
}
