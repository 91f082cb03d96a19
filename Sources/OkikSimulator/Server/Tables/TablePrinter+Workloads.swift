import Foundation
import OkikKubeClient

/// Columns of the workload kinds: Deployment, ReplicaSet, StatefulSet, DaemonSet, Job and CronJob.
extension TablePrinter {
    static func workloadColumns(_ group: String, _ kind: String) -> [Column]? {
        switch (group, kind) {
        case ("apps", "Deployment"):
            return [
                nameColumn,
                Column("Ready", description: "Number of the pod with ready state") { json, _ in
                    .string("\(int(json, "status", "readyReplicas"))/\(int(json, "spec", "replicas"))")
                },
                Column("Up-to-date", type: "integer") { json, _ in .int(int(json, "status", "updatedReplicas")) },
                Column("Available", type: "integer") { json, _ in .int(int(json, "status", "availableReplicas")) },
                ageColumn,
            ] + templateColumns(["spec", "template", "spec"], selector: ["spec", "selector"])
        case ("apps", "ReplicaSet"):
            return [
                nameColumn,
                Column("Desired", type: "integer") { json, _ in .int(int(json, "spec", "replicas")) },
                Column("Current", type: "integer") { json, _ in .int(int(json, "status", "replicas")) },
                Column("Ready", type: "integer") { json, _ in .int(int(json, "status", "readyReplicas")) },
                ageColumn,
            ] + templateColumns(["spec", "template", "spec"], selector: ["spec", "selector"])
        case ("apps", "StatefulSet"):
            return [
                nameColumn,
                Column("Ready", description: "Number of the pod with ready state") { json, _ in
                    .string("\(int(json, "status", "readyReplicas"))/\(int(json, "spec", "replicas"))")
                },
                ageColumn,
            ] + templateColumns(["spec", "template", "spec"], selector: nil)
        case ("apps", "DaemonSet"):
            return [
                nameColumn,
                Column("Desired", type: "integer") { json, _ in .int(int(json, "status", "desiredNumberScheduled")) },
                Column("Current", type: "integer") { json, _ in .int(int(json, "status", "currentNumberScheduled")) },
                Column("Ready", type: "integer") { json, _ in .int(int(json, "status", "numberReady")) },
                Column("Up-to-date", type: "integer") { json, _ in .int(int(json, "status", "updatedNumberScheduled")) },
                Column("Available", type: "integer") { json, _ in .int(int(json, "status", "numberAvailable")) },
                Column("Node Selector") { json, _ in
                    .string(labelMap(json.value(at: ["spec", "template", "spec", "nodeSelector"])))
                },
                ageColumn,
            ] + templateColumns(["spec", "template", "spec"], selector: ["spec", "selector"])
        case ("batch", "Job"):
            return [
                nameColumn,
                Column("Status", description: "Status of the job.") { json, _ in .string(jobStatus(json)) },
                Column("Completions") { json, _ in .string(jobCompletions(json)) },
                Column("Duration", description: "Time required to complete the job.") { json, now in
                    .string(jobDuration(json, now))
                },
                ageColumn,
            ] + templateColumns(["spec", "template", "spec"], selector: ["spec", "selector"])
        case ("batch", "CronJob"):
            return [
                nameColumn,
                Column("Schedule") { json, _ in .string(text(json, "spec", "schedule", default: "")) },
                Column("Timezone") { json, _ in .string(text(json, "spec", "timeZone", default: "<none>")) },
                Column("Suspend", type: "boolean") { json, _ in
                    json.value(at: ["spec", "suspend"])?.boolValue.map { .string($0 ? "True" : "False") } ?? "<unset>"
                },
                Column("Active", type: "integer") { json, _ in .int(count(json, "status", "active")) },
                Column("Last Schedule") { json, now in
                    guard let last = json.value(at: ["status", "lastScheduleTime"])?.stringValue else { return "<none>" }
                    return .string(since(last, now))
                },
                ageColumn,
            ] + templateColumns(["spec", "jobTemplate", "spec", "template", "spec"], selector: ["spec", "jobTemplate", "spec", "selector"])
        default:
            return nil
        }
    }

    /// The wide columns of a kind with a pod template: Containers, Images and (when given) Selector.
    private static func templateColumns(_ podSpec: [String], selector: [String]?) -> [Column] {
        var columns = [
            Column("Containers", priority: 1, description: "Names of each container in the template.") { json, _ in
                .string(containers(json.value(at: podSpec), "name"))
            },
            Column("Images", priority: 1, description: "Images referenced by each container in the template.") { json, _ in
                .string(containers(json.value(at: podSpec), "image"))
            },
        ]
        if let selector {
            columns.append(Column("Selector", priority: 1) { json, _ in .string(labelSelector(json.value(at: selector))) })
        }
        return columns
    }

    private static func jobCondition(_ json: JSONValue, _ type: String) -> Bool {
        (json.value(at: ["status", "conditions"])?.arrayValue ?? [])
            .first { $0["type"]?.stringValue == type }?["status"]?.stringValue == "True"
    }

    static func jobStatus(_ json: JSONValue) -> String {
        if jobCondition(json, "Complete") { return "Complete" }
        if jobCondition(json, "Failed") { return "Failed" }
        if json.value(at: ["metadata", "deletionTimestamp"])?.stringValue != nil { return "Terminating" }
        if jobCondition(json, "Suspended") { return "Suspended" }
        if jobCondition(json, "FailureTarget") { return "FailureTarget" }
        return "Running"
    }

    private static func jobCompletions(_ json: JSONValue) -> String {
        let succeeded = int(json, "status", "succeeded")
        if let completions = json.value(at: ["spec", "completions"])?.intValue { return "\(succeeded)/\(completions)" }
        let parallelism = int(json, "spec", "parallelism")
        return parallelism > 1 ? "\(succeeded)/1 of \(parallelism)" : "\(succeeded)/1"
    }

    private static func jobDuration(_ json: JSONValue, _ now: Date) -> String {
        guard let startText = json.value(at: ["status", "startTime"])?.stringValue,
            let start = Timestamp(rfc3339: startText)
        else { return "" }
        guard let endText = json.value(at: ["status", "completionTime"])?.stringValue, let end = Timestamp(rfc3339: endText)
        else { return humanDuration(now.timeIntervalSince(start.date)) }
        return humanDuration(end.timeIntervalSince(start))
    }
}
