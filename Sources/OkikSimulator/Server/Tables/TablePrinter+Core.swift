import Foundation
import OkikKubeClient

/// Columns of the core (`v1`) kinds: Pod, Node, Namespace, Service, Event, PVC, PV, ConfigMap, Secret,
/// ServiceAccount and ResourceQuota.
extension TablePrinter {
    static func coreColumns(_ group: String, _ kind: String) -> [Column]? {
        guard group.isEmpty else { return nil }
        switch kind {
        case "Pod": return podColumns
        case "Node": return nodeColumns
        case "Namespace":
            return [nameColumn, Column("Status") { json, _ in .string(text(json, "status", "phase", default: "")) }, ageColumn]
        case "Service": return serviceColumns
        case "Endpoints": return [nameColumn, Column("Endpoints") { json, _ in .string(endpointsText(json)) }, ageColumn]
        case "Event": return eventColumns
        case "PersistentVolumeClaim": return persistentVolumeClaimColumns
        case "PersistentVolume": return persistentVolumeColumns
        case "ConfigMap":
            return [
                nameColumn,
                Column("Data") { json, _ in .int(count(json, "data") + count(json, "binaryData")) },
                ageColumn,
            ]
        case "Secret":
            return [
                nameColumn,
                Column("Type") { json, _ in .string(text(json, "type", default: "")) },
                Column("Data") { json, _ in .int(count(json, "data")) },
                ageColumn,
            ]
        case "ServiceAccount":
            return [nameColumn, Column("Secrets") { json, _ in .int(count(json, "secrets")) }, ageColumn]
        case "ResourceQuota":
            return [
                nameColumn, ageColumn,
                Column("Request") { json, _ in .string(quotaUsage(json, limits: false)) },
                Column("Limit") { json, _ in .string(quotaUsage(json, limits: true)) },
            ]
        default: return nil
        }
    }

    // MARK: - Pod

    static let podColumns: [Column] = [
        nameColumn,
        Column("Ready") { json, _ in .string(podSummary(json).ready) },
        Column("Status") { json, _ in .string(podSummary(json).reason) },
        Column("Restarts") { json, now in .string(podRestarts(json, now)) },
        ageColumn,
        Column("IP", priority: 1) { json, _ in
            let ip = json.value(at: ["status", "podIPs"])?.arrayValue?.first?["ip"]?.stringValue
                ?? json.value(at: ["status", "podIP"])?.stringValue
            return .string(ip.flatMap { $0.isEmpty ? nil : $0 } ?? "<none>")
        },
        Column("Node", priority: 1) { json, _ in .string(text(json, "spec", "nodeName", default: "<none>")) },
        Column("Nominated Node", priority: 1) { json, _ in
            .string(text(json, "status", "nominatedNodeName", default: "<none>"))
        },
        Column("Readiness Gates", priority: 1) { json, _ in .string(readinessGates(json)) },
    ]

