import Foundation
import OkikKubeClient

/// Builds the `meta.k8s.io/v1` Table that `kubectl get` asks for, with the columns the real API server prints.
enum TablePrinter {
    struct Column {
        var name: String
        var type: String = "string"
        var format: String = ""
        var priority: Int = 0
        var cell: (JSONValue, Date) -> JSONValue

        init(
            name: String, type: String = "string", format: String = "", priority: Int = 0,
            _ cell: @escaping (JSONValue, Date) -> JSONValue
        ) {
            self.name = name
            self.type = type
            self.format = format
            self.priority = priority
            self.cell = cell
        }
    }

    static func table(
        items: [StoredObject], definition: ResourceDefinition, resourceVersion: Int, continueToken: String?, now: Date,
        includeObject: Bool = false
    ) throws -> JSONValue {
        let columns = self.columns(for: definition)
        var rows: [JSONValue] = []
        for item in items {
            let json = try item.json()
            var object: JSONValue
            if includeObject {
                object = json
            } else {
                object = [
                    "kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                    "metadata": json["metadata"] ?? [:],
                ]
                object["metadata"]?["managedFields"] = nil
            }
            rows.append(["cells": .array(columns.map { $0.cell(json, now) }), "object": object])
        }
        var metadata: [String: JSONValue] = ["resourceVersion": .string(String(resourceVersion))]
        if let continueToken { metadata["continue"] = .string(continueToken) }
        return [
            "kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": .object(metadata),
            "columnDefinitions": .array(columns.map {
                [
                    "name": .string($0.name), "type": .string($0.type), "format": .string($0.format),
                    "description": .string($0.name), "priority": .int($0.priority),
                ]
            }),
            "rows": .array(rows),
        ]
    }

    static func columns(for definition: ResourceDefinition) -> [Column] {
        let name = Column(name: "Name", format: "name") { json, _ in json.value(at: ["metadata", "name"]) ?? "" }
        let ageColumn = Column(name: "Age") { json, now in .string(Self.age(json, now)) }
        switch (definition.group, definition.kind) {
        case ("", "Pod"):
            return [
                name,
                Column(name: "Ready") { json, _ in .string(podReady(json)) },
                Column(name: "Status") { json, _ in .string(podStatus(json)) },
                Column(name: "Restarts") { json, now in .string(podRestarts(json, now)) },
                ageColumn,
                Column(name: "IP", priority: 1) { json, _ in .string(text(json, "status", "podIP", default: "<none>")) },
                Column(name: "Node", priority: 1) { json, _ in .string(text(json, "spec", "nodeName", default: "<none>")) },
                Column(name: "Nominated Node", priority: 1) { json, _ in .string(text(json, "status", "nominatedNodeName", default: "<none>")) },
                Column(name: "Readiness Gates", priority: 1) { _, _ in "<none>" },
            ]
        case ("apps", "Deployment"):
            return [
                name,
                Column(name: "Ready") { json, _ in
                    .string("\(int(json, "status", "readyReplicas"))/\(int(json, "spec", "replicas"))")
                },
                Column(name: "Up-to-date", type: "integer") { json, _ in .int(int(json, "status", "updatedReplicas")) },
                Column(name: "Available", type: "integer") { json, _ in .int(int(json, "status", "availableReplicas")) },
                ageColumn,
                Column(name: "Containers", priority: 1) { json, _ in .string(templateContainers(json, "name")) },
                Column(name: "Images", priority: 1) { json, _ in .string(templateContainers(json, "image")) },
                Column(name: "Selector", priority: 1) { json, _ in .string(selector(json)) },
            ]
        case ("apps", "ReplicaSet"):
            return [
                name,
                Column(name: "Desired", type: "integer") { json, _ in .int(int(json, "spec", "replicas")) },
                Column(name: "Current", type: "integer") { json, _ in .int(int(json, "status", "replicas")) },
                Column(name: "Ready", type: "integer") { json, _ in .int(int(json, "status", "readyReplicas")) },
                ageColumn,
            ]
        case ("", "Node"):
            return [
                name,
                Column(name: "Status") { json, _ in .string(nodeStatus(json)) },
                Column(name: "Roles") { json, _ in .string(nodeRoles(json)) },
                ageColumn,
                Column(name: "Version") { json, _ in .string(text(json, "status", "nodeInfo", "kubeletVersion", default: "")) },
            ]
        case ("", "Namespace"):
            return [name, Column(name: "Status") { json, _ in .string(text(json, "status", "phase", default: "Active")) }, ageColumn]
        default:
            return [name, ageColumn]
        }
    }

    // MARK: - Cells

