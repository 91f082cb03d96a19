import OkikKubeClient

/// Free CPU (millicores) and memory (bytes) of one node: allocatable minus the requests of its pods.
public struct NodeCapacity: Sendable, Hashable {
    /// The node.
    public var node: String
    /// Free CPU, millicores.
    public var freeCPU: Int64
    /// Free memory, bytes.
    public var freeMemory: Int64
    /// Whether the node takes new pods (ready, not cordoned).
    public var schedulable: Bool

    /// Creates a capacity.
    public init(node: String, freeCPU: Int64, freeMemory: Int64, schedulable: Bool) {
        self.node = node
        self.freeCPU = freeCPU
        self.freeMemory = freeMemory
        self.schedulable = schedulable
    }

    /// Free capacity of every node: allocatable minus the requests of the live pods on it, sorted by node name.
    public static func free(nodes: [Node], pods: some Sequence<Pod>) -> [NodeCapacity] {
        var requested: [String: (cpu: Int64, memory: Int64)] = [:]
        for pod in pods where !pod.isSettled {
            guard let node = pod.spec?.nodeName else { continue }
            var total = requested[node] ?? (0, 0)
            for container in pod.spec?.containers ?? [] {
                total.cpu += container.resources?.cpuRequest?.millicores ?? 0
                total.memory += container.resources?.memoryRequest?.bytes ?? 0
            }
            requested[node] = total
        }
        return nodes.map { node in
            let used = requested[node.name] ?? (0, 0)
            return NodeCapacity(
                node: node.name, freeCPU: (node.status?.allocatable?["cpu"]?.millicores ?? 0) - used.cpu,
                freeMemory: (node.status?.allocatable?["memory"]?.bytes ?? 0) - used.memory,
                schedulable: node.isReady && node.spec?.unschedulable != true)
        }.sorted { $0.node < $1.node }
    }
}
