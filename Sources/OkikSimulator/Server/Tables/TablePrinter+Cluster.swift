import Foundation
import OkikKubeClient

/// Columns of the autoscaling, policy, RBAC binding, coordination and storage kinds.
extension TablePrinter {
    static func clusterColumns(_ group: String, _ kind: String) -> [Column]? {
        switch (group, kind) {
        case ("autoscaling", "HorizontalPodAutoscaler"):
            return [
                nameColumn,
                Column("Reference") { json, _ in
                    .string("\(text(json, "spec", "scaleTargetRef", "kind", default: ""))/\(text(json, "spec", "scaleTargetRef", "name", default: ""))")
                },
                Column("Targets") { json, _ in .string(hpaTargets(json)) },
                Column("MinPods") { json, _ in .string(text(json, "spec", "minReplicas", default: "<unset>")) },
                Column("MaxPods") { json, _ in .int(int(json, "spec", "maxReplicas")) },
                Column("Replicas") { json, _ in .int(int(json, "status", "currentReplicas")) },
                ageColumn,
            ]
        case ("policy", "PodDisruptionBudget"):
            return [
                nameColumn,
                Column("Min Available") { json, _ in .string(text(json, "spec", "minAvailable", default: "N/A")) },
                Column("Max Unavailable") { json, _ in .string(text(json, "spec", "maxUnavailable", default: "N/A")) },
                Column("Allowed Disruptions", type: "integer") { json, _ in .int(int(json, "status", "disruptionsAllowed")) },
                ageColumn,
            ]
        case ("rbac.authorization.k8s.io", "RoleBinding"), ("rbac.authorization.k8s.io", "ClusterRoleBinding"):
            return [
                nameColumn,
                Column("Role") { json, _ in
                    .string("\(text(json, "roleRef", "kind", default: ""))/\(text(json, "roleRef", "name", default: ""))")
                },
                ageColumn,
                Column("Users", priority: 1) { json, _ in .string(subjects(json, kind: "User")) },
                Column("Groups", priority: 1) { json, _ in .string(subjects(json, kind: "Group")) },
                Column("ServiceAccounts", priority: 1) { json, _ in .string(subjects(json, kind: "ServiceAccount")) },
            ]
        case ("coordination.k8s.io", "Lease"):
            return [nameColumn, Column("Holder") { json, _ in .string(text(json, "spec", "holderIdentity", default: "")) }, ageColumn]
        case ("storage.k8s.io", "StorageClass"):
            return [
                Column("Name", format: "name") { json, _ in
                    let name = text(json, "metadata", "name", default: "")
                    let annotations = json.value(at: ["metadata", "annotations"])?.objectValue ?? [:]
                    let isDefault = ["storageclass.kubernetes.io/is-default-class", "storageclass.beta.kubernetes.io/is-default-class"]
                        .contains { annotations[$0]?.stringValue == "true" }
                    return .string(isDefault ? "\(name) (default)" : name)
                },
                Column("Provisioner") { json, _ in .string(text(json, "provisioner", default: "")) },
                Column("ReclaimPolicy") { json, _ in .string(text(json, "reclaimPolicy", default: "Delete")) },
                Column("VolumeBindingMode") { json, _ in .string(text(json, "volumeBindingMode", default: "Immediate")) },
                Column("AllowVolumeExpansion") { json, _ in .bool(json["allowVolumeExpansion"]?.boolValue ?? false) },
                ageColumn,
            ]
        default:
            return nil
        }
    }

    /// `SubjectsStrings`: the subjects of one kind, `, `-joined; service accounts as `namespace/name`.
    private static func subjects(_ json: JSONValue, kind: String) -> String {
        (json["subjects"]?.arrayValue ?? []).filter { $0["kind"]?.stringValue == kind }.map { subject in
            let name = subject["name"]?.stringValue ?? ""
            guard kind == "ServiceAccount" else { return name }
            return "\(subject["namespace"]?.stringValue ?? "")/\(name)"
        }.joined(separator: ", ")
    }

    /// `formatHPAMetrics`: `cpu: 21%/80%`, `<unknown>` for missing current values, at most two then `+ N more...`.
    static func hpaTargets(_ json: JSONValue) -> String {
        let specs = json.value(at: ["spec", "metrics"])?.arrayValue ?? []
        guard !specs.isEmpty else { return "<none>" }
        let statuses = json.value(at: ["status", "currentMetrics"])?.arrayValue ?? []
        var list: [String] = []
        for (index, spec) in specs.enumerated() {
            let status = index < statuses.count ? statuses[index] : nil
            list.append(hpaTarget(spec, status))
        }
        guard list.count > 2 else { return list.joined(separator: ", ") }
        return list.prefix(2).joined(separator: ", ") + " + \(list.count - 2) more..."
    }

    private static func hpaTarget(_ spec: JSONValue, _ status: JSONValue?) -> String {
        let unknown = "<unknown>"
        switch spec["type"]?.stringValue {
        case "Resource", "ContainerResource":
            let key = spec["type"]?.stringValue == "Resource" ? "resource" : "containerResource"
            let source = spec[key]
            let name = source?["name"]?.stringValue ?? ""
            let current = status?[key]?["current"]
            if let average = source?["target"]?["averageValue"] {
                return "\(name): \(current?["averageValue"].map { quantity($0) } ?? unknown)/\(quantity(average))"
            }
            let now = current?["averageUtilization"]?.intValue.map { "\($0)%" } ?? unknown
            let target = source?["target"]?["averageUtilization"]?.intValue.map { "\($0)%" } ?? "<auto>"
            return "\(name): \(now)/\(target)"
        case "Pods":
            let current = status?["pods"]?["current"]?["averageValue"].map { quantity($0) } ?? unknown
            return "\(current)/\(quantity(spec["pods"]?["target"]?["averageValue"]))"
        case "Object", "External":
            let key = spec["type"]?.stringValue == "Object" ? "object" : "external"
            let target = spec[key]?["target"]
            let current = status?[key]?["current"]
            if let average = target?["averageValue"] {
                return "\(current?["averageValue"].map { quantity($0) } ?? unknown)/\(quantity(average)) (avg)"
            }
            return "\(current?["value"].map { quantity($0) } ?? unknown)/\(quantity(target?["value"]))"
        default:
            return "<unknown type>"
        }
    }
}
