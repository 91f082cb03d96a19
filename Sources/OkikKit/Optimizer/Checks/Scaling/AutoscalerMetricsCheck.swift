/// OKK-402: HPAs that cannot compute their metrics or cannot scale (ScalingActive=False or AbleToScale=False).
public struct AutoscalerMetricsCheck: Check {
    /// `autoscaler-metrics`.
    public let id = "autoscaler-metrics"
    /// Scaling.
    public let category = OptimizationCategory.scaling
    /// OKK-402.
    public let codes = [FindingCode.autoscalerMetricsUnavailable]
    /// Creates the check.
    public init() {}

    /// Reads each HPA's ScalingActive and AbleToScale conditions.
    public func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult {
        var findings: [Finding] = []
        for autoscaler in snapshot.autoscalers {
            let conditions = autoscaler.status?.conditions ?? []
            let failing = conditions.filter { ($0.type == "ScalingActive" || $0.type == "AbleToScale") && $0.isFalse }
            // ScalingActive=False/ScalingDisabled is what an HPA reports when its target is at zero replicas.
            guard let first = failing.first(where: { $0.reason != "ScalingDisabled" }) else { continue }
            let ref = ResourceRef(autoscaler)
            findings.append(
                Finding(
                    code: .autoscalerMetricsUnavailable, subject: ref,
                    message: "\(ref) is not scaling: \(first.type ?? "")=False (\(first.reason ?? "")): \(first.message ?? "")",
                    evidence: Dictionary(
                        failing.map { ($0.type ?? "?", "False (\($0.reason ?? "")): \($0.message ?? "")") },
                        uniquingKeysWith: { first, _ in first }),
                    recommendation: "Check that metrics-server works (kubectl top pods) and that every container of the target has the requests the metric needs."))
        }
        return CheckResult(subjects: snapshot.autoscalers.map { ResourceRef($0) }, findings: findings)
    }
}
