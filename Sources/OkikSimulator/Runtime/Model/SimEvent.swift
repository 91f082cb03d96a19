import Foundation

/// One aggregated event: repeated occurrences of the same reason and message on the same object raise `count`.
struct SimEvent: Sendable {
    var namespace: String
    var name: String
    var involved: ObjectRef
    var fieldPath: String?
    var type: String
    var reason: String
    var message: String
    var component: String
    var host: String?
    var count: Int
    var first: Date
    var last: Date
    var inStore = false

    var key: String { ObjectRef.key(namespace, name) }
}
