import Foundation
import OkikKubeClient

/// The runtime's view of one PersistentVolume.
struct SimVolume: Sendable {
    var name: String
    var uid: String?
    var inStore = false
    var manifest: JSONValue?
    var capacity: Int64
    var accessModes: [String]
    var storageClassName: String?
    /// "namespace/name" of the bound claim.
    var claim: String?
    var phase = "Available"
}