    /// kubectl's pod READY and STATUS cells (`printPod`).
    static func podSummary(_ json: JSONValue) -> (ready: String, reason: String) {
        let initSpecs = json.value(at: ["spec", "initContainers"])?.arrayValue ?? []
        let sidecars = Set(initSpecs.filter { $0["restartPolicy"]?.stringValue == "Always" }.compactMap { $0["name"]?.stringValue })
        let total = (json.value(at: ["spec", "containers"])?.arrayValue?.count ?? 0) + sidecars.count
        var ready = 0
        let phase = text(json, "status", "phase", default: "")
        var reason = text(json, "status", "reason", default: phase)
        let conditions = json.value(at: ["status", "conditions"])?.arrayValue ?? []
        if conditions.contains(where: { $0["type"]?.stringValue == "PodScheduled" && $0["reason"]?.stringValue == "SchedulingGated" }) {
            reason = "SchedulingGated"
        }
        var initializing = false
        let initStatuses = json.value(at: ["status", "initContainerStatuses"])?.arrayValue ?? []
        for (index, container) in initStatuses.enumerated() {
            let terminated = container.value(at: ["state", "terminated"])
            if let terminated, terminated.objectValue != nil, terminated["exitCode"]?.intValue ?? 0 == 0 { continue }
            if sidecars.contains(container["name"]?.stringValue ?? ""), container["started"]?.boolValue == true {
                if container["ready"]?.boolValue == true { ready += 1 }
                continue
            }
            if let terminated, terminated.objectValue != nil {
                if let terminatedReason = terminated["reason"]?.stringValue, !terminatedReason.isEmpty {
                    reason = "Init:" + terminatedReason
                } else if let signal = terminated["signal"]?.intValue, signal != 0 {
                    reason = "Init:Signal:\(signal)"
                } else {
                    reason = "Init:ExitCode:\(terminated["exitCode"]?.intValue ?? 0)"
                }
            } else if let waiting = container.value(at: ["state", "waiting", "reason"])?.stringValue, !waiting.isEmpty,
                waiting != "PodInitializing"
            {
                reason = "Init:" + waiting
            } else {
                reason = "Init:\(index)/\(initSpecs.count)"
            }
            initializing = true
            break
        }
        let initialized = conditions.contains { $0["type"]?.stringValue == "Initialized" && $0["status"]?.stringValue == "True" }
        if !initializing || initialized {
            var hasRunning = false
            for container in (json.value(at: ["status", "containerStatuses"])?.arrayValue ?? []).reversed() {
                let terminated = container.value(at: ["state", "terminated"])
                if let waiting = container.value(at: ["state", "waiting", "reason"])?.stringValue, !waiting.isEmpty {
                    reason = waiting
                } else if let terminated, terminated.objectValue != nil {
                    if let terminatedReason = terminated["reason"]?.stringValue, !terminatedReason.isEmpty {
                        reason = terminatedReason
                    } else if let signal = terminated["signal"]?.intValue, signal != 0 {
                        reason = "Signal:\(signal)"
                    } else {
                        reason = "ExitCode:\(terminated["exitCode"]?.intValue ?? 0)"
                    }
                } else if container["ready"]?.boolValue == true, container.value(at: ["state", "running"])?.objectValue != nil {
                    hasRunning = true
                    ready += 1
                }
            }
            if reason == "Completed" && hasRunning {
                let podReady = conditions.contains { $0["type"]?.stringValue == "Ready" && $0["status"]?.stringValue == "True" }
                reason = podReady ? "Running" : "NotReady"
            }
        }
        if json.value(at: ["metadata", "deletionTimestamp"])?.stringValue != nil {
            if json.value(at: ["status", "reason"])?.stringValue == "NodeLost" {
                reason = "Unknown"
            } else if phase != "Succeeded" && phase != "Failed" {
                reason = "Terminating"
            }
        }
        return ("\(ready)/\(total)", reason)
    }

