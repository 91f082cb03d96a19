/// OKK-302: Deployments left at zero replicas that OKIK did not quarantine.
public struct ZeroReplicaCheck: Check {
    /// `zero-replicas`.
    public let id = "zero-replicas"
    /// Cost & waste.
    public let category = OptimizationCategory.cost
    /// OKK-302.
    public let codes = [FindingCode.deploymentAtZero]
    /// Creates the check.
    public init() {}

    /// Reads each Deployment's replicas.
    public func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult {
        var findings: [Finding] = []
        for deployment in snapshot.deployments where deployment.spec?.replicas == 0 && !deployment.isQuarantined {
            let ref = ResourceRef(deployment)
            var evidence = ["replicas": "0"]
            if let from = deployment.metadata.annotations?[QuarantineAnnotations.scaledToZeroFrom] {
                evidence["scaled to zero by OKIK from"] = from
            }
            findings.append(
                Finding(
                    code: .deploymentAtZero, subject: ref,
                    message: "\(ref) is at zero replicas and not quarantined",
                    evidence: evidence,
                    recommendation: "Delete it if it is no longer needed, or scale it back up."))
        }
        return CheckResult(subjects: snapshot.deployments.map { ResourceRef($0) }, findings: findings)
    }
}
