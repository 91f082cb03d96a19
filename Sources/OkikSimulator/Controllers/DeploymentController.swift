import Foundation
import OkikKubeClient

/// The Deployment controller: one ReplicaSet per pod template (named with the pod-template-hash), rolling updates
/// within maxSurge/maxUnavailable (or Recreate), old ReplicaSets pruned to the revision history limit, and status
/// with the Available and Progressing conditions, including ProgressDeadlineExceeded.
enum DeploymentController {
    static let component = "deployment-controller"

    static func reconcile(_ key: String, in state: inout ClusterState) {
        guard var deployment = state.deployments[key] else { return }
        var sets = (state.replicaSetsByDeployment[key] ?? []).compactMap { state.replicaSets[$0] }
            .sorted { ($0.sequence, $0.name) < ($1.sequence, $1.name) }
        let before = (deployment.updatedReplicas, deployment.readyReplicas, deployment.availableReplicas)
        var progressed = false
        var newSet = sets.first { $0.templateHash == deployment.templateHash }
        let desired = deployment.replicas
        if newSet == nil && !deployment.paused {
            let revision = (sets.map(\.revision).max() ?? 0) + 1
            let initial = deployment.recreate && sets.contains(where: { $0.replicas > 0 || $0.statusReplicas > 0 })
                ? 0 : (sets.isEmpty ? desired : min(desired, max(0, desired + surge(deployment) - sets.map(\.replicas).reduce(0, +))))
            newSet = createReplicaSet(for: deployment, revision: revision, replicas: initial, state: &state)
            if let created = newSet {
                sets.append(created)
                deployment.conditions.set("Progressing", "True", reason: "NewReplicaSetCreated",
                    message: "Created new replica set \"\(created.name)\"", at: state.now)
                progressed = true
            }
        } else if var existing = newSet, let highest = sets.map(\.revision).max(), existing.revision < highest,
            !deployment.paused
        {
            existing.revisionHistory.append(existing.revision)
            existing.revision = highest + 1
            state.replicaSets[existing.key] = existing
            state.markWrite(.replicaSet, existing.key)
            newSet = existing
        }
        if let current = newSet, !deployment.paused {
            let olds = sets.filter { $0.name != current.name }
            if deployment.recreate {
                progressed = recreate(deployment, new: current, olds: olds, state: &state) || progressed
            } else {
                progressed = rollingUpdate(deployment, new: current, olds: olds, state: &state) || progressed
            }
            cleanUp(deployment, olds: olds, state: &state)
        }
        sets = (state.replicaSetsByDeployment[key] ?? []).compactMap { state.replicaSets[$0] }
        let newName = newSet?.name ?? ""
        let current = sets.first { $0.name == newName }
        deployment.statusReplicas = sets.map(\.statusReplicas).reduce(0, +)
        deployment.updatedReplicas = current?.statusReplicas ?? 0
        deployment.readyReplicas = sets.map(\.readyReplicas).reduce(0, +)
        deployment.availableReplicas = sets.map(\.availableReplicas).reduce(0, +)
        deployment.unavailableReplicas = max(0, sets.map(\.replicas).reduce(0, +) - deployment.availableReplicas)
        deployment.observedGeneration = deployment.generation
        deployment.revision = current?.revision ?? deployment.revision
        updateConditions(&deployment, newName: newName, before: before, progressed: progressed, state: &state)
        state.deployments[key] = deployment
        state.markWrite(.deployment, key)
    }

    private static func surge(_ deployment: SimDeployment) -> Int {
        resolve(deployment.maxSurge, of: deployment.replicas, roundUp: true)
    }

    private static func unavailable(_ deployment: SimDeployment) -> Int {
        let maxSurge = surge(deployment)
        let value = resolve(deployment.maxUnavailable, of: deployment.replicas, roundUp: false)
        return maxSurge == 0 && value == 0 ? 1 : min(value, deployment.replicas)
    }

    /// An absolute number or a percentage of `total`.
    static func resolve(_ value: IntOrString, of total: Int, roundUp: Bool) -> Int {
        switch value {
        case .int(let number): return number
        case .string(let text):
            guard text.hasSuffix("%"), let percent = Double(text.dropLast()) else { return Int(text) ?? 0 }
            let exact = Double(total) * percent / 100
            return Int(roundUp ? exact.rounded(.up) : exact.rounded(.down))
        }
    }