    /// `12 (3m ago)`: restarts summed over containers, with the age of the latest termination.
    static func podRestarts(_ json: JSONValue, _ now: Date) -> String {
        var restarts = 0
        var last: Timestamp?
        let statuses = (json.value(at: ["status", "containerStatuses"])?.arrayValue ?? [])
            + (json.value(at: ["status", "initContainerStatuses"])?.arrayValue ?? []).filter { status in
                (json.value(at: ["spec", "initContainers"])?.arrayValue ?? []).contains {
                    $0["name"] == status["name"] && $0["restartPolicy"]?.stringValue == "Always"
                }
            }
        for container in statuses {
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

    private static func readinessGates(_ json: JSONValue) -> String {
        let gates = json.value(at: ["spec", "readinessGates"])?.arrayValue ?? []
        guard !gates.isEmpty else { return "<none>" }
        let conditions = json.value(at: ["status", "conditions"])?.arrayValue ?? []
        let satisfied = gates.filter { gate in
            conditions.first { $0["type"] == gate["conditionType"] }?["status"]?.stringValue == "True"
        }.count
        return "\(satisfied)/\(gates.count)"
    }

    // MARK: - Node

    static let nodeColumns: [Column] = [
        nameColumn,
        Column("Status", description: "The status of the node") { json, _ in .string(nodeStatus(json)) },
        Column("Roles", description: "The roles of the node") { json, _ in .string(nodeRoles(json)) },
        ageColumn,
        Column("Version") { json, _ in .string(text(json, "status", "nodeInfo", "kubeletVersion", default: "")) },
        Column("Internal-IP", priority: 1) { json, _ in .string(nodeAddress(json, "InternalIP")) },
        Column("External-IP", priority: 1) { json, _ in .string(nodeAddress(json, "ExternalIP")) },
        Column("OS-Image", priority: 1) { json, _ in .string(text(json, "status", "nodeInfo", "osImage", default: "<unknown>")) },
        Column("Kernel-Version", priority: 1) { json, _ in
            .string(text(json, "status", "nodeInfo", "kernelVersion", default: "<unknown>"))
        },
        Column("Container-Runtime", priority: 1) { json, _ in
            .string(text(json, "status", "nodeInfo", "containerRuntimeVersion", default: "<unknown>"))
        },
    ]

    static func nodeStatus(_ json: JSONValue) -> String {
        let conditions = json.value(at: ["status", "conditions"])?.arrayValue ?? []
        var status: [String]
        switch conditions.last(where: { $0["type"]?.stringValue == "Ready" })?["status"]?.stringValue {
        case "True": status = ["Ready"]
        case .some: status = ["NotReady"]
        case nil: status = ["Unknown"]
        }
        if json.value(at: ["spec", "unschedulable"])?.boolValue == true { status.append("SchedulingDisabled") }
        return status.joined(separator: ",")
    }

    static func nodeRoles(_ json: JSONValue) -> String {
        var roles = Set<String>()
        for (key, value) in json.value(at: ["metadata", "labels"])?.objectValue ?? [:] {
            if key.hasPrefix("node-role.kubernetes.io/") {
                let role = String(key.dropFirst("node-role.kubernetes.io/".count))
                if !role.isEmpty { roles.insert(role) }
            } else if key == "kubernetes.io/role", let role = value.stringValue, !role.isEmpty {
                roles.insert(role)
            }
        }
        return roles.isEmpty ? "<none>" : roles.sorted().joined(separator: ",")
    }

    private static func nodeAddress(_ json: JSONValue, _ type: String) -> String {
        (json.value(at: ["status", "addresses"])?.arrayValue ?? [])
            .first { $0["type"]?.stringValue == type }?["address"]?.stringValue ?? "<none>"
    }

    // MARK: - Service

    static let serviceColumns: [Column] = [
        nameColumn,
        Column("Type") { json, _ in .string(text(json, "spec", "type", default: "")) },
        Column("Cluster-IP") { json, _ in
            let ip = json.value(at: ["spec", "clusterIPs"])?.arrayValue?.first?.stringValue
                ?? json.value(at: ["spec", "clusterIP"])?.stringValue
            return .string(ip.flatMap { $0.isEmpty ? nil : $0 } ?? "<none>")
        },
        Column("External-IP") { json, _ in .string(serviceExternalIP(json)) },
        Column("Port(s)") { json, _ in .string(servicePorts(json)) },
        ageColumn,
        Column("Selector", priority: 1) { json, _ in .string(labelMap(json.value(at: ["spec", "selector"]))) },
    ]

    private static func serviceExternalIP(_ json: JSONValue) -> String {
        let external = (json.value(at: ["spec", "externalIPs"])?.arrayValue ?? []).compactMap(\.stringValue)
        switch json.value(at: ["spec", "type"])?.stringValue {
        case "ClusterIP", "NodePort":
            return external.isEmpty ? "<none>" : external.joined(separator: ",")
        case "LoadBalancer":
            var seen = Set<String>()
            var balancers: [String] = []
            for ingress in json.value(at: ["status", "loadBalancer", "ingress"])?.arrayValue ?? [] {
                let address = ingress["ip"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? ingress["hostname"]?.stringValue ?? ""
                if !address.isEmpty, seen.insert(address).inserted { balancers.append(address) }
            }
            let all = balancers + external
            return all.isEmpty ? "<pending>" : all.joined(separator: ",")
        case "ExternalName":
            return text(json, "spec", "externalName", default: "")
        default:
            return "<unknown>"
        }
    }

    private static func servicePorts(_ json: JSONValue) -> String {
        let ports = (json.value(at: ["spec", "ports"])?.arrayValue ?? []).map { port -> String in
            let number = port["port"]?.intValue ?? 0
            let proto = port["protocol"]?.stringValue ?? "TCP"
            if let nodePort = port["nodePort"]?.intValue, nodePort > 0 { return "\(number):\(nodePort)/\(proto)" }
            return "\(number)/\(proto)"
        }
        return ports.isEmpty ? "<none>" : ports.joined(separator: ",")
    }

    // MARK: - Event

    static let eventColumns: [Column] = [
        Column("Last Seen") { json, now in .string(eventTimes(json, now).last) },
        Column("Type") { json, _ in .string(text(json, "type", default: "")) },
        Column("Reason") { json, _ in .string(text(json, "reason", default: "")) },
        Column("Object") { json, _ in
            let kind = text(json, "involvedObject", "kind", default: "").lowercased()
            let name = text(json, "involvedObject", "name", default: "")
            return .string(name.isEmpty ? kind : "\(kind)/\(name)")
        },
        Column("Subobject", priority: 1) { json, _ in .string(text(json, "involvedObject", "fieldPath", default: "")) },
        Column("Source", priority: 1) { json, _ in
            let component = [text(json, "source", "component", default: ""), text(json, "reportingComponent", default: "")]
                .first { !$0.isEmpty } ?? ""
            let instance = [text(json, "source", "host", default: ""), text(json, "reportingInstance", default: "")]
                .first { !$0.isEmpty } ?? ""
            return .string(instance.isEmpty ? component : "\(component), \(instance)")
        },
        Column("Message") { json, _ in
            .string(text(json, "message", default: "").trimmingCharacters(in: .whitespacesAndNewlines))
        },
        Column("First Seen", priority: 1) { json, now in .string(eventTimes(json, now).first) },
        Column("Count", priority: 1) { json, _ in
            if let series = json.value(at: ["series", "count"])?.intValue { return .int(series) }
            let count = json["count"]?.intValue ?? 0
            return .int(count == 0 ? 1 : count)
        },
        Column("Name", format: "name", priority: 1) { json, _ in json.value(at: ["metadata", "name"]) ?? "" },
    ]

    private static func eventTimes(_ json: JSONValue, _ now: Date) -> (first: String, last: String) {
        let firstStamp = json["firstTimestamp"]?.stringValue ?? json["eventTime"]?.stringValue
        let first = since(firstStamp, now)
        var last = json["lastTimestamp"]?.stringValue.map { since($0, now) } ?? first
        if let observed = json.value(at: ["series", "lastObservedTime"])?.stringValue { last = since(observed, now) }
        return (first, last)
    }

    // MARK: - Storage

    static let persistentVolumeClaimColumns: [Column] = [
        nameColumn,
        Column("Status") { json, _ in .string(terminatingPhase(json)) },
        Column("Volume") { json, _ in .string(text(json, "spec", "volumeName", default: "")) },
        Column("Capacity") { json, _ in
            guard !text(json, "spec", "volumeName", default: "").isEmpty else { return "" }
            return .string(quantity(json.value(at: ["status", "capacity", "storage"])))
        },
        Column("Access Modes") { json, _ in
            guard !text(json, "spec", "volumeName", default: "").isEmpty else { return "" }
            return .string(accessModes(json.value(at: ["status", "accessModes"])))
        },
        Column("StorageClass") { json, _ in .string(storageClass(json)) },
        Column("VolumeAttributesClass") { json, _ in
            .string(text(json, "spec", "volumeAttributesClassName", default: "<unset>"))
        },
        ageColumn,
        Column("VolumeMode", priority: 1) { json, _ in .string(text(json, "spec", "volumeMode", default: "<unset>")) },
    ]

    static let persistentVolumeColumns: [Column] = [
        nameColumn,
        Column("Capacity") { json, _ in .string(quantity(json.value(at: ["spec", "capacity", "storage"]))) },
        Column("Access Modes") { json, _ in .string(accessModes(json.value(at: ["spec", "accessModes"]))) },
        Column("Reclaim Policy") { json, _ in .string(text(json, "spec", "persistentVolumeReclaimPolicy", default: "")) },
        Column("Status") { json, _ in .string(terminatingPhase(json)) },
        Column("Claim") { json, _ in
            guard let claim = json.value(at: ["spec", "claimRef"]), claim.objectValue != nil else { return "" }
            return .string("\(claim["namespace"]?.stringValue ?? "")/\(claim["name"]?.stringValue ?? "")")
        },
        Column("StorageClass") { json, _ in .string(storageClass(json)) },
        Column("VolumeAttributesClass") { json, _ in
            .string(text(json, "spec", "volumeAttributesClassName", default: "<unset>"))
        },
        Column("Reason") { json, _ in .string(text(json, "status", "reason", default: "")) },
        ageColumn,
        Column("VolumeMode", priority: 1) { json, _ in .string(text(json, "spec", "volumeMode", default: "<unset>")) },
    ]

    private static func terminatingPhase(_ json: JSONValue) -> String {
        json.value(at: ["metadata", "deletionTimestamp"])?.stringValue != nil
            ? "Terminating" : text(json, "status", "phase", default: "")
    }

    /// `GetPersistentVolumeClass` / `GetPersistentVolumeClaimClass`: the beta annotation wins over the field.
    private static func storageClass(_ json: JSONValue) -> String {
        if let annotated = json.value(at: ["metadata", "annotations", "volume.beta.kubernetes.io/storage-class"])?.stringValue {
            return annotated
        }
        return text(json, "spec", "storageClassName", default: "")
    }

    /// `GetAccessModesAsString`: RWO, ROX, RWX, RWOP in that order, comma-joined.
    private static func accessModes(_ value: JSONValue?) -> String {
        let modes = Set((value?.arrayValue ?? []).compactMap(\.stringValue))
        let order = [("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP")]
        return order.filter { modes.contains($0.0) }.map(\.1).joined(separator: ",")
    }

    // MARK: - ResourceQuota

    private static func quotaUsage(_ json: JSONValue, limits: Bool) -> String {
        let hard = json.value(at: ["status", "hard"])?.objectValue ?? [:]
        let used = json.value(at: ["status", "used"])?.objectValue ?? [:]
        return hard.keys.sorted().filter { name in
            let pieces = name.split(separator: ".", maxSplits: 1)
            return (pieces.count > 1 && pieces[0] == "limits") == limits
        }.map { name in
            "\(name): \(quantity(used[name] ?? "0"))/\(quantity(hard[name]))"
        }.joined(separator: ", ")
    }

    /// kubectl's ENDPOINTS column: `ip:port` for every ready address and port, the first three and `+ N more...`.
    static func endpointsText(_ json: JSONValue) -> String {
        var pairs: [String] = []
        for subset in json["subsets"]?.arrayValue ?? [] {
            for address in subset["addresses"]?.arrayValue ?? [] {
                for port in subset["ports"]?.arrayValue ?? [] {
                    pairs.append("\(address["ip"]?.stringValue ?? ""):\(port["port"]?.intValue ?? 0)")
                }
            }
        }
        guard !pairs.isEmpty else { return "<none>" }
        return pairs.count > 3 ? pairs.prefix(3).joined(separator: ",") + " + \(pairs.count - 3) more..." : pairs.joined(separator: ",")
    }

}
