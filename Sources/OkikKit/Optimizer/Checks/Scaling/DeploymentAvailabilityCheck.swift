/// OKK-404: Deployments with fewer available replicas than desired, past the grace period.
public struct DeploymentAvailabilityCheck: Check {
    /// `deployment-availability`.
    public let id = "deployment-availability"
    /// Scaling.
    public let category = OptimizationCategory.scaling
    /// OKK-404.
    public let codes = [FindingCode.lowAvailability]
    /// Creates the check.
    public init() {}

    /// Compares available with desired replicas.
    public func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult {
        var subjects: [ResourceRef] = []
        var findings: [Finding] = []
        for deployment in snapshot.deployments where !deployment.isQuarantined {
            let desired = deployment.spec?.replicas ?? 1
            guard desired > 0 else { continue }
            subjects.append(ResourceRef(deployment))
            let available = deployment.status?.availableReplicas ?? 0
            guard available < desired,
                Figures.age(deployment.metadata.creationTimestamp, at: snapshot.takenAt) >= context.thresholds.pendingGraceSeconds
            else { continue }
            let ref = ResourceRef(deployment)
            findings.append(
                Finding(
                    code: .lowAvailability, severity: available == 0 ? .high : .medium, subject: ref,
                    message: "\(ref) has \(available) of \(desired) replicas available (\(Figures.percent(Double(available), of: Double(desired))))",
                    evidence: [
                        "desired": "\(desired)", "available": "\(available)", "ready": "\(deployment.status?.readyReplicas ?? 0)",
                        "updated": "\(deployment.status?.updatedReplicas ?? 0)",
                    ],
                    recommendation: "See the availability findings on its pods (crash loops, pull errors, scheduling) for the cause."))
        }
        return CheckResult(subjects: subjects, findings: findings)
    }
}
