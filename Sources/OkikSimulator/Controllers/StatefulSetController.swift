import Foundation
import OkikKubeClient

/// The StatefulSet controller: pods `<name>-0..n-1` created in order (each after the previous is Running and Ready,
/// unless podManagementPolicy is Parallel), a PersistentVolumeClaim per volumeClaimTemplate and ordinal, scale-down
/// from the highest ordinal, rolling updates from the highest ordinal, and the status counts and revisions.
enum StatefulSetController {
    static let component = "statefulset-controller"

    static func reconcile(_ key: String, in state: inout ClusterState) {
        guard var statefulSet = state.statefulSets[key] else { return }
        let namespace = statefulSet.namespace
        let name = statefulSet.name
        let reference = ObjectRef(kind: .statefulSet, key: key)
        var byOrdinal: [Int: SimPod] = [:]
        for pod in state.ownedPods(.statefulSet, namespace, name) {
            if let ordinal = pod.ordinal ?? Int(pod.name.split(separator: "-").last ?? "") { byOrdinal[ordinal] = pod }
        }
        // Remove failed pods so they are recreated, and pods above the replica count (highest first, one at a time).
        for (ordinal, pod) in byOrdinal where pod.phase == "Failed" {
            state.removePod(pod.key, deleteFromStore: true)
            byOrdinal[ordinal] = nil
        }
        if let highest = byOrdinal.keys.filter({ $0 >= statefulSet.replicas }).max(), let pod = byOrdinal[highest] {
            state.removePod(pod.key, deleteFromStore: true)
            byOrdinal[highest] = nil
            state.event(reference, reason: "SuccessfulDelete",
                message: "delete Pod \(pod.name) in StatefulSet \(name) successful", component: component)
        }
        for ordinal in 0..<max(0, statefulSet.replicas) where byOrdinal[ordinal] == nil {
            if !statefulSet.parallel,
                (0..<ordinal).contains(where: { byOrdinal[$0].map { !($0.phase == "Running" && $0.isReady) } ?? true })
            {
                break
            }
            let podName = "\(name)-\(ordinal)"
            var claimNames: [(volume: String, claim: String)] = []
            for template in statefulSet.claimTemplates {
                let templateName = template.value(at: ["metadata", "name"])?.stringValue ?? "data"
                let claimName = "\(templateName)-\(name)-\(ordinal)"
                claimNames.append((templateName, claimName))
                createClaim(claimName, from: template, namespace: namespace, statefulSet: name, pod: podName, state: &state)
            }
            guard let podKey = PodFactory.create(
                template: statefulSet.template, namespace: namespace, name: podName,
                owner: SimPod.Owner(kind: .statefulSet, name: name),
                extraLabels: ["statefulset.kubernetes.io/pod-name": podName, "apps.kubernetes.io/pod-index": String(ordinal),
                              "controller-revision-hash": statefulSet.revision],
                ordinal: ordinal, hostname: podName, state: &state),
                var pod = state.pods[podKey]
            else { break }
            if !claimNames.isEmpty {
                pod.claims += claimNames.map(\.claim)
                pod.source?.claimVolumes = claimNames.map {
                    ["name": .string($0.volume), "persistentVolumeClaim": ["claimName": .string($0.claim)]]
                }
                state.pods[podKey] = pod
            }
            byOrdinal[ordinal] = pod
            state.event(reference, reason: "SuccessfulCreate",
                message: "create Pod \(podName) in StatefulSet \(name) successful", component: component)
            if !statefulSet.parallel { break }
        }
        let pods = byOrdinal.values
        let allReady = pods.count == statefulSet.replicas && pods.allSatisfy(\.isReady)
        if allReady, let stale = byOrdinal.sorted(by: { $0.key > $1.key })
            .first(where: { $0.value.labels["controller-revision-hash"] != statefulSet.revision })?.value
        {
            state.removePod(stale.key, deleteFromStore: true)
            state.event(reference, reason: "SuccessfulDelete",
                message: "delete Pod \(stale.name) in StatefulSet \(name) successful", component: component)
        }
        let live = state.ownedPods(.statefulSet, namespace, name).filter { !$0.isTerminal }
        statefulSet.statusReplicas = live.count
        statefulSet.readyReplicas = live.filter(\.isReady).count
        statefulSet.availableReplicas = live.filter { $0.isAvailable(minReadySeconds: statefulSet.minReadySeconds, now: state.now) }.count
        statefulSet.updatedReplicas = live.filter { $0.labels["controller-revision-hash"] == statefulSet.revision }.count
        if statefulSet.updatedReplicas == statefulSet.replicas || statefulSet.currentRevision == nil {
            statefulSet.currentRevision = statefulSet.revision
        }
        statefulSet.currentReplicas = live.filter { $0.labels["controller-revision-hash"] == statefulSet.currentRevision }.count
        statefulSet.observedGeneration = statefulSet.generation
        state.statefulSets[key] = statefulSet
        state.markWrite(.statefulSet, key)
    }

    private static func createClaim(
        _ claimName: String, from template: JSONValue, namespace: String, statefulSet: String, pod: String,
        state: inout ClusterState
    ) {
        let key = ObjectRef.key(namespace, claimName)
        guard state.claims[key] == nil else { return }
        var manifest = template
        manifest["apiVersion"] = "v1"
        manifest["kind"] = "PersistentVolumeClaim"
        manifest.set(.string(claimName), at: ["metadata", "name"])
        manifest.set(.string(namespace), at: ["metadata", "namespace"])
        manifest.set(["app.kubernetes.io/name": .string(statefulSet)], at: ["metadata", "labels"])
        manifest["status"] = nil
        let request = Resources.parseMemory(template.value(at: ["spec", "resources", "requests", "storage"])?.stringValue ?? "1Gi") ?? (1 << 30)
        state.claims[key] = SimClaim(
            namespace: namespace, name: claimName, uid: nil, inStore: false, manifest: manifest,
            storageClassName: template.value(at: ["spec", "storageClassName"])?.stringValue,
            volumeName: nil, request: request,
            accessModes: template.value(at: ["spec", "accessModes"])?.arrayValue?.compactMap(\.stringValue) ?? ["ReadWriteOnce"])
        state.markWrite(.persistentVolumeClaim, key)
        state.markDirty(.persistentVolumeClaim, key)
        state.event(ObjectRef(kind: .statefulSet, key: ObjectRef.key(namespace, statefulSet)), reason: "SuccessfulCreate",
            message: "create Claim \(claimName) Pod \(pod) in StatefulSet \(statefulSet) success", component: component)
    }
}
