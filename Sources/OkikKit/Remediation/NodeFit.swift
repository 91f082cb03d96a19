import OkikKubeClient

/// Whether pods fit on nodes by requests, the way the scheduler's resource, taint and node-selector filters judge
/// it (first fit, largest pods first). Used before a cordon or drain, and before raising an autoscaler's maximum.
/// Affinity and topology spread are not modelled, so a "fits" answer is necessary rather than sufficient.
struct NodeFit {
    /// One node's room.
    struct Room {
        var node: Node
        var freeCPU: Int64
        var freeMemory: Int64
        var freePods: Int
    }

    private(set) var rooms: [Room]

    /// The room left on every Ready, schedulable node among `nodes` (minus `excluding`), given the live pods.
    init(nodes: [Node], pods: [Pod], excluding excluded: String? = nil) {
        self.init(nodes: nodes, loads: NodeLoad.byNode(pods), excluding: excluded)
    }

    /// The room left on every Ready, schedulable node, given the load already tallied per node.
    init(nodes: [Node], loads: [String: NodeLoad], excluding excluded: String? = nil) {
        rooms = nodes.filter { $0.name != excluded && $0.isReady && $0.spec?.unschedulable != true }
            .sorted { $0.name < $1.name }
            .map { node in
                let load = loads[node.name] ?? NodeLoad()
                let allocatable = node.status?.allocatable
                return Room(
                    node: node, freeCPU: (allocatable?["cpu"]?.millicores ?? 0).saturatingSubtract(load.cpuRequests),
                    freeMemory: (allocatable?["memory"]?.bytes ?? 0).saturatingSubtract(load.memoryRequests),
                    freePods: Int(allocatable?["pods"]?.integerValue ?? 110) - load.pods)
            }
    }

    /// The same room without one node (the node a cordon would take away).
    func excluding(_ name: String) -> NodeFit {
        var copy = self
        copy.rooms.removeAll { $0.node.name == name }
        return copy
    }

    /// Places the pods (largest CPU request first); returns those that fit nowhere.
    mutating func place(_ pods: [Pod]) -> [Pod] {
        var unplaced: [Pod] = []
        let ordered = pods.sorted { lhs, rhs in
            let (l, r) = (Self.requests(of: lhs.spec), Self.requests(of: rhs.spec))
            return (l.cpu, l.memory, lhs.name) > (r.cpu, r.memory, rhs.name)
        }
        for pod in ordered {
            let need = Self.requests(of: pod.spec)
            guard let index = rooms.indices.first(where: { Self.admits(rooms[$0], pod: pod, cpu: need.cpu, memory: need.memory) })
            else {
                unplaced.append(pod)
                continue
            }
            rooms[index].freeCPU -= need.cpu
            rooms[index].freeMemory -= need.memory
            rooms[index].freePods -= 1
        }
        return unplaced
    }

    /// How many more pods of this spec fit in the room left (counting up to `limit`).
    func count(of spec: PodSpec?, upTo limit: Int) -> Int {
        let need = Self.requests(of: spec)
        let probe = Pod(metadata: ObjectMeta(name: "probe"), spec: spec)
        var total = 0
        for room in rooms where Self.admits(room, pod: probe, cpu: 0, memory: 0) {
            var fits = room.freePods
            if need.cpu > 0 { fits = min(fits, Int(max(0, room.freeCPU) / need.cpu)) }
            if need.memory > 0 { fits = min(fits, Int(max(0, room.freeMemory) / need.memory)) }
            total += max(0, fits)
            if total >= limit { return limit }
        }
        return total
    }

    /// The largest allocatable CPU and memory of any schedulable node.
    var largestNode: (cpu: Int64, memory: Int64) {
        rooms.reduce((cpu: Int64(0), memory: Int64(0))) { largest, room in
            let allocatable = room.node.status?.allocatable
            return (
                max(largest.cpu, allocatable?["cpu"]?.millicores ?? 0),
                max(largest.memory, allocatable?["memory"]?.bytes ?? 0)
            )
        }
    }

    /// Summed CPU (millicores) and memory (bytes) requests of a pod's containers.
    static func requests(of spec: PodSpec?) -> (cpu: Int64, memory: Int64) {
        var cpu: Int64 = 0
        var memory: Int64 = 0
        for container in spec?.containers ?? [] {
            cpu = cpu.saturatingAdd(container.resources?.cpuRequest?.millicores ?? 0)
            memory = memory.saturatingAdd(container.resources?.memoryRequest?.bytes ?? 0)
        }
        return (cpu, memory)
    }

    private static func admits(_ room: Room, pod: Pod, cpu: Int64, memory: Int64) -> Bool {
        guard room.freePods > 0, room.freeCPU >= cpu, room.freeMemory >= memory else { return false }
        let tolerations = pod.spec?.tolerations ?? []
        for taint in room.node.spec?.taints ?? [] where taint.effect == "NoSchedule" || taint.effect == "NoExecute" {
            if !tolerations.tolerates(taint) { return false }
        }
        let labels = room.node.metadata.labels ?? [:]
        for (key, value) in pod.spec?.nodeSelector ?? [:] where labels[key] != value { return false }
        return true
    }
}