    private static func createReplicaSet(
        for deployment: SimDeployment, revision: Int, replicas: Int, state: inout ClusterState
    ) -> SimReplicaSet? {
        let hash = deployment.templateHash
        let template = deployment.replicaSetTemplate
        let labels = template.value(at: ["metadata", "labels"])?.objectValue ?? [:]
        let name = "\(deployment.name)-\(hash)"
        let key = ObjectRef.key(deployment.namespace, name)
        guard state.replicaSets[key] == nil else { return nil }
        let replicaSet = SimReplicaSet(
            namespace: deployment.namespace, name: name, uid: nil, inStore: false, manifest: nil,
            labels: labels.compactMapValues(\.stringValue), deployment: deployment.name, replicas: replicas,
            template: template, templateHash: hash, prototype: deployment.prototype,
            minReadySeconds: deployment.minReadySeconds, revision: revision, generation: 1, createdAt: state.now, sequence: state.nextSequence())
        state.replicaSets[key] = replicaSet
        state.replicaSetsByDeployment[deployment.key, default: []].insert(key)
        state.markWrite(.replicaSet, key)
        state.markDirty(.replicaSet, key)
        if replicas > 0 {
            state.event(ObjectRef(kind: .deployment, key: deployment.key), reason: "ScalingReplicaSet",
                message: "Scaled up replica set \(name) from 0 to \(replicas)", component: component)
        }
        return replicaSet
    }

    /// Changes a ReplicaSet's replicas and records the event.
    private static func scale(_ name: String, namespace: String, deployment: String, to replicas: Int, state: inout ClusterState) {
        let key = ObjectRef.key(namespace, name)
        guard var replicaSet = state.replicaSets[key], replicaSet.replicas != replicas else { return }
        let old = replicaSet.replicas
        replicaSet.replicas = replicas
        state.replicaSets[key] = replicaSet
        state.markWrite(.replicaSet, key)
        state.markDirty(.replicaSet, key)
        state.event(ObjectRef(kind: .deployment, key: ObjectRef.key(namespace, deployment)), reason: "ScalingReplicaSet",
            message: "Scaled \(replicas > old ? "up" : "down") replica set \(name) from \(old) to \(replicas)",
            component: component)
    }

    private static func recreate(
        _ deployment: SimDeployment, new: SimReplicaSet, olds: [SimReplicaSet], state: inout ClusterState
    ) -> Bool {
        var changed = false
        for old in olds where old.replicas > 0 {
            scale(old.name, namespace: old.namespace, deployment: deployment.name, to: 0, state: &state)
            changed = true
        }
        let oldPods = olds.reduce(0) { $0 + state.ownedPods(.replicaSet, $1.namespace, $1.name).filter { !$0.isTerminal }.count }
        if oldPods == 0 && new.replicas != deployment.replicas {
            scale(new.name, namespace: new.namespace, deployment: deployment.name, to: deployment.replicas, state: &state)
            changed = true
        }
        return changed
    }

    private static func rollingUpdate(
        _ deployment: SimDeployment, new: SimReplicaSet, olds: [SimReplicaSet], state: inout ClusterState
    ) -> Bool {
        let desired = deployment.replicas
        let maxSurge = surge(deployment)
        let maxUnavailable = unavailable(deployment)
        var changed = false
        let activeOlds = olds.filter { $0.replicas > 0 }
        if activeOlds.isEmpty {
            if new.replicas != desired {
                scale(new.name, namespace: new.namespace, deployment: deployment.name, to: desired, state: &state)
                changed = true
            }
            return changed
        }
        // Scale the new ReplicaSet up within the surge.
        let total = olds.map(\.replicas).reduce(0, +) + new.replicas
        if new.replicas < desired {
            let allowed = desired + maxSurge - total
            if allowed > 0 {
                scale(new.name, namespace: new.namespace, deployment: deployment.name,
                    to: min(desired, new.replicas + allowed), state: &state)
                changed = true
            }
        } else if new.replicas > desired {
            scale(new.name, namespace: new.namespace, deployment: deployment.name, to: desired, state: &state)
            changed = true
        }
        // Scale old ones down: unhealthy pods first, then as far as availability allows.
        let current = state.replicaSets[new.key] ?? new
        let allPods = olds.map(\.statusReplicas).reduce(0, +) + current.statusReplicas
        let minAvailable = desired - maxUnavailable
        let newUnavailable = max(0, current.replicas - current.availableReplicas)
        var budget = allPods - minAvailable - newUnavailable
        var oldReplicas: [String: Int] = Dictionary(uniqueKeysWithValues: olds.map { ($0.name, $0.replicas) })
        if budget > 0 {
            for old in activeOlds {
                let unhealthy = max(0, old.replicas - old.availableReplicas)
                let cut = min(unhealthy, budget)
                guard cut > 0 else { continue }
                oldReplicas[old.name, default: 0] -= cut
                budget -= cut
            }
        }
        let available = olds.map(\.availableReplicas).reduce(0, +) + current.availableReplicas
        var canRemove = available - minAvailable
        for old in activeOlds where canRemove > 0 {
            let remaining = oldReplicas[old.name] ?? 0
            let cut = min(remaining, canRemove)
            oldReplicas[old.name] = remaining - cut
            canRemove -= cut
        }
        for old in activeOlds where (oldReplicas[old.name] ?? old.replicas) != old.replicas {
            scale(old.name, namespace: old.namespace, deployment: deployment.name, to: max(0, oldReplicas[old.name] ?? 0),
                state: &state)
            changed = true
        }
        return changed
    }

