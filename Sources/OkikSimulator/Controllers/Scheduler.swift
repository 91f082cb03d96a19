import Foundation
import OkikKubeClient

/// The default scheduler: places a pod on a node whose allocatable resources fit its requests and whose taints,
/// labels and cordon it accepts, preferring the least allocated node; otherwise the pod stays Pending with
/// PodScheduled=False, reason Unschedulable, and the real message ("0/3 nodes are available: 3 Insufficient memory.
/// preemption: ...").
enum Scheduler {
    static let component = "default-scheduler"
    /// Feasible nodes examined before picking the best (the real scheduler scores a sample on large clusters).
    static let sampleSize = 50
    /// Minimum time between two attempts for the same pod (the scheduler's back-off).
    static let backOff: Double = 10

    /// The scheduler's view of one node during a pass: what the filters and the score read, taken once per pass
    /// (looking every node up again for every pod dominated large starts). It holds plain values only, so reading
    /// one costs no reference counting; names, taints and labels sit beside it in ``NodeTraits``.
    struct Candidate {
        let unschedulable: Bool
        /// Whether the node has a NoSchedule or NoExecute taint besides the cordon's.
        let hasBlockingTaints: Bool
        let allocatable: Resources
        let podCapacity: Int
        var allocated: Resources
        var podCount: Int

        init(_ node: SimNode) {
            unschedulable = node.unschedulable
            hasBlockingTaints = node.taints.contains { Scheduler.blocks($0) }
            allocatable = node.allocatable
            podCapacity = node.podCapacity
            allocated = node.allocated
            podCount = node.podCount
        }
    }

    /// The parts of a node the filters read only for some pods (by name, selector or toleration).
    struct NodeTraits {
        let name: String
        let taints: [Taint]
        let labels: [String: String]

        init(_ node: SimNode) {
            name = node.name
            taints = node.taints
            labels = node.labels
        }
    }

    /// Whether a taint keeps pods that do not tolerate it off the node (the cordon's taint is checked on its own).
    static func blocks(_ taint: Taint) -> Bool {
        (taint.effect == "NoSchedule" || taint.effect == "NoExecute") && taint.key != SimNode.cordonTaint.key
    }

    /// Tries to place pods, in the order given (the scheduling queue's order). The caller runs the kubelet for the
    /// pods placed (marking them for it again would make the next round sync every new pod twice).
    static func schedule(_ keys: [String], in state: inout ClusterState) {
        guard !keys.isEmpty else { return }
        let nodes = state.nodeOrder.compactMap { state.nodes[$0] }
        var candidates = nodes.map(Candidate.init)
        let traits = nodes.map(NodeTraits.init)
        let positions = Dictionary(nodes.enumerated().map { ($1.name, $0) }) { first, _ in first }
        for key in keys {
            schedule(key, candidates: &candidates, traits: traits, positions: positions, in: &state)
        }
    }

    private static func schedule(
        _ key: String, candidates: inout [Candidate], traits: [NodeTraits], positions: [String: Int],
        in state: inout ClusterState
    ) {
        guard var pod = state.pods[key], pod.nodeName == nil, !pod.isTerminal else { return }
        let now = state.now
        if let failed = pod.lastScheduleFailure, now.timeIntervalSince(failed) < backOff {
            state.timers.scheduleEarlier(.pod(key), at: failed.addingTimeInterval(backOff))
            return
        }
        if let blocked = claimProblem(pod, state) {
            fail(&pod, message: blocked, state: &state)
            return
        }
        let count = candidates.count
        let start = count == 0 ? 0 : state.scheduleCursor % count
        // A pod bound to one node by affinity (a DaemonSet's) can fit only there: that node is checked alone, and
        // the search counts as having gone round every node, as the full search would.
        let (best, examined) = pod.requiredNode.map { (fit(pod, on: $0, candidates, traits, positions), count) }
            ?? search(pod, candidates, traits, from: start)
        state.scheduleCursor = start + examined
        guard let best else {
            let (reasons, preemption) = explain(pod, candidates, traits)
            let summary = reasons.summary.joined(separator: ", ")
            let victims = preemption.summary.joined(separator: ", ")
            let total = state.nodes.count
            let message = total == 0
                ? "no nodes available to schedule pods"
                : "0/\(total) nodes are available: \(summary). preemption: 0/\(total) nodes are available: \(victims)."
            fail(&pod, message: message, state: &state)
            return
        }
        candidates[best.index].allocated += pod.requests
        candidates[best.index].podCount += 1
        bind(&pod, to: traits[best.index].name, state: &state, wakeKubelet: false)
    }

