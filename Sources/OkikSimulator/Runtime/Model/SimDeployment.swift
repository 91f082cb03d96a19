import Foundation
import OkikKubeClient

/// The runtime's view of one Deployment: its spec and the status the controller computes.
struct SimDeployment: Sendable {
    var namespace: String
    var name: String
    var uid: String?
    var inStore = false
    var labels: [String: String]
    var replicas: Int
    var template: JSONValue
    var templateHash: String
    /// The decoded ``replicaSetTemplate``, for the ReplicaSets this Deployment creates.
    var prototype: PodPrototype?
    var recreate: Bool
    var maxSurge: IntOrString
    var maxUnavailable: IntOrString
    var minReadySeconds: Int
    var progressDeadlineSeconds: Int
    var paused: Bool
    var revisionHistoryLimit: Int
    var generation: Int
    var createdAt: Date
    // Status.
    var statusReplicas = 0
    var updatedReplicas = 0
    var readyReplicas = 0
    var availableReplicas = 0
    var unavailableReplicas = 0
    var observedGeneration = 0
    var conditions: [SimCondition] = []
    /// When the rollout last made progress (for ProgressDeadlineExceeded).
    var lastProgress: Date
    /// Set when the spec changed and replicas must be written back (HPA scaling).
    var specReplicasChanged = false
    /// The revision of the current ReplicaSet (the `deployment.kubernetes.io/revision` annotation).
    var revision = 0
    /// A rollout a scenario scripted (`sim.okik.io/rollout`), still to happen.
    var scriptedRollout: ScenarioRollout?

    var key: String { ObjectRef.key(namespace, name) }
}

extension SimDeployment {
    /// The pod template of this Deployment's current ReplicaSet: its own, labelled with the pod-template-hash.
    var replicaSetTemplate: JSONValue {
        var template = self.template
        var labels = template.value(at: ["metadata", "labels"])?.objectValue ?? [:]
        labels["pod-template-hash"] = .string(templateHash)
        template.set(.object(labels), at: ["metadata", "labels"])
        return template
    }
}
