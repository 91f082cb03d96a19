import OkikKubeClient

/// OKK-303: PersistentVolumeClaims still Pending after the grace period, with the provisioner's reason.
public struct UnboundClaimCheck: Check {
    /// `unbound-claims`.
    public let id = "unbound-claims"
    /// Cost & waste.
    public let category = OptimizationCategory.cost
    /// OKK-303.
    public let codes = [FindingCode.unboundClaim]
    /// Creates the check.
    public init() {}

    /// Reads each claim's phase and events.
    public func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult {
        var findings: [Finding] = []
        for claim in snapshot.claims where claim.status?.phase == "Pending" {
            guard Figures.age(claim.metadata.creationTimestamp, at: snapshot.takenAt) >= context.thresholds.pendingGraceSeconds
            else { continue }
            let ref = ResourceRef(claim)
            let event = snapshot.events(about: ref).last { $0.type == "Warning" }
            let users = snapshot.pods.filter { pod in
                pod.metadata.namespace == claim.metadata.namespace
                    && (pod.spec?.volumes ?? []).contains { $0.persistentVolumeClaim?.claimName == claim.name }
            }.count
            var evidence = [
                "phase": "Pending", "storage class": claim.spec?.storageClassName ?? "(default)",
                "pods waiting on it": "\(users)",
            ]
            if let event { evidence["event"] = "\(event.reason ?? ""): \(event.message ?? "")" }
            findings.append(
                Finding(
                    code: .unboundClaim, subject: ref,
                    message: "\(ref) is not bound\(event?.message.map { ": \($0)" } ?? "")\(users > 0 ? "; \(users) pod(s) wait for it" : "")",
                    evidence: evidence,
                    recommendation: "Use a StorageClass that exists and can provision (kubectl get storageclass), or create a matching PersistentVolume."))
        }
        return CheckResult(subjects: snapshot.claims.map { ResourceRef($0) }, findings: findings)
    }
}
