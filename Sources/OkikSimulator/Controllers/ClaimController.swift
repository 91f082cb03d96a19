import Foundation
import OkikKubeClient

/// The persistent volume controller: binds a claim to a matching Available volume, or provisions one when its
/// StorageClass (or the default class) exists; otherwise the claim stays Pending with the real events
/// (`storageclass.storage.k8s.io "x" not found`, "no persistent volumes available for this claim and no storage class
/// is set").
enum ClaimController {
    static let component = "persistentvolume-controller"

    static func reconcile(_ key: String, in state: inout ClusterState) {
        guard var claim = state.claims[key], claim.phase != "Bound" else { return }
        let reference = ObjectRef(kind: .persistentVolumeClaim, key: key)
        let className = claim.storageClassName ?? state.storageClasses.values.first(where: \.isDefault)?.name
        let match = state.volumes.values.sorted { $0.name < $1.name }.first { volume in
            if let wanted = claim.volumeName { return volume.name == wanted && volume.claim == nil }
            return volume.phase == "Available" && volume.claim == nil && volume.capacity >= claim.request
                && (volume.storageClassName ?? "") == (className ?? "")
                && Set(claim.accessModes).isSubset(of: Set(volume.accessModes))
        }
        var volume: SimVolume
        if let match {
            volume = match
        } else if let className, let storageClass = state.storageClasses[className] {
            let name = "pvc-" + (claim.uid ?? "\(state.nameSuffix())\(state.nameSuffix())")
            volume = SimVolume(
                name: name, uid: nil, inStore: false, manifest: nil, capacity: claim.request,
                accessModes: claim.accessModes, storageClassName: className)
            volume.manifest = [
                "apiVersion": "v1", "kind": "PersistentVolume",
                "metadata": ["name": .string(name), "annotations": ["pv.kubernetes.io/provisioned-by": .string(storageClass.provisioner)]],
                "spec": [
                    "capacity": ["storage": .string(Resources.formatMemory(claim.request))],
                    "accessModes": .array(claim.accessModes.map(JSONValue.string)),
                    "persistentVolumeReclaimPolicy": "Delete", "storageClassName": .string(className),
                    "volumeMode": "Filesystem", "csi": ["driver": .string(storageClass.provisioner), "volumeHandle": .string(name)],
                ],
            ]
            state.event(reference, reason: "ProvisioningSucceeded",
                message: "Successfully provisioned volume \(name)", component: storageClass.provisioner)
        } else {
            let message = claim.storageClassName.map { "storageclass.storage.k8s.io \"\($0)\" not found" }
                ?? "no persistent volumes available for this claim and no storage class is set"
            let warning = claim.storageClassName != nil
            state.event(reference, warning: warning, reason: warning ? "ProvisioningFailed" : "FailedBinding",
                message: message, component: component)
            if claim.lastProblem != message || !claim.inStore {
                claim.lastProblem = message
                state.claims[key] = claim
                state.markWrite(.persistentVolumeClaim, key)
            }
            return
        }
        volume.claim = key
        volume.phase = "Bound"
        state.volumes[volume.name] = volume
        state.markWrite(.persistentVolume, "/\(volume.name)")
        claim.phase = "Bound"
        claim.volumeName = volume.name
        claim.capacity = volume.capacity
        claim.lastProblem = nil
        state.claims[key] = claim
        state.markWrite(.persistentVolumeClaim, key)
        state.wakeUnscheduled()
    }

    /// Marks every unbound claim for another attempt (a class or a volume appeared).
    static func wakeAll(in state: inout ClusterState) {
        for claim in state.claims.values where claim.phase != "Bound" { state.markDirty(.persistentVolumeClaim, claim.key) }
    }
}