    /// Filters and scores nodes from `start` on (round robin) until enough fit; returns the best one's index and the
    /// nodes examined. The candidates are only read here, so they are borrowed rather than copied.
    private static func search(_ pod: SimPod, _ nodes: [Candidate], _ traits: [NodeTraits], from start: Int)
        -> (best: (index: Int, score: Double)?, examined: Int)
    {
        var best: (index: Int, score: Double)?
        var feasible = 0
        var examined = 0
        // Most pods on most nodes need only the resource check, which reads plain values; the full filter (names,
        // taints, labels) runs when the pod or the node needs more.
        let requests = pod.requests
        let plain = pod.requiredNode == nil && pod.nodeSelector.isEmpty
        nodes.withUnsafeBufferPointer { nodes in
            for step in 0..<nodes.count {
                let index = (start + step) % nodes.count
                examined += 1
                let node = nodes[index]
                let fits = plain && !node.unschedulable && !node.hasBlockingTaints
                    ? Self.fits(requests, node) : filter(pod, node, traits[index]).isEmpty
                guard fits else { continue }
                let score = score(requests, node)
                if best == nil || score > best!.score { best = (index, score) }
                feasible += 1
                if feasible >= sampleSize { break }
            }
        }
        return (best, examined)
    }

    /// The node a pod is bound to by affinity, with its score, if the pod fits there.
    private static func fit(
        _ pod: SimPod, on node: String, _ nodes: [Candidate], _ traits: [NodeTraits], _ positions: [String: Int]
    ) -> (index: Int, score: Double)? {
        guard let index = positions[node], filter(pod, nodes[index], traits[index]).isEmpty else { return nil }
        return (index, score(pod.requests, nodes[index]))
    }

    /// Why a pod fits no node: every node's filter failures, counted for the FailedScheduling message, and what
    /// preemption could do about them. Only a pod that fits nowhere pays for this.
    private static func explain(_ pod: SimPod, _ nodes: [Candidate], _ traits: [NodeTraits])
        -> (reasons: Tally, preemption: Tally)
    {
        var reasons = Tally()
        var preemption = Tally()
        for index in nodes.indices {
            let failures = filter(pod, nodes[index], traits[index])
            guard !failures.isEmpty else { continue }
            for failure in failures { reasons.add(failure.reason) }
            let helpful = failures.allSatisfy(\.resource)
            preemption.add(
                helpful ? "No preemption victims found for incoming pod" : "Preemption is not helpful for scheduling")
        }
        return (reasons, preemption)
    }

    /// Filter failures counted by reason. A pass meets only a handful of distinct reasons, so a short list beats
    /// hashing every reason of every node.
    struct Tally {
        private var counts: [(reason: String, count: Int)] = []

        mutating func add(_ reason: String) {
            if let index = counts.firstIndex(where: { $0.reason == reason }) {
                counts[index].count += 1
            } else {
                counts.append((reason, 1))
            }
        }

        /// "count reason" for each reason, sorted, as the message lists them.
        var summary: [String] { counts.map { "\($0.count) \($0.reason)" }.sorted() }
    }

    /// Binds a pod to a node (also used when a pod arrives already bound) and, unless the caller runs the kubelet for
    /// it next, marks it for the kubelet.
    static func bind(_ pod: inout SimPod, to nodeName: String, state: inout ClusterState, wakeKubelet: Bool = true) {
        pod.nodeName = nodeName
        pod.lastScheduleFailure = nil
        pod.schedulingMessage = nil
        pod.conditions.set("PodScheduled", "True", at: state.now)
        state.nodes[nodeName]?.allocated += pod.requests
        state.nodes[nodeName]?.podCount += 1
        state.podsByNode[nodeName, default: []].insert(pod.key)
        state.unscheduled.remove(pod.key)
        state.pods[pod.key] = pod
        state.event(
            ObjectRef(kind: .pod, key: pod.key), reason: "Scheduled",
            message: "Successfully assigned \(pod.namespace)/\(pod.name) to \(nodeName)", component: component)
        state.markWrite(.pod, pod.key)
        if wakeKubelet { state.markDirty(.pod, pod.key) }
    }

