import Foundation
import OkikKubeClient

/// The DaemonSet controller: one pod per node that matches the node selector and whose taints the pods tolerate
/// (with the tolerations the real controller adds to daemon pods, so cordoned and pressured nodes still get one),
/// pods removed from nodes that no longer qualify, and status desired/current/ready/available/unavailable/
/// misscheduled/updated.
enum DaemonSetController {
    static let component = "daemonset-controller"

    /// Tolerations every daemon pod gets.
    static let automaticTolerations: [(String, String)] = [
        ("node.kubernetes.io/not-ready", "NoExecute"), ("node.kubernetes.io/unreachable", "NoExecute"),
        ("node.kubernetes.io/disk-pressure", "NoSchedule"), ("node.kubernetes.io/memory-pressure", "NoSchedule"),
        ("node.kubernetes.io/pid-pressure", "NoSchedule"), ("node.kubernetes.io/unschedulable", "NoSchedule"),
    ]

    /// Whether a daemon pod belongs on a node.
    static func shouldRun(_ daemonSet: SimDaemonSet, on node: SimNode) -> Bool {
        for (key, value) in daemonSet.nodeSelector where node.labels[key] != value { return false }
        let tolerations = daemonSet.tolerations + automaticTolerations.map {
            Toleration(key: $0.0, operator: "Exists", effect: $0.1)
        }
        for taint in node.taints where taint.effect == "NoSchedule" || taint.effect == "NoExecute" {
            if !tolerations.tolerates(taint) { return false }
        }
        return true
    }

    static func reconcile(_ key: String, in state: inout ClusterState) {
        guard var daemonSet = state.daemonSets[key] else { return }
        let namespace = daemonSet.namespace
        let reference = ObjectRef(kind: .daemonSet, key: key)
        let pods = state.ownedPods(.daemonSet, namespace, daemonSet.name).filter { !$0.isTerminal }
        var byNode: [String: [SimPod]] = [:]
        for pod in pods { byNode[pod.requiredNode ?? pod.nodeName ?? "", default: []].append(pod) }
        let eligible = state.nodeOrder.compactMap { state.nodes[$0] }.filter { shouldRun(daemonSet, on: $0) }
        let eligibleNames = Set(eligible.map(\.name))
        var misscheduled = 0
        for (nodeName, nodePods) in byNode.sorted(by: { $0.key < $1.key }) where !eligibleNames.contains(nodeName) {
            for pod in nodePods {
                if pod.nodeName != nil { misscheduled += 1 }
                state.removePod(pod.key, deleteFromStore: true)
                state.event(reference, reason: "SuccessfulDelete", message: "Deleted pod: \(pod.name)", component: component)
            }
        }
        var current = 0
        var ready = 0
        var updated = 0
        var oldPods: [SimPod] = []
        for node in eligible {
            guard let pod = byNode[node.name]?.first, state.pods[pod.key] != nil else {
                let name = PodFactory.generatedName(daemonSet.name, namespace: namespace, state: &state)
                PodFactory.create(
                    template: daemonSet.template, namespace: namespace, name: name,
                    owner: SimPod.Owner(kind: .daemonSet, name: daemonSet.name),
                    extraLabels: ["controller-revision-hash": daemonSet.templateHash,
                                  "pod-template-generation": String(daemonSet.generation)],
                    requiredNode: node.name, state: &state)
                state.event(reference, reason: "SuccessfulCreate", message: "Created pod: \(name)", component: component)
                continue
            }
            if pod.nodeName != nil { current += 1 }
            if pod.isReady { ready += 1 }
            if pod.labels["controller-revision-hash"] == daemonSet.templateHash { updated += 1 } else { oldPods.append(pod) }
        }
        let desired = eligible.count
        if let old = oldPods.first, ready == desired {
            state.removePod(old.key, deleteFromStore: true)
            state.event(reference, reason: "SuccessfulDelete", message: "Deleted pod: \(old.name)", component: component)
        }
        daemonSet.desired = desired
        daemonSet.current = current
        daemonSet.ready = ready
        daemonSet.available = ready
        daemonSet.unavailable = max(0, desired - ready)
        daemonSet.misscheduled = misscheduled
        daemonSet.updated = updated
        daemonSet.observedGeneration = daemonSet.generation
        state.daemonSets[key] = daemonSet
        state.markWrite(.daemonSet, key)
    }
}
