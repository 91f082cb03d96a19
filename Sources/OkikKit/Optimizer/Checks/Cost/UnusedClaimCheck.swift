/// OKK-304: bound PersistentVolumeClaims that no pod mounts.
public struct UnusedClaimCheck: Check {
    /// `unused-claims`.
    public let id = "unused-claims"
    /// Cost & waste.
    public let category = OptimizationCategory.cost
    /// OKK-304.
    public let codes = [FindingCode.unusedClaim]
    /// Creates the check.
    public init() {}

    /// Matches bound claims against the volumes of every pod.
    public func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult {
        var used = Set<String>()
        for pod in snapshot.pods {
            for volume in pod.spec?.volumes ?? [] {
                if let claim = volume.persistentVolumeClaim?.claimName { used.insert("\(pod.metadata.namespace ?? "")/\(claim)") }
            }
        }
        var findings: [Finding] = []
        let bound = snapshot.claims.filter { $0.status?.phase == "Bound" }
        for claim in bound where !used.contains("\(claim.metadata.namespace ?? "")/\(claim.name)") {
            let ref = ResourceRef(claim)
            let size = claim.status?.capacity?["storage"] ?? claim.spec?.resources?.requests?["storage"]
            findings.append(
                Finding(
                    code: .unusedClaim, subject: ref,
                    message: "\(ref) is bound\(size.map { " (\($0))" } ?? "") but no pod mounts it",
                    evidence: ["capacity": size?.description ?? "?", "volume": claim.spec?.volumeName ?? "?"],
                    recommendation: "Delete it (after a backup) if nothing will mount it again."))
        }
        return CheckResult(subjects: bound.map { ResourceRef($0) }, findings: findings)
    }
}
