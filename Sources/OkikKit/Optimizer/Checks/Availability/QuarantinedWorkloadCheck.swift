import OkikKubeClient

/// OKK-211: Deployments held at zero by quarantine. Quarantine stops a crash loop from burning the cluster, but the
/// service is still down, so it stays a critical finding until the workload is fixed and restored.
public struct QuarantinedWorkloadCheck: Check {
    /// `quarantined-workload`.
    public let id = "quarantined-workload"
    /// Availability & health.
    public let category = OptimizationCategory.availability
    /// OKK-211.
    public let codes = [FindingCode.quarantinedWorkload]
    /// Creates the check.
    public init() {}

    /// Reads each Deployment's quarantine annotations.
    public func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult {
        var findings: [Finding] = []
        for deployment in snapshot.deployments where deployment.isQuarantined {
            let ref = ResourceRef(deployment)
            let annotations = deployment.metadata.annotations ?? [:]
            var evidence = ["replicas": "\(deployment.spec?.replicas ?? 0)"]
            for (key, label) in [
                (QuarantineAnnotations.reason, "reason"), (QuarantineAnnotations.quarantinedAt, "since"),
                (QuarantineAnnotations.quarantinedBy, "by"), (QuarantineAnnotations.originalReplicas, "replicas before"),
            ] {
                if let value = annotations[key] { evidence[label] = value }
            }
            findings.append(
                Finding(
                    code: .quarantinedWorkload, subject: ref,
                    message: "\(ref) is quarantined and serves nothing\(annotations[QuarantineAnnotations.reason].map { ": \($0)" } ?? "")",
                    evidence: evidence,
                    recommendation: "Fix the cause (kubectl logs --previous of its pods, its recent changes), then restore it with unquarantine_deployment, which brings back \(annotations[QuarantineAnnotations.originalReplicas] ?? "its") replicas."))
        }
        return CheckResult(subjects: snapshot.deployments.map { ResourceRef($0) }, findings: findings)
    }
}
