import Foundation
import OkikKubeClient

/// The runtime's view of one StatefulSet.
struct SimStatefulSet: Sendable {
    var namespace: String
    var name: String
    var uid: String?
    var labels: [String: String]
    var replicas: Int
    var template: JSONValue
    /// `<name>-<hash>` of the current template (controller-revision-hash).
    var revision: String
    var claimTemplates: [JSONValue]
    var parallel: Bool
    var minReadySeconds: Int
    var generation: Int
    var statusReplicas = 0
    var readyReplicas = 0
    var availableReplicas = 0
    var currentReplicas = 0
    var updatedReplicas = 0
    var currentRevision: String?
    var observedGeneration = 0

    var key: String { ObjectRef.key(namespace, name) }
}
