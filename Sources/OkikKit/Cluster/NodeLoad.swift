import OkikKubeClient

/// What the live pods on one node ask for: how many there are and the sums of their containers' requests and
/// memory limits. A snapshot computes it once per node (``ClusterSnapshot/load(onNode:)``).
public struct NodeLoad: Sendable, Hashable {
    /// Live (not finished) pods on the node.
    public var pods: Int
    /// Summed CPU requests, millicores.
    public var cpuRequests: Int64
    /// Summed memory requests, bytes.
    public var memoryRequests: Int64
    /// Summed memory limits, bytes (containers without a limit add nothing).
    public var memoryLimits: Int64

    /// Creates a load; an empty node by default.
    public init(pods: Int = 0, cpuRequests: Int64 = 0, memoryRequests: Int64 = 0, memoryLimits: Int64 = 0) {
        self.pods = pods
        self.cpuRequests = cpuRequests
        self.memoryRequests = memoryRequests
        self.memoryLimits = memoryLimits
    }

    /// Adds one pod's containers.
    public mutating func add(_ spec: PodSpec?) {
        pods += 1
        for container in spec?.containers ?? [] {
            guard let resources = container.resources else { continue }
            // One container counts for at most `largestContainerFigure`, so a tenant's `8Ei` neither overflows the
            // node's sum nor makes the index's later subtraction inexact.
            let most = Int64.largestContainerFigure
            cpuRequests = cpuRequests.saturatingAdd(min(most, resources.cpuRequest?.millicores ?? 0))
            memoryRequests = memoryRequests.saturatingAdd(min(most, resources.memoryRequest?.bytes ?? 0))
            memoryLimits = memoryLimits.saturatingAdd(min(most, resources.memoryLimit?.bytes ?? 0))
        }
    }

    /// The load of every node that has live pods, keyed by node name.
    public static func byNode(_ pods: [Pod]) -> [String: NodeLoad] {
        var loads: [String: NodeLoad] = [:]
        for index in pods.indices where !pods[index].isSettled {
            guard let node = pods[index].spec?.nodeName else { continue }
            loads[node, default: NodeLoad()].add(pods[index].spec)
        }
        return loads
    }
}
