import OkikKubeClient

/// A workload (Deployment, StatefulSet, DaemonSet, CronJob, Job, or a bare Pod) with its pods and, per container,
/// what it requests and what its pods use.
public struct WorkloadFigures: Sendable {
    /// The workload.
    public var ref: ResourceRef
    /// Indexes of its pods in ``ClusterSnapshot/pods``.
    public var podIndexes: [Int]
    /// Per container, in template order.
    public var containers: [ContainerFigures]
}

/// One container of a workload: requests and limits (from the pod spec), and the highest usage seen across the
/// workload's pods (nil when no pod of it has metrics). CPU in millicores, memory in bytes.
public struct ContainerFigures: Sendable, Hashable {
    /// The container name.
    public var name: String
    /// CPU request, millicores.
    public var cpuRequest: Int64?
    /// CPU limit, millicores.
    public var cpuLimit: Int64?
    /// Memory request, bytes.
    public var memoryRequest: Int64?
    /// Memory limit, bytes.
    public var memoryLimit: Int64?
    /// Highest CPU usage across the pods, millicores.
    public var cpuUsage: Int64?
    /// Highest memory usage across the pods, bytes.
    public var memoryUsage: Int64?
    /// How many pods had metrics for this container.
    public var sampledPods: Int

    /// Creates figures.
    public init(
        name: String, cpuRequest: Int64? = nil, cpuLimit: Int64? = nil, memoryRequest: Int64? = nil,
        memoryLimit: Int64? = nil, cpuUsage: Int64? = nil, memoryUsage: Int64? = nil, sampledPods: Int = 0
    ) {
        self.name = name
        self.cpuRequest = cpuRequest
        self.cpuLimit = cpuLimit
        self.memoryRequest = memoryRequest
        self.memoryLimit = memoryLimit
        self.cpuUsage = cpuUsage
        self.memoryUsage = memoryUsage
        self.sampledPods = sampledPods
    }

    /// Figures from a container spec, without usage.
    public init(_ container: Container) {
        let resources = container.resources
        self.init(
            name: container.name ?? "", cpuRequest: resources?.cpuRequest?.millicores,
            cpuLimit: resources?.cpuLimit?.millicores, memoryRequest: resources?.memoryRequest?.bytes,
            memoryLimit: resources?.memoryLimit?.bytes)
    }
}
