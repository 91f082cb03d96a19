import OkikKubeClient

/// OKK-301: Deployments and StatefulSets whose pods are all running and ready and use almost no CPU; a Deployment with several replicas and
/// no autoscaler is proposed to scale down to one.
public struct IdleWorkloadCheck: Check {
    /// `idle-workload`.
    public let id = "idle-workload"
    /// Cost & waste.
    public let category = OptimizationCategory.cost
    /// OKK-301.
    public let codes = [FindingCode.idleWorkload]
    /// Needs pod metrics.
    public let requiresMetrics = true
    /// Creates the check.
    public init() {}

    /// Sums the CPU usage of each running pod of each workload.
    public func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult {
        var evaluated = 0
        var findings: [Finding] = []
        for workload in snapshot.workloads where workload.ref.kind == "Deployment" || workload.ref.kind == "StatefulSet" {
            let pods = workload.livePods(in: snapshot)
            guard !pods.isEmpty else { continue }
            evaluated += 1
            // A workload whose pods crash or are not ready is broken, not idle; other checks report it.
            guard pods.allSatisfy({ $0.status?.phase == "Running" && $0.isReady }) else { continue }
            var highest: Int64 = 0
            var sampled = 0
            var window: String?
            for pod in pods {
                guard let metrics = snapshot.metrics(of: pod) else { continue }
                sampled += 1
                highest = max(highest, metrics.totalUsage["cpu"]?.millicores ?? 0)
                window = window ?? metrics.window
            }
            guard sampled == pods.count, highest < context.thresholds.idleCPUMillicores else { continue }
            let autoscaled = snapshot.autoscalers.contains {
                $0.metadata.namespace == workload.ref.namespace && $0.spec?.scaleTargetRef?.name == workload.ref.name
            }
            var calls: [ToolInvocation] = []
            var recommendation = "Check whether it still serves anything; scale it down or remove it."
            if workload.ref.kind == "Deployment", pods.count > 1, !autoscaled {
                recommendation = "Scale it down to 1 replica (or remove it if nothing uses it)."
                calls = [ToolInvocation(
                    tool: ScaleDeploymentTool.name,
                    arguments: ["namespace": .string(workload.ref.namespace ?? ""), "name": .string(workload.ref.name), "replicas": 1])]
            }
            findings.append(
                Finding(
                    code: .idleWorkload, subject: workload.ref,
                    message: "\(workload.ref) is idle: \(pods.count) running pod(s), none using more than \(Figures.cpu(highest)) CPU",
                    evidence: [
                        "running pods": "\(pods.count)", "cpu usage (highest pod)": Figures.cpu(highest),
                        "metrics window": window ?? "unknown",
                    ],
                    recommendation: recommendation, proposedCalls: calls))
        }
        return CheckResult(evaluated: evaluated, findings: findings)
    }
}
