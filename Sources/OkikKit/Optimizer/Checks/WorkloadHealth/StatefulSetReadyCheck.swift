/// OKK-508: StatefulSets with fewer ready replicas than desired, past the grace period.
public struct StatefulSetReadyCheck: Check {
    /// `statefulset-ready`.
    public let id = "statefulset-ready"
    /// Workload health.
    public let category = OptimizationCategory.workloadHealth
    /// OKK-508.
    public let codes = [FindingCode.statefulSetNotReady]
    /// Creates the check.
    public init() {}

    /// Compares ready with desired replicas.
    public func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult {
        var findings: [Finding] = []
        for statefulSet in snapshot.statefulSets {
            let desired = statefulSet.spec?.replicas ?? 1
            let ready = statefulSet.status?.readyReplicas ?? 0
            guard desired > 0, ready < desired,
                Figures.age(statefulSet.metadata.creationTimestamp, at: snapshot.takenAt) >= context.thresholds.pendingGraceSeconds
            else { continue }
            let ref = ResourceRef(statefulSet)
            findings.append(
                Finding(
                    code: .statefulSetNotReady, subject: ref,
                    message: "\(ref) has \(ready) of \(desired) replicas ready; pods after the first unready one wait",
                    evidence: [
                        "desired": "\(desired)", "ready": "\(ready)", "current": "\(statefulSet.status?.currentReplicas ?? 0)",
                    ],
                    recommendation: "Look at the lowest-numbered unready pod (kubectl describe pod -n \(ref.namespace ?? "")) and its claim."))
        }
        return CheckResult(subjects: snapshot.statefulSets.map { ResourceRef($0) }, findings: findings)
    }
}
