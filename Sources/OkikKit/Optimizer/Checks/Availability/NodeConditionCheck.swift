import OkikKubeClient

/// OKK-206 and OKK-207: nodes that are not Ready, and nodes under memory, disk or PID pressure.
public struct NodeConditionCheck: Check {
    /// `node-conditions`.
    public let id = "node-conditions"
    /// Availability & health.
    public let category = OptimizationCategory.availability
    /// OKK-206, OKK-207.
    public let codes = [FindingCode.nodeNotReady, .nodePressure]
    /// Judges nodes: left out of namespace scans.
    public let needsWholeCluster = true
    /// Creates the check.
    public init() {}

    /// Reads each node's conditions.
    public func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult {
        var findings: [Finding] = []
        for node in snapshot.nodes {
            let conditions = node.status?.conditions ?? []
            let pods = snapshot.load(onNode: node.name).pods
            if let ready = conditions.first(ofType: "Ready"), !ready.isTrue {
                findings.append(
                    Finding(
                        code: .nodeNotReady, subject: ResourceRef(node),
                        message: "Node \(node.name) is not ready (Ready=\(ready.status ?? "Unknown"), \(ready.reason ?? "no reason")); \(pods) pods are on it",
                        evidence: [
                            "Ready": ready.status ?? "Unknown", "reason": ready.reason ?? "", "message": ready.message ?? "",
                            "since": ready.lastTransitionTime?.rfc3339 ?? "", "pods on node": "\(pods)",
                        ],
                        recommendation: "Check the node's kubelet and network; if it does not come back, drain it and replace it."))
            } else if conditions.first(ofType: "Ready") == nil {
                findings.append(
                    Finding(
                        code: .nodeNotReady, subject: ResourceRef(node),
                        message: "Node \(node.name) reports no Ready condition", evidence: ["pods on node": "\(pods)"],
                        recommendation: "Check that the node's kubelet is running and registered."))
            }
            let pressures = conditions.filter {
                ["MemoryPressure", "DiskPressure", "PIDPressure"].contains($0.type ?? "") && $0.isTrue
            }
            if !pressures.isEmpty {
                let names = pressures.compactMap(\.type)
                var evidence = ["pods on node": "\(pods)"]
                for condition in pressures { evidence[condition.type ?? "?"] = condition.message ?? condition.reason ?? "True" }
                findings.append(
                    Finding(
                        code: .nodePressure, subject: ResourceRef(node),
                        message: "Node \(node.name) is under \(names.joined(separator: " and ")); the kubelet evicts pods and takes no new ones",
                        evidence: evidence,
                        recommendation: names.contains("DiskPressure")
                            ? "Free disk on the node (images, logs, emptyDir volumes) or give it a larger disk; move heavy pods elsewhere."
                            : "Move memory-hungry pods elsewhere, set memory limits, or add capacity."))
            }
        }
        return CheckResult(subjects: snapshot.nodes.map { ResourceRef($0) }, findings: findings)
    }
}