    /// Deletes old, empty ReplicaSets beyond the revision history limit.
    private static func cleanUp(_ deployment: SimDeployment, olds: [SimReplicaSet], state: inout ClusterState) {
        let empty = olds.filter { $0.replicas == 0 && $0.statusReplicas == 0 }.sorted { $0.revision < $1.revision }
        let excess = empty.count - deployment.revisionHistoryLimit
        guard excess > 0 else { return }
        for old in empty.prefix(excess) {
            state.replicaSets[old.key] = nil
            state.replicaSetsByDeployment[deployment.key]?.remove(old.key)
            state.writes.remove(ObjectRef(kind: .replicaSet, key: old.key))
            if old.inStore { state.deletes.insert(ObjectRef(kind: .replicaSet, key: old.key)) }
        }
    }

    private static func updateConditions(
        _ deployment: inout SimDeployment, newName: String, before: (Int, Int, Int), progressed: Bool,
        state: inout ClusterState
    ) {
        let now = state.now
        let desired = deployment.replicas
        let minAvailable = desired - unavailable(deployment)
        if deployment.availableReplicas >= minAvailable {
            deployment.conditions.set("Available", "True", reason: "MinimumReplicasAvailable",
                message: "Deployment has minimum availability.", at: now)
        } else {
            deployment.conditions.set("Available", "False", reason: "MinimumReplicasUnavailable",
                message: "Deployment does not have minimum availability.", at: now)
        }
        let complete = deployment.updatedReplicas == desired && deployment.availableReplicas == desired
            && deployment.statusReplicas == desired
        let moved = progressed || deployment.updatedReplicas > before.0 || deployment.readyReplicas > before.1
            || deployment.availableReplicas > before.2
        let key = deployment.key
        if deployment.paused {
            deployment.conditions.set("Progressing", "Unknown", reason: "DeploymentPaused",
                message: "Deployment is paused", at: now)
            state.timers.schedule(.deployment(key), at: nil)
        } else if complete {
            deployment.conditions.set("Progressing", "True", reason: "NewReplicaSetAvailable",
                message: "ReplicaSet \"\(newName)\" has successfully progressed.", at: now)
            state.timers.schedule(.deployment(key), at: nil)
        } else if moved || deployment.conditions.condition("Progressing") == nil {
            deployment.lastProgress = now
            if !deployment.conditions.set("Progressing", "True", reason: "ReplicaSetUpdated",
                message: "ReplicaSet \"\(newName)\" is progressing.", at: now),
                let index = deployment.conditions.firstIndex(where: { $0.type == "Progressing" })
            {
                deployment.conditions[index].lastUpdate = now
            }
            state.timers.schedule(
                .deployment(key), at: now.addingTimeInterval(Double(deployment.progressDeadlineSeconds) + 0.001))
        } else if now.timeIntervalSince(deployment.lastProgress) > Double(deployment.progressDeadlineSeconds) {
            if deployment.conditions.condition("Progressing")?.reason != "ProgressDeadlineExceeded" {
                deployment.conditions.set("Progressing", "False", reason: "ProgressDeadlineExceeded",
                    message: "ReplicaSet \"\(newName)\" has timed out progressing.", at: now)
            }
        }
    }
}
