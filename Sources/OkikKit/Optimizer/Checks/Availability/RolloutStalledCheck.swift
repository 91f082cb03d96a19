/// OKK-208: Deployments whose rollout passed its progress deadline (Progressing=False, ProgressDeadlineExceeded).
public struct RolloutStalledCheck: Check {
    /// `rollout-stalled`.
    public let id = "rollout-stalled"
    /// Availability & health.
    public let category = OptimizationCategory.availability
    /// OKK-208.
    public let codes = [FindingCode.rolloutStalled]
    /// Creates the check.
    public init() {}

    /// Reads each Deployment's Progressing condition.
    public func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult {
        var findings: [Finding] = []
        for deployment in snapshot.deployments {
            guard let progressing = deployment.status?.conditions?.first(ofType: "Progressing"), progressing.isFalse,
                progressing.reason == "ProgressDeadlineExceeded"
            else { continue }
            let ref = ResourceRef(deployment)
            findings.append(
                Finding(
                    code: .rolloutStalled, subject: ref,
                    message: "\(ref) rollout stalled: \(progressing.message ?? "progress deadline exceeded")",
                    evidence: [
                        "Progressing": "False (ProgressDeadlineExceeded)",
                        "available": "\(deployment.status?.availableReplicas ?? 0) of \(deployment.spec?.replicas ?? 1)",
                        "updated": "\(deployment.status?.updatedReplicas ?? 0)",
                    ],
                    recommendation: "Find why the new pods never become available (other findings on this workload), then fix it or roll back (kubectl rollout undo \(ref.kubectlName))."))
        }
        return CheckResult(subjects: snapshot.deployments.map { ResourceRef($0) }, findings: findings)
    }
}
