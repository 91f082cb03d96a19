import Foundation
import OkikKubeClient

/// The runtime's view of one ReplicaSet.
struct SimReplicaSet: Sendable {
    var namespace: String
    var name: String
    var uid: String?
    var inStore = false
    var manifest: JSONValue?
    var labels: [String: String]
    /// The owning Deployment's name, if any.
    var deployment: String?
    var replicas: Int
    /// The pod template (metadata and spec) as JSON.
    var template: JSONValue
    var templateHash: String
    /// The decoded template, when the Deployment that created this ReplicaSet had it.
    var prototype: PodPrototype?
    var minReadySeconds: Int
    var revision: Int
    /// Earlier revisions of this ReplicaSet (reused by a rollback): `deployment.kubernetes.io/revision-history`.
    var revisionHistory: [Int] = []
    var generation: Int
    var createdAt: Date
    var sequence: Int
    // Status as last computed.
    var statusReplicas = 0
    var readyReplicas = 0
    var availableReplicas = 0
    var fullyLabeledReplicas = 0
    var observedGeneration = 0

    var key: String { ObjectRef.key(namespace, name) }
}
