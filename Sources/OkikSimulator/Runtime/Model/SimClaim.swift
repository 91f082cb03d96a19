import Foundation
import OkikKubeClient

/// The runtime's view of one PersistentVolumeClaim.
struct SimClaim: Sendable {
    var namespace: String
    var name: String
    var uid: String?
    var inStore = false
    var manifest: JSONValue?
    var storageClassName: String?
    var volumeName: String?
    var request: Int64
    var accessModes: [String]
    var phase = "Pending"
    var capacity: Int64 = 0
    var lastProblem: String?

    var key: String { ObjectRef.key(namespace, name) }
}
