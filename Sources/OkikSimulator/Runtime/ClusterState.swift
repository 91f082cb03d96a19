import Foundation
import OkikKubeClient

/// Everything the simulated control plane and kubelets know, as typed values, plus the work they still have to do:
/// dirty objects to reconcile, objects to write, and timers. Controllers are functions over this state; the
/// ``ClusterRuntime`` feeds it changes from the store and writes its results back.
struct ClusterState: Sendable {
    var configuration: RuntimeConfiguration
    let logs: PodLogStore
    /// Images run as real processes.
    let processPods: ProcessPodConfiguration
    /// What the process runner reports about process containers.
    let processes = ProcessTable()
    /// Starts and stops for the process runner, handed over after each flush.
    var processCommands: [ProcessCommand] = []
    /// Namespaces whose Services' Endpoints may have to change (a pod came, went, or changed readiness or labels).
    var endpointNamespaces: Set<String> = []
    var now: Date
    var random: SplitMix64
    private var sequence = 0

    var namespaces: Set<String> = []
    var nodes: [String: SimNode] = [:]
    var pods: [String: SimPod] = [:]
    /// Pod keys by owner ("Kind/namespace/name").
    var podsByOwner: [String: Set<String>] = [:]
    var replicaSets: [String: SimReplicaSet] = [:]
    var replicaSetsByDeployment: [String: Set<String>] = [:]
    var deployments: [String: SimDeployment] = [:]
    var statefulSets: [String: SimStatefulSet] = [:]
    var daemonSets: [String: SimDaemonSet] = [:]
    var jobs: [String: SimJob] = [:]
    var cronJobs: [String: SimCronJob] = [:]
    var hpas: [String: SimHPA] = [:]
    var budgets: [String: SimDisruptionBudget] = [:]
    /// PodDisruptionBudget keys by namespace.
    var budgetsByNamespace: [String: Set<String>] = [:]
    /// Pod keys by namespace (for the disruption controller's selectors).
    var podsByNamespace: [String: Set<String>] = [:]
    var claims: [String: SimClaim] = [:]
    var volumes: [String: SimVolume] = [:]
    var storageClasses: [String: SimStorageClass] = [:]
    var events = EventRecorder()
    /// Usage last published per pod, to skip unchanged metrics writes.
    var publishedPodUsage: [String: [Resources]] = [:]
    var publishedNodeUsage: [String: Resources] = [:]

    /// Objects each controller has to look at.
    var dirty: [SimKind: Set<String>] = [:]
    /// Objects to write to the store.
    var writes: Set<ObjectRef> = []
    /// Objects to delete from the store.
    var deletes: Set<ObjectRef> = []
    /// Deployments whose scripted rollout is due, written as a client would write them.
    var dueRollouts: Set<String> = []
    var timers = TimerQueue<WakeTarget>()
    /// Pods waiting for a node.
    var unscheduled: Set<String> = []
    /// Pod keys by node.
    var podsByNode: [String: Set<String>] = [:]
    /// Node names in order, for deterministic scheduling.
    var nodeOrder: [String] = []
    /// Where the scheduler starts its next search (it spreads the search like the real one).
    var scheduleCursor = 0
    /// Decoded pod templates, by template JSON, so controllers decode a template once and not per pod.
    var prototypes: [JSONValue: SimPod] = [:]
    private var ipCounter = 0

    init(
        configuration: RuntimeConfiguration, logs: PodLogStore, now: Date, processPods: ProcessPodConfiguration = .none
    ) {
        self.configuration = configuration
        self.logs = logs
        self.processPods = processPods
        self.now = now
        random = SplitMix64(seed: configuration.seed)
    }

    // MARK: - Bookkeeping

    /// The next creation sequence number.
    mutating func nextSequence() -> Int {
        sequence += 1
        return sequence
    }

    /// Marks an object for its controller.
    mutating func markDirty(_ kind: SimKind, _ key: String) {
        dirty[kind, default: []].insert(key)
    }

    /// Marks an object to be written.
    mutating func markWrite(_ kind: SimKind, _ key: String) {
        writes.insert(ObjectRef(kind: kind, key: key))
    }

    /// Takes the dirty keys of a kind, sorted.
    mutating func takeDirty(_ kind: SimKind) -> [String] {
        guard let keys = dirty[kind], !keys.isEmpty else { return [] }
        dirty[kind] = []
        return keys.sorted()
    }

    var hasDirty: Bool { dirty.values.contains { !$0.isEmpty } }

    /// The API server's alphabet for generated names (no vowels, no look-alike digits).
    static let nameAlphabet = Array("bcdfghjklmnpqrstvwxz2456789")

    /// A generated-name suffix (five characters of the API server's alphabet), from the seeded generator.
    mutating func nameSuffix() -> String {
        let alphabet = Self.nameAlphabet
        var text = ""
        for _ in 0..<5 { text.append(alphabet[Int(random.next() % UInt64(alphabet.count))]) }
        return text
    }

    /// A container ID ("containerd://" and 64 hex digits).
    mutating func containerID() -> String {
        var text = "containerd://"
        for _ in 0..<4 {
            let hex = String(random.next(), radix: 16)
            text += String(repeating: "0", count: 16 - hex.count) + hex
        }
        return text
    }

    /// The next pod IP.
    mutating func podIP() -> String {
        ipCounter += 1
        return "10.244.\((ipCounter / 250) % 256).\(ipCounter % 250 + 2)"
    }

