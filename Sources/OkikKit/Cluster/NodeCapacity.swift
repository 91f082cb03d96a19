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
    public static func free(nodes: [Node], pods: [Pod]) -> [NodeCapacity] {
        free(nodes: nodes, loads: NodeLoad.byNode(pods))
    }

    /// Free capacity of every node of a snapshot, from the loads it has already tallied.
    public static func free(in snapshot: ClusterSnapshot) -> [NodeCapacity] {
        free(nodes: snapshot.nodes, loads: snapshot.index.nodeLoads)
    }

    static func free(nodes: [Node], loads: [String: NodeLoad]) -> [NodeCapacity] {
        nodes.map { node in
            let load = loads[node.name] ?? NodeLoad()
            return NodeCapacity(
                node: node.name, freeCPU: (node.status?.allocatable?["cpu"]?.millicores ?? 0).saturatingSubtract(load.cpuRequests),
                freeMemory: (node.status?.allocatable?["memory"]?.bytes ?? 0).saturatingSubtract(load.memoryRequests),
                schedulable: node.isReady && node.spec?.unschedulable != true)
        }.sorted { $0.node < $1.node }
    }
}
