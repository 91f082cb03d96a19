import OkikKubeClient

/// OKK-209: Deployments and StatefulSets with one replica and no PodDisruptionBudget covering their pods.
public struct SingleReplicaCheck: Check {
    /// `single-replica`.
    public let id = "single-replica"
    /// Availability & health.
    public let category = OptimizationCategory.availability
    /// OKK-209.
    public let codes = [FindingCode.singleReplicaWithoutBudget]
    /// Creates the check.
    public init() {}

    /// Looks for a budget whose selector matches the workload's pod labels.
    public func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult {
        var candidates: [(ResourceRef, Int?, [String: String])] = []
        for item in snapshot.deployments where !item.isQuarantined {
            candidates.append((ResourceRef(item), item.spec?.replicas, item.spec?.template?.metadata?.labels ?? [:]))
        }
        for item in snapshot.statefulSets {
            candidates.append((ResourceRef(item), item.spec?.replicas, item.spec?.template?.metadata?.labels ?? [:]))
        }
        var findings: [Finding] = []
        for (ref, replicas, labels) in candidates where (replicas ?? 1) == 1 {
            let autoscaled = snapshot.autoscalers.contains {
                $0.metadata.namespace == ref.namespace && $0.spec?.scaleTargetRef?.name == ref.name
                    && $0.spec?.scaleTargetRef?.kind == ref.kind && ($0.spec?.minReplicas ?? 1) > 1
            }
            let covered = snapshot.budgets.contains {
                $0.metadata.namespace == ref.namespace && ($0.spec?.selector?.matches(labels) ?? false)
            }
            guard !autoscaled, !covered else { continue }
            findings.append(
                Finding(
                    code: .singleReplicaWithoutBudget, subject: ref,
                    message: "\(ref) runs a single replica with no PodDisruptionBudget: a node drain takes it down",
                    evidence: ["replicas": "1", "disruption budget": "none"],
                    recommendation: "Run at least 2 replicas and add a PodDisruptionBudget with minAvailable: 1."))
        }
        return CheckResult(subjects: candidates.map(\.0), findings: findings)
    }
}
