/// OKK-507: DaemonSets with pods on nodes they should not run on.
public struct DaemonSetMisscheduledCheck: Check {
    /// `daemonset-misscheduled`.
    public let id = "daemonset-misscheduled"
    /// Workload health.
    public let category = OptimizationCategory.workloadHealth
    /// OKK-507.
    public let codes = [FindingCode.daemonSetMisscheduled]
    /// Creates the check.
    public init() {}

    /// Reads each DaemonSet's numberMisscheduled.
    public func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult {
        var findings: [Finding] = []
        for daemonSet in snapshot.daemonSets {
            guard let misscheduled = daemonSet.status?.numberMisscheduled, misscheduled > 0 else { continue }
            let ref = ResourceRef(daemonSet)
            findings.append(
                Finding(
                    code: .daemonSetMisscheduled, subject: ref,
                    message: "\(ref) has \(misscheduled) pod(s) on nodes it should not run on",
                    evidence: ["misscheduled": "\(misscheduled)", "desired": "\(daemonSet.status?.desiredNumberScheduled ?? 0)"],
                    recommendation: "Node labels or taints changed under the daemon: check its nodeSelector and tolerations against the nodes."))
        }
        return CheckResult(subjects: snapshot.daemonSets.map { ResourceRef($0) }, findings: findings)
    }
}
