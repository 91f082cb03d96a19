import Foundation
import OkikKubeClient

/// The runtime's view of one DaemonSet.
struct SimDaemonSet: Sendable {
    var namespace: String
    var name: String
    var uid: String?
    var labels: [String: String]
    var template: JSONValue
    var templateHash: String
    var nodeSelector: [String: String]
    var tolerations: [Toleration]
    var minReadySeconds: Int
    var generation: Int
    var desired = 0
    var current = 0
    var ready = 0
    var available = 0
    var unavailable = 0
    var misscheduled = 0
    var updated = 0
    var observedGeneration = 0

    var key: String { ObjectRef.key(namespace, name) }
}
