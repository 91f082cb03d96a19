import Foundation
import OkikKubeClient

/// The runtime's view of one Job.
struct SimJob: Sendable {
    var namespace: String
    var name: String
    var uid: String?
    var inStore = false
    var manifest: JSONValue?
    var labels: [String: String]
    var template: JSONValue
    var completions: Int
    var parallelism: Int
    var backoffLimit: Int
    var suspended: Bool
    var cronJob: String?
    var generation: Int
    var createdAt: Date
    var active = 0
    var ready = 0
    var succeeded = 0
    var failed = 0
    var startTime: Date?
    var completionTime: Date?
    var conditions: [SimCondition] = []
    /// Pods already counted as succeeded or failed.
    var counted: Set<String> = []
    /// When the next pod may be created after a failure.
    var notBefore: Date?

    var key: String { ObjectRef.key(namespace, name) }
    var isFinished: Bool { conditions.contains { ($0.type == "Complete" || $0.type == "Failed") && $0.status == "True" } }
    var isFailed: Bool { conditions.contains { $0.type == "Failed" && $0.status == "True" } }
}
