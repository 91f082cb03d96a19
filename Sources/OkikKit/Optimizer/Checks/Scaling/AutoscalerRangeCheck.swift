/// OKK-403: HPAs whose minReplicas equals maxReplicas, so they never change anything.
public struct AutoscalerRangeCheck: Check {
    /// `autoscaler-range`.
    public let id = "autoscaler-range"
    /// Scaling.
    public let category = OptimizationCategory.scaling
    /// OKK-403.
    public let codes = [FindingCode.autoscalerFixed]
    /// Creates the check.
    public init() {}

    /// Compares each HPA's bounds (quarantine holds excepted).
    public func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult {
        var findings: [Finding] = []
        for autoscaler in snapshot.autoscalers where !QuarantineAnnotations.isQuarantined(autoscaler.metadata) {
            let min = autoscaler.spec?.minReplicas ?? 1
            guard let max = autoscaler.spec?.maxReplicas, min == max else { continue }
            let ref = ResourceRef(autoscaler)
            findings.append(
                Finding(
                    code: .autoscalerFixed, subject: ref,
                    message: "\(ref) has minReplicas = maxReplicas = \(max): it cannot scale",
                    evidence: ["minReplicas": "\(min)", "maxReplicas": "\(max)"],
                    recommendation: "Widen the range (for example maxReplicas \(max * 2)), or delete the HPA and set replicas directly."))
        }
        return CheckResult(subjects: snapshot.autoscalers.map { ResourceRef($0) }, findings: findings)
    }
}