    static func text(_ json: JSONValue, _ path: String..., default fallback: String) -> String {
        guard let value = json.value(at: path) else { return fallback }
        switch value {
        case .string(let text): return text.isEmpty ? fallback : text
        case .int(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        default: return fallback
        }
    }

    static func int(_ json: JSONValue, _ path: String...) -> Int {
        json.value(at: path)?.intValue ?? 0
    }

    static func age(_ json: JSONValue, _ now: Date) -> String {
        guard let text = json.value(at: ["metadata", "creationTimestamp"])?.stringValue,
            let created = Timestamp(rfc3339: text)
        else { return "<unknown>" }
        return humanDuration(now.timeIntervalSince(created.date))
    }

    /// kubectl's `HumanDuration`.
    static func humanDuration(_ interval: TimeInterval) -> String {
        let seconds = Int(interval)
        if seconds < -1 { return "<invalid>" }
        if seconds < 0 { return "0s" }
        if seconds < 120 { return "\(seconds)s" }
        let minutes = seconds / 60
        if minutes < 10 {
            let remainder = seconds % 60
            return remainder == 0 ? "\(minutes)m" : "\(minutes)m\(remainder)s"
        }
        if minutes < 180 { return "\(minutes)m" }
        let hours = minutes / 60
        if hours < 8 {
            let remainder = minutes % 60
            return remainder == 0 ? "\(hours)h" : "\(hours)h\(remainder)m"
        }
        if hours < 48 { return "\(hours)h" }
        if hours < 24 * 8 {
            let remainder = hours % 24
            return remainder == 0 ? "\(hours / 24)d" : "\(hours / 24)d\(remainder)h"
        }
        if hours < 24 * 365 * 2 { return "\(hours / 24)d" }
        let years = hours / 24 / 365
        if years < 8 {
            let days = (hours / 24) % 365
            return days == 0 ? "\(years)y" : "\(years)y\(days)d"
        }
        return "\(years)y"
    }

    static func podReady(_ json: JSONValue) -> String {
        let total = json.value(at: ["spec", "containers"])?.arrayValue?.count ?? 0
        let ready = (json.value(at: ["status", "containerStatuses"])?.arrayValue ?? []).filter { $0["ready"]?.boolValue == true }.count
        return "\(ready)/\(total)"
    }

    /// kubectl's pod STATUS column: the phase, or the reason a container is waiting or terminated.
    static func podStatus(_ json: JSONValue) -> String {
        var reason = text(json, "status", "phase", default: "Unknown")
        if let statusReason = json.value(at: ["status", "reason"])?.stringValue, !statusReason.isEmpty { reason = statusReason }
        var initializing = false
        let initStatuses = json.value(at: ["status", "initContainerStatuses"])?.arrayValue ?? []
        let initCount = json.value(at: ["spec", "initContainers"])?.arrayValue?.count ?? 0
        for (index, container) in initStatuses.enumerated() {
            if let terminated = container.value(at: ["state", "terminated"]), terminated.objectValue != nil {
                if terminated["exitCode"]?.intValue == 0 { continue }
                reason = "Init:" + (terminated["reason"]?.stringValue ?? "ExitCode:\(terminated["exitCode"]?.intValue ?? 0)")
                initializing = true
            } else if let waiting = container.value(at: ["state", "waiting", "reason"])?.stringValue, !waiting.isEmpty,
                waiting != "PodInitializing"
            {
                reason = "Init:" + waiting
                initializing = true
            } else {
                reason = "Init:\(index)/\(initCount)"
                initializing = true
            }
            break
        }
        if !initializing {
            var hasRunning = false
            for container in (json.value(at: ["status", "containerStatuses"])?.arrayValue ?? []).reversed() {
                if let waiting = container.value(at: ["state", "waiting", "reason"])?.stringValue, !waiting.isEmpty {
                    reason = waiting
                } else if let terminated = container.value(at: ["state", "terminated"]), terminated.objectValue != nil {
                    if let terminatedReason = terminated["reason"]?.stringValue, !terminatedReason.isEmpty {
                        reason = terminatedReason
                    } else if let signal = terminated["signal"]?.intValue, signal != 0 {
                        reason = "Signal:\(signal)"
                    } else {
                        reason = "ExitCode:\(terminated["exitCode"]?.intValue ?? 0)"
                    }
                } else if container["ready"]?.boolValue == true, container.value(at: ["state", "running"]) != nil {
                    hasRunning = true
                }
            }
            if reason == "Completed" && hasRunning { reason = "Running" }
        }
        if json.value(at: ["metadata", "deletionTimestamp"])?.stringValue != nil { reason = "Terminating" }
        return reason
    }

    static func podRestarts(_ json: JSONValue, _ now: Date) -> String {
        var restarts = 0
        var last: Timestamp?
        for container in json.value(at: ["status", "containerStatuses"])?.arrayValue ?? [] {
            restarts += container["restartCount"]?.intValue ?? 0
            if let finished = container.value(at: ["lastState", "terminated", "finishedAt"])?.stringValue,
                let time = Timestamp(rfc3339: finished), last.map({ time > $0 }) ?? true
            {
                last = time
            }
        }
        guard restarts > 0, let last else { return String(restarts) }
        return "\(restarts) (\(humanDuration(now.timeIntervalSince(last.date))) ago)"
    }

    static func templateContainers(_ json: JSONValue, _ field: String) -> String {
        (json.value(at: ["spec", "template", "spec", "containers"])?.arrayValue ?? [])
            .compactMap { $0[field]?.stringValue }.joined(separator: ",")
    }

    static func selector(_ json: JSONValue) -> String {
        let labels = json.value(at: ["spec", "selector", "matchLabels"])?.objectValue ?? [:]
        return labels.isEmpty ? "<none>" : labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.stringValue ?? "")" }.joined(separator: ",")
    }

    static func nodeStatus(_ json: JSONValue) -> String {
        let conditions = json.value(at: ["status", "conditions"])?.arrayValue ?? []
        var status: String
        switch conditions.first(where: { $0["type"]?.stringValue == "Ready" })?["status"]?.stringValue {
        case "True": status = "Ready"
        case "False", "Unknown": status = "NotReady"
        default: status = "Unknown"
        }
        if json.value(at: ["spec", "unschedulable"])?.boolValue == true { status += ",SchedulingDisabled" }
        return status
    }

    static func nodeRoles(_ json: JSONValue) -> String {
        let roles = (json.value(at: ["metadata", "labels"])?.objectValue ?? [:]).keys
            .filter { $0.hasPrefix("node-role.kubernetes.io/") }
            .map { String($0.dropFirst("node-role.kubernetes.io/".count)) }
            .sorted()
        return roles.isEmpty ? "<none>" : roles.joined(separator: ",")
    }
}
