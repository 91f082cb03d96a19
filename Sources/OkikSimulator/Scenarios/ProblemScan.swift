import OkikKubeClient

/// A quick scan for the problems the scenarios produce, over objects as JSON (from OkikKubeClient or kubectl):
/// the healthy baseline must show none of them, every problem scenario at least one.
public enum ProblemScan {
    /// Problems found, one line each ("Pod shop/web-1: CrashLoopBackOff").
    public static func problems(in objectsByKind: [String: [JSONValue]]) -> [String] {
        var found: [String] = []
        func name(_ object: JSONValue) -> String {
            let namespace = object.value(at: ["metadata", "namespace"])?.stringValue
            let name = object.value(at: ["metadata", "name"])?.stringValue ?? "?"
            return namespace.map { "\($0)/\(name)" } ?? name
        }
        for pod in objectsByKind["Pod"] ?? [] {
            let status = pod["status"]
            for container in status?["containerStatuses"]?.arrayValue ?? [] {
                if let reason = container.value(at: ["state", "waiting", "reason"])?.stringValue,
                    reason != "ContainerCreating"
                {
                    found.append("Pod \(name(pod)): \(reason)")
                }
                if let reason = container.value(at: ["lastState", "terminated", "reason"])?.stringValue {
                    found.append("Pod \(name(pod)): last terminated \(reason)")
                }
                if (container["restartCount"]?.intValue ?? 0) > 0 { found.append("Pod \(name(pod)): restarts") }
                if container["ready"]?.boolValue == false && status?["phase"]?.stringValue == "Running" {
                    found.append("Pod \(name(pod)): not ready")
                }
            }
            for condition in status?["conditions"]?.arrayValue ?? []
            where condition["type"]?.stringValue == "PodScheduled" && condition["status"]?.stringValue == "False" {
                found.append("Pod \(name(pod)): unschedulable")
            }
            if status?["phase"]?.stringValue == "Failed" { found.append("Pod \(name(pod)): Failed") }
            let containers = pod.value(at: ["spec", "containers"])?.arrayValue ?? []
            if containers.contains(where: { $0.value(at: ["resources", "requests"]) == nil || $0.value(at: ["resources", "limits"]) == nil }) {
                found.append("Pod \(name(pod)): missing requests or limits")
            }
        }
        for deployment in objectsByKind["Deployment"] ?? [] {
            for condition in deployment.value(at: ["status", "conditions"])?.arrayValue ?? []
            where condition["status"]?.stringValue != "True" {
                found.append("Deployment \(name(deployment)): \(condition["reason"]?.stringValue ?? "not available")")
            }
        }
        for hpa in objectsByKind["HorizontalPodAutoscaler"] ?? [] {
            for condition in hpa.value(at: ["status", "conditions"])?.arrayValue ?? [] {
                let type = condition["type"]?.stringValue
                let status = condition["status"]?.stringValue
                if (type == "ScalingLimited" && status == "True") || (type != "ScalingLimited" && status == "False") {
                    found.append("HorizontalPodAutoscaler \(name(hpa)): \(condition["reason"]?.stringValue ?? "")")
                }
            }
        }
        for job in objectsByKind["Job"] ?? [] {
            for condition in job.value(at: ["status", "conditions"])?.arrayValue ?? []
            where condition["type"]?.stringValue == "Failed" && condition["status"]?.stringValue == "True" {
                found.append("Job \(name(job)): \(condition["reason"]?.stringValue ?? "Failed")")
            }
        }
        for daemonSet in objectsByKind["DaemonSet"] ?? [] where (daemonSet.value(at: ["status", "numberUnavailable"])?.intValue ?? 0) > 0 {
            found.append("DaemonSet \(name(daemonSet)): unavailable pods")
        }
        for claim in objectsByKind["PersistentVolumeClaim"] ?? [] where claim.value(at: ["status", "phase"])?.stringValue != "Bound" {
            found.append("PersistentVolumeClaim \(name(claim)): \(claim.value(at: ["status", "phase"])?.stringValue ?? "Pending")")
        }
        for node in objectsByKind["Node"] ?? [] {
            for condition in node.value(at: ["status", "conditions"])?.arrayValue ?? [] {
                let type = condition["type"]?.stringValue ?? ""
                let status = condition["status"]?.stringValue ?? ""
                if (type == "Ready" && status != "True") || (type != "Ready" && status != "False") {
                    found.append("Node \(name(node)): \(type)=\(status)")
                }
            }
        }
        for event in objectsByKind["Event"] ?? [] where event["type"]?.stringValue == "Warning" {
            found.append("Event \(event["reason"]?.stringValue ?? ""): \(event["message"]?.stringValue ?? "")")
        }
        return found
    }

    /// The kinds the scan reads, with their API paths for kubectl.
    public static let kinds: [(kind: String, kubectl: String)] = [
        ("Pod", "pods"), ("Deployment", "deployments.apps"), ("HorizontalPodAutoscaler", "horizontalpodautoscalers.autoscaling"),
        ("Job", "jobs.batch"), ("DaemonSet", "daemonsets.apps"), ("PersistentVolumeClaim", "persistentvolumeclaims"),
        ("Node", "nodes"), ("Event", "events"),
    ]
}