    /// Records an event and schedules its write. Normal events are skipped when the configuration says so, and then
    /// their message is never built (a bulk start would build one per pod and step).
    mutating func event(
        _ involved: ObjectRef, fieldPath: @autoclosure () -> String? = nil, warning: Bool = false, reason: String,
        message: @autoclosure () -> String, component: String, host: String? = nil
    ) {
        if !warning && !configuration.recordNormalEvents { return }
        let key = events.record(
            involved, fieldPath: fieldPath(), type: warning ? "Warning" : "Normal", reason: reason, message: message(),
            component: component, host: host, at: now)
        markWrite(.event, key)
    }

    /// The uid of a tracked object, once it has been written.
    func uid(of reference: ObjectRef) -> String? {
        switch reference.kind {
        case .pod: pods[reference.key]?.uid
        case .node: nodes[reference.name]?.uid
        case .replicaSet: replicaSets[reference.key]?.uid
        case .deployment: deployments[reference.key]?.uid
        case .statefulSet: statefulSets[reference.key]?.uid
        case .daemonSet: daemonSets[reference.key]?.uid
        case .job: jobs[reference.key]?.uid
        case .cronJob: cronJobs[reference.key]?.uid
        case .hpa: hpas[reference.key]?.uid
        case .podDisruptionBudget: budgets[reference.key]?.uid
        case .persistentVolumeClaim: claims[reference.key]?.uid
        default: nil
        }
    }

    // MARK: - Pods

    /// Adds a pod (created by a controller or seen in the store) and indexes it by owner.
    mutating func addPod(_ pod: SimPod) {
        pods[pod.key] = pod
        if let owner = pod.owner {
            podsByOwner[Self.ownerKey(owner.kind, pod.namespace, owner.name), default: []].insert(pod.key)
        }
        podsByNamespace[pod.namespace, default: []].insert(pod.key)
        touchBudgets(pod.namespace)
        if pod.nodeName == nil { unscheduled.insert(pod.key) }
        markDirty(.pod, pod.key)
    }

    /// Makes room for the pods these ReplicaSets are about to create, so a large start grows the pod table once
    /// instead of rehashing it, and moving every pod, at each doubling.
    mutating func reservePods(forReplicaSets keys: [String]) {
        var missing = 0
        for key in keys {
            guard let replicaSet = replicaSets[key] else { continue }
            let owned = ownedPodKeys(.replicaSet, replicaSet.namespace, replicaSet.name).count
            missing += max(0, replicaSet.replicas - owned)
        }
        if missing > 0 { pods.reserveCapacity(pods.count + missing) }
    }

    /// Removes a pod: frees its node's resources, forgets its logs and metrics, and wakes its owner.
    mutating func removePod(_ key: String, deleteFromStore: Bool) {
        guard let pod = pods.removeValue(forKey: key) else { return }
        if let owner = pod.owner {
            podsByOwner[Self.ownerKey(owner.kind, pod.namespace, owner.name)]?.remove(key)
            markDirty(owner.kind, ObjectRef.key(pod.namespace, owner.name))
        }
        unscheduled.remove(key)
        podsByNamespace[pod.namespace]?.remove(key)
        touchBudgets(pod.namespace)
        if let nodeName = pod.nodeName {
            if !pod.isTerminal { release(pod, from: nodeName) }
            podsByNode[nodeName]?.remove(key)
        }
        timers.schedule(.pod(key), at: nil)
        logs.remove(namespace: pod.namespace, pod: pod.name)
        if pod.containers.contains(where: \.isProcess) {
            processCommands.append(.stop(namespace: pod.namespace, pod: pod.name))
        }
        writes.remove(ObjectRef(kind: .pod, key: key))
        if deleteFromStore && pod.inStore { deletes.insert(ObjectRef(kind: .pod, key: key)) }
        if publishedPodUsage.removeValue(forKey: key) != nil {
            deletes.insert(ObjectRef(kind: .podMetrics, key: key))
        }
        // Pods that did not fit may fit now.
        if pod.nodeName != nil { wakeUnscheduled() }
    }

    /// Frees a pod's requests on its node.
    mutating func release(_ pod: SimPod, from nodeName: String) {
        guard var node = nodes[nodeName] else { return }
        node.allocated -= pod.requests
        node.podCount -= 1
        nodes[nodeName] = node
    }

    /// Marks every pod that did not fit for another scheduling attempt.
    mutating func wakeUnscheduled() {
        for key in unscheduled { markDirty(.pod, key) }
    }

    /// Pods owned by a controller.
    func ownedPods(_ kind: SimKind, _ namespace: String, _ name: String) -> [SimPod] {
        ownedPodKeys(kind, namespace, name).compactMap { pods[$0] }
    }

    /// Keys of the pods owned by a controller (reading keys copies no pod state).
    func ownedPodKeys(_ kind: SimKind, _ namespace: String, _ name: String) -> Set<String> {
        podsByOwner[Self.ownerKey(kind, namespace, name)] ?? []
    }

    /// Marks the PodDisruptionBudgets of a namespace for the disruption controller, and its Services for the
    /// Endpoints controller (a pod or a controller's scale changed there).
    mutating func touchBudgets(_ namespace: String) {
        endpointNamespaces.insert(namespace)
        guard let keys = budgetsByNamespace[namespace], !keys.isEmpty else { return }
        for key in keys { markDirty(.podDisruptionBudget, key) }
    }

    static func ownerKey(_ kind: SimKind, _ namespace: String, _ name: String) -> String {
        "\(kind.rawValue)/\(namespace)/\(name)"
    }
}
