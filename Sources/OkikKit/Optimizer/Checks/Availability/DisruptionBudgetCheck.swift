/// OKK-210: PodDisruptionBudgets that allow no disruption even when every pod is healthy, which blocks drains.
public struct DisruptionBudgetCheck: Check {
    /// `disruption-budget`.
    public let id = "disruption-budget"
    /// Availability & health.
    public let category = OptimizationCategory.availability
    /// OKK-210.
    public let codes = [FindingCode.budgetBlocksDisruption]
    /// Creates the check.
    public init() {}

    /// Reads each budget's status.
    public func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult {
        var findings: [Finding] = []
        for budget in snapshot.budgets {
            guard let status = budget.status, let expected = status.expectedPods, expected > 0,
                let healthy = status.currentHealthy, healthy >= expected, (status.disruptionsAllowed ?? 0) == 0
            else { continue }
            let ref = ResourceRef(budget)
            let rule = budget.spec?.minAvailable.map { "minAvailable \($0)" } ?? budget.spec?.maxUnavailable.map { "maxUnavailable \($0)" } ?? "?"
            findings.append(
                Finding(
                    code: .budgetBlocksDisruption, subject: ref,
                    message: "\(ref) allows no disruption although all \(healthy) pods are healthy (\(rule)): node drains will hang",
                    evidence: [
                        "rule": rule, "expected pods": "\(expected)", "healthy": "\(healthy)",
                        "disruptions allowed": "\(status.disruptionsAllowed ?? 0)",
                    ],
                    recommendation: "Set minAvailable below the replica count (or maxUnavailable: 1), or run more replicas."))
        }
        return CheckResult(subjects: snapshot.budgets.map { ResourceRef($0) }, findings: findings)
    }
}