    private static func fail(_ pod: inout SimPod, message: String, state: inout ClusterState) {
        let now = state.now
        let changed = pod.schedulingMessage != message
        pod.schedulingMessage = message
        pod.lastScheduleFailure = now
        pod.conditions.set("PodScheduled", "False", reason: "Unschedulable", message: message, at: now)
        state.pods[pod.key] = pod
        state.unscheduled.insert(pod.key)
        state.event(
            ObjectRef(kind: .pod, key: pod.key), warning: true, reason: "FailedScheduling", message: message,
            component: component)
        if changed { state.markWrite(.pod, pod.key) }
        state.timers.schedule(.pod(pod.key), at: now.addingTimeInterval(state.configuration.unschedulableRetryInterval.timeInterval))
    }

    /// Why the pod's volumes block scheduling everywhere, if they do.
    private static func claimProblem(_ pod: SimPod, _ state: ClusterState) -> String? {
        for claim in pod.claims {
            guard let found = state.claims[ObjectRef.key(pod.namespace, claim)] else {
                return "persistentvolumeclaim \"\(claim)\" not found"
            }
            if found.phase != "Bound" {
                let total = state.nodes.count
                return "0/\(total) nodes are available: \(total) pod has unbound immediate PersistentVolumeClaims. "
                    + "preemption: 0/\(total) nodes are available: \(total) Preemption is not helpful for scheduling."
            }
        }
        return nil
    }

    /// One filter failure: its reason text and whether freeing resources could help (for the preemption summary).
    struct Failure {
        var reason: String
        var resource: Bool
    }

    /// The failures of the first failing filter for a node, in the default profile's plugin order; empty if it fits.
    static func filter(_ pod: borrowing SimPod, _ node: Candidate, _ traits: borrowing NodeTraits) -> [Failure] {
        if node.unschedulable {
            if !pod.tolerations.tolerates(SimNode.cordonTaint) {
                return [Failure(reason: "node(s) were unschedulable", resource: false)]
            }
        }
        if node.hasBlockingTaints {
            for taint in traits.taints where blocks(taint) {
                if !pod.tolerations.tolerates(taint) {
                    return [Failure(reason: "node(s) had untolerated taint {\(taint.key ?? ""): \(taint.value ?? "")}", resource: false)]
                }
            }
        }
        if let required = pod.requiredNode, required != traits.name {
            return [Failure(reason: "node(s) didn't match Pod's node affinity/selector", resource: false)]
        }
        if !pod.nodeSelector.isEmpty {
            for (key, value) in pod.nodeSelector where traits.labels[key] != value {
                return [Failure(reason: "node(s) didn't match Pod's node affinity/selector", resource: false)]
            }
        }
        var failures: [Failure] = []
        if node.podCount + 1 > node.podCapacity { failures.append(Failure(reason: "Too many pods", resource: true)) }
        if pod.requests.cpu > 0 && node.allocated.cpu + pod.requests.cpu > node.allocatable.cpu {
            failures.append(Failure(reason: "Insufficient cpu", resource: true))
        }
        if pod.requests.memory > 0 && node.allocated.memory + pod.requests.memory > node.allocatable.memory {
            failures.append(Failure(reason: "Insufficient memory", resource: true))
        }
        return failures
    }

    /// Whether a node has room for a pod's requests: a pod slot, and the CPU and memory it asks for.
    private static func fits(_ requests: Resources, _ node: Candidate) -> Bool {
        node.podCount + 1 <= node.podCapacity
            && (requests.cpu <= 0 || node.allocated.cpu + requests.cpu <= node.allocatable.cpu)
            && (requests.memory <= 0 || node.allocated.memory + requests.memory <= node.allocatable.memory)
    }

    /// LeastAllocated: the share of CPU and memory left after placing the pod.
    private static func score(_ requests: Resources, _ node: Candidate) -> Double {
        let cpu = Double(node.allocatable.cpu - node.allocated.cpu - requests.cpu)
            / Double(max(1, node.allocatable.cpu))
        let memory = Double(node.allocatable.memory - node.allocated.memory - requests.memory)
            / Double(max(1, node.allocatable.memory))
        return cpu + memory
    }
}
