import Foundation
import OkikKubeClient

/// Defaults the real API server fills in on create, for the fields OKIK and kubectl read.
enum Defaults {
    static func apply(to json: inout JSONValue, definition: ResourceDefinition) {
        switch (definition.group, definition.kind) {
        case ("apps", "Deployment"):
            if json.value(at: ["spec", "replicas"]) == nil { json["spec"]?["replicas"] = 1 }
            if json.value(at: ["spec", "progressDeadlineSeconds"]) == nil { json["spec"]?["progressDeadlineSeconds"] = 600 }
            if json.value(at: ["spec", "revisionHistoryLimit"]) == nil { json["spec"]?["revisionHistoryLimit"] = 10 }
            if json.value(at: ["spec", "strategy"]) == nil {
                json["spec"]?["strategy"] = [
                    "type": "RollingUpdate", "rollingUpdate": ["maxSurge": "25%", "maxUnavailable": "25%"],
                ]
            }
            defaultPodTemplate(&json)
        case ("apps", "ReplicaSet"), ("apps", "StatefulSet"):
            if json.value(at: ["spec", "replicas"]) == nil { json["spec"]?["replicas"] = 1 }
            defaultPodTemplate(&json)
        case ("apps", "DaemonSet"), ("batch", "Job"):
            defaultPodTemplate(&json)
            if definition.kind == "Job" {
                if json.value(at: ["spec", "backoffLimit"]) == nil { json["spec"]?["backoffLimit"] = 6 }
                if json.value(at: ["spec", "completions"]) == nil { json["spec"]?["completions"] = 1 }
                if json.value(at: ["spec", "parallelism"]) == nil { json["spec"]?["parallelism"] = 1 }
            }
        case ("batch", "CronJob"):
            if json.value(at: ["spec", "suspend"]) == nil { json["spec"]?["suspend"] = false }
            if json.value(at: ["spec", "concurrencyPolicy"]) == nil { json["spec"]?["concurrencyPolicy"] = "Allow" }
        case ("", "Pod"):
            if json.value(at: ["spec", "restartPolicy"]) == nil { json["spec"]?["restartPolicy"] = "Always" }
            if json.value(at: ["spec", "schedulerName"]) == nil { json["spec"]?["schedulerName"] = "default-scheduler" }
            if json.value(at: ["spec", "serviceAccountName"]) == nil { json["spec"]?["serviceAccountName"] = "default" }
            if json["status"] == nil || json["status"] == .null {
                json["status"] = ["phase": "Pending", "qosClass": .string(qosClass(json["spec"]))]
            }
        case ("", "Namespace"):
            json["status"] = ["phase": "Active"]
        case ("", "PersistentVolumeClaim"):
            if json.value(at: ["status", "phase"]) == nil { json["status"] = ["phase": "Pending"] }
        case ("", "Service"):
            if json.value(at: ["spec", "type"]) == nil { json["spec"]?["type"] = "ClusterIP" }
        default:
            break
        }
    }

    /// What the API server does to every write of a Secret: `stringData` is write-only, merged into `data` (base64,
    /// over the same keys) and never stored.
    static func normalize(_ json: inout JSONValue, definition: ResourceDefinition) {
        guard definition.group.isEmpty, definition.kind == "Secret", let strings = json["stringData"]?.objectValue else { return }
        var data = json["data"]?.objectValue ?? [:]
        for (key, value) in strings {
            if let text = value.stringValue { data[key] = .string(Data(text.utf8).base64EncodedString()) }
        }
        json["data"] = .object(data)
        json["stringData"] = .none
    }

    private static func defaultPodTemplate(_ json: inout JSONValue) {
        if json.value(at: ["spec", "template", "spec", "restartPolicy"]) == nil {
            let isJob = json["kind"]?.stringValue == "Job"
            json["spec"]?["template"]?["spec"]?["restartPolicy"] = isJob ? "Never" : "Always"
        }
    }

    /// The pod's QoS class from its containers' requests and limits.
    static func qosClass(_ spec: JSONValue?) -> String {
        let containers = spec?["containers"]?.arrayValue ?? []
        var anySet = false
        var guaranteed = !containers.isEmpty
        for container in containers {
            let requests = container.value(at: ["resources", "requests"])?.objectValue ?? [:]
            let limits = container.value(at: ["resources", "limits"])?.objectValue ?? [:]
            if !requests.isEmpty || !limits.isEmpty { anySet = true }
            for resource in ["cpu", "memory"] {
                guard let limit = limits[resource] else {
                    guaranteed = false
                    continue
                }
                if let request = requests[resource], request != limit { guaranteed = false }
            }
        }
        if guaranteed { return "Guaranteed" }
        return anySet ? "Burstable" : "BestEffort"
    }
}
