import Foundation

extension ClusterState {
    /// Records that an object the runtime made now exists in the store, with its uid.
    mutating func markCreated(_ reference: ObjectRef, uid: String) {
        let key = reference.key
        switch reference.kind {
        case .pod:
            pods[key]?.uid = uid
            pods[key]?.inStore = true
            pods[key]?.source = nil
        case .replicaSet:
            replicaSets[key]?.uid = uid
            replicaSets[key]?.inStore = true
        case .job:
            jobs[key]?.uid = uid
            jobs[key]?.inStore = true
            jobs[key]?.manifest = nil
        case .persistentVolumeClaim:
            claims[key]?.uid = uid
            claims[key]?.inStore = true
            claims[key]?.manifest = nil
        case .persistentVolume:
            volumes[reference.name]?.uid = uid
            volumes[reference.name]?.inStore = true
            volumes[reference.name]?.manifest = nil
        case .event:
            events.markStored(key)
        default:
            break
        }
    }

    /// Forgets an object the store refused to create (its namespace is gone, or the name is taken).
    mutating func dropUncreated(_ reference: ObjectRef) {
        switch reference.kind {
        case .pod: removePod(reference.key, deleteFromStore: false)
        case .replicaSet: replicaSets[reference.key] = nil
        case .job: jobs[reference.key] = nil
        case .persistentVolumeClaim: claims[reference.key] = nil
        case .persistentVolume: volumes[reference.name] = nil
        case .event: events.forget(reference.key)
        default: break
        }
    }
}
