import OkikKubeClient

/// What the watchdog remembers about every pod it has evaluated, so that no event costs work proportional to the
/// cluster: each pod's owner (and each owner's pods), revision, whether it still runs, the incidents its last
/// evaluation showed, and what it requests of its node (free capacity for a diagnosis without reading every pod).
/// A value type without I/O; the ``Watchdog`` keeps one.
struct WatchdogPodIndex {
    /// One pod.
    struct Entry: Sendable, Hashable {
        /// The workload that owns it (the pod itself when none).
        var owner: ResourceRef
        /// Its template's revision (``OkikKubeClient/Pod/revision``).
        var revision: String
        /// Neither finished nor being deleted.
        var live: Bool
        /// The incidents the rules raised for it when it was last evaluated (open or not).
        var shows: Set<String> = []
    }

    private(set) var entries: [String: Entry] = [:]
    private var owned: [ResourceRef: Set<String>] = [:]
    /// What each live pod bound to a node asks of it, and the sums per node.
    private var placements: [String: (node: String, load: NodeLoad)] = [:]
    private var loads: [String: NodeLoad] = [:]

    /// The number of pods indexed.
    var count: Int { entries.count }

    /// The pods of a workload, by key (`namespace/name`), sorted.
    func pods(of owner: ResourceRef) -> [String] {
        (owned[owner] ?? []).sorted()
    }

    /// Records a pod as an event or the cache shows it: its owner, revision, liveness and node requests. The
    /// incidents it shows are kept until ``setShown(_:_:)``.
    mutating func update(_ key: String, pod: Pod, owner: ResourceRef) {
        let previous = entries[key]
        if let previous, previous.owner != owner { owned[previous.owner]?.remove(key) }
        if previous?.owner != owner { owned[owner, default: []].insert(key) }
        entries[key] = Entry(
            owner: owner, revision: pod.revision, live: !pod.isSettled, shows: previous?.shows ?? [])
        updateLoad(key, pod: pod)
    }

    /// Records only what the pod asks of its node (a start counts every pod's requests before any diagnosis).
    mutating func updateLoad(_ key: String, pod: Pod) {
        if let old = placements.removeValue(forKey: key) { loads[old.node]?.subtract(old.load) }
        guard !pod.isSettled, let node = pod.spec?.nodeName else { return }
        var load = NodeLoad()
        load.add(pod.spec)
        placements[key] = (node, load)
        loads[node, default: NodeLoad()].add(load)
    }

    /// The incidents the rules raised for the pod just now.
    mutating func setShown(_ key: String, _ incidents: Set<String>) {
        entries[key]?.shows = incidents
    }

    /// Forgets a deleted pod.
    mutating func remove(_ key: String) {
        if let entry = entries.removeValue(forKey: key) { owned[entry.owner]?.remove(key) }
        if let old = placements.removeValue(forKey: key) { loads[old.node]?.subtract(old.load) }
    }

    /// Free capacity of these nodes by the requests of the indexed pods on them, sorted by node name.
    func freeCapacity(nodes: [Node]) -> [NodeCapacity] {
        NodeCapacity.free(nodes: nodes, loads: loads)
    }
}

extension NodeLoad {
    /// Adds another load.
    fileprivate mutating func add(_ other: NodeLoad) {
        pods += other.pods
        cpuRequests = cpuRequests.saturatingAdd(other.cpuRequests)
        memoryRequests = memoryRequests.saturatingAdd(other.memoryRequests)
        memoryLimits = memoryLimits.saturatingAdd(other.memoryLimits)
    }

    /// Takes another load away.
    fileprivate mutating func subtract(_ other: NodeLoad) {
        pods -= other.pods
        cpuRequests = cpuRequests.saturatingSubtract(other.cpuRequests)
        memoryRequests = memoryRequests.saturatingSubtract(other.memoryRequests)
        memoryLimits = memoryLimits.saturatingSubtract(other.memoryLimits)
    }
}
