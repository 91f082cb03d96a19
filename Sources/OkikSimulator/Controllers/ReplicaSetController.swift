import Foundation
import OkikKubeClient

/// The ReplicaSet controller: keeps `spec.replicas` pods, deleting the least useful ones first when there are too
/// many, and reports replicas, ready, available and fully labeled counts.
enum ReplicaSetController {
    static let component = "replicaset-controller"

    static func reconcile(_ key: String, in state: inout ClusterState) {
        guard var replicaSet = state.replicaSets[key] else { return }
        let namespace = replicaSet.namespace
        // Pods are handled by key, and read in place for the counts: copying every pod out of the table to count
        // them cost a large start more than the counting.
        var active = state.ownedPodKeys(.replicaSet, namespace, replicaSet.name)
            .filter { state.pods[$0]?.isTerminal == false }.sorted()
        let reference = ObjectRef(kind: .replicaSet, key: key)
        if active.count < replicaSet.replicas {
            let prototype = replicaSet.prototype?.pod ?? PodFactory.prototype(replicaSet.template, state: &state)
            for _ in 0..<(replicaSet.replicas - active.count) {
                let name = PodFactory.generatedName(replicaSet.name, namespace: namespace, state: &state)
                guard let podKey = PodFactory.create(
                    template: replicaSet.template, namespace: namespace, name: name,
                    owner: SimPod.Owner(kind: .replicaSet, name: replicaSet.name), prototype: prototype, state: &state)
                else { break }
                active.append(podKey)
                state.event(reference, reason: "SuccessfulCreate", message: "Created pod: \(name)", component: component)
            }
        } else if active.count > replicaSet.replicas {
            let victims = active.compactMap { state.pods[$0] }.sorted(by: deletionOrder)
                .prefix(active.count - replicaSet.replicas)
            for victim in victims {
                state.removePod(victim.key, deleteFromStore: true)
                state.event(reference, reason: "SuccessfulDelete", message: "Deleted pod: \(victim.name)", component: component)
            }
            let removed = Set(victims.map(\.key))
            active.removeAll { removed.contains($0) }
        }
        let now = state.now
        let minReadySeconds = replicaSet.minReadySeconds
        var ready = 0
        var available = 0
        var nextAvailable: Date?
        for podKey in active {
            guard let readySince = state.pods[podKey]?.readySince else { continue }
            ready += 1
            let availableAt = readySince.addingTimeInterval(Double(minReadySeconds))
            if now.timeIntervalSince(readySince) >= Double(minReadySeconds) {
                available += 1
            } else {
                nextAvailable = min(nextAvailable ?? availableAt, availableAt)
            }
        }
        let changed = replicaSet.statusReplicas != active.count || replicaSet.readyReplicas != ready
            || replicaSet.availableReplicas != available || replicaSet.observedGeneration != replicaSet.generation
        replicaSet.statusReplicas = active.count
        replicaSet.readyReplicas = ready
        replicaSet.availableReplicas = available
        replicaSet.fullyLabeledReplicas = active.count
        replicaSet.observedGeneration = replicaSet.generation
        if minReadySeconds > 0, let nextAvailable { state.timers.scheduleEarlier(.replicaSet(key), at: nextAvailable) }
        state.replicaSets[key] = replicaSet
        if changed || !replicaSet.inStore {
            state.markWrite(.replicaSet, key)
            if let deployment = replicaSet.deployment { state.markDirty(.deployment, ObjectRef.key(namespace, deployment)) }
        }
    }

    /// The real controller's ranking: unassigned before assigned, pending before running, not ready before ready,
    /// more restarts before fewer, newer before older.
    static func deletionOrder(_ a: SimPod, _ b: SimPod) -> Bool {
        if (a.nodeName == nil) != (b.nodeName == nil) { return a.nodeName == nil }
        if (a.phase == "Pending") != (b.phase == "Pending") { return a.phase == "Pending" }
        if a.isReady != b.isReady { return !a.isReady }
        let restartsA = a.containers.map(\.restartCount).max() ?? 0
        let restartsB = b.containers.map(\.restartCount).max() ?? 0
        if restartsA != restartsB { return restartsA > restartsB }
        return a.sequence > b.sequence
    }
}
