import Foundation
import OkikKubeClient

/// The runtime's view of one CronJob.
struct SimCronJob: Sendable {
    var namespace: String
    var name: String
    var uid: String?
    var schedule: CronSchedule?
    var suspend: Bool
    var concurrencyPolicy: String
    var jobTemplate: JSONValue
    var successfulJobsHistoryLimit: Int
    var failedJobsHistoryLimit: Int
    var createdAt: Date
    var lastScheduleTime: Date?
    var lastSuccessfulTime: Date?
    var active: [String] = []

    var key: String { ObjectRef.key(namespace, name) }
}
