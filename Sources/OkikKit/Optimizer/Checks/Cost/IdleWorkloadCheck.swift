import OkikKubeClient

/// OKK-301: Deployments and StatefulSets whose pods are all running and ready and use almost no CPU. A Deployment
/// with several replicas and no autoscaler is proposed to scale down to one only when its usage history is long
/// enough and its p99 CPU stays idle too; one sample never scales anything.
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
        var subjects: [ResourceRef] = []
        var findings: [Finding] = []
        for workload in snapshot.workloads where workload.ref.kind == "Deployment" || workload.ref.kind == "StatefulSet" {
            let pods = workload.livePods(in: snapshot)
            guard !pods.isEmpty else { continue }
            subjects.append(workload.ref)
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
            let policy = context.remediation
            let histories = workload.containers.map { context.history[ContainerKey(workload: workload.ref, container: $0.name)] }
            let sufficient = !histories.isEmpty && histories.allSatisfy { $0?.isSufficient(for: policy) ?? false }
            let idleInHistory = histories.compactMap { $0?.cpuPercentile(policy.cpuLimitPercentile) }.reduce(0, +)
                < context.thresholds.idleCPUMillicores
            var evidence = [
                "running pods": "\(pods.count)", "cpu usage (highest pod)": Figures.cpu(highest),
                "metrics window": window ?? "unknown",
                "usage history": histories.compactMap { $0?.extent }.first ?? "none",
            ]
            if !sufficient {
                recommendation += " OKIK proposes a scale-down only after \(Figures.duration(policy.minimumHistorySeconds)) and \(policy.minimumHistorySamples) samples of usage history."
            } else if !idleInHistory {
                evidence["cpu usage (p\(Int(policy.cpuLimitPercentile * 100)), history)"] = Figures.cpu(
                    histories.compactMap { $0?.cpuPercentile(policy.cpuLimitPercentile) }.reduce(0, +))
                recommendation = "Idle now, but its usage history shows busier times; check before scaling it down."
            } else if workload.ref.kind == "Deployment", pods.count > 1, !autoscaled {
                recommendation = "Scale it down to 1 replica (or remove it if nothing uses it)."
                calls = [ToolInvocation(
                    tool: ScaleDeploymentTool.name,
                    arguments: ["namespace": .string(workload.ref.namespace ?? ""), "name": .string(workload.ref.name), "replicas": 1])]
            }
            findings.append(
                Finding(
                    code: .idleWorkload, subject: workload.ref,
                    message: "\(workload.ref) is idle: \(pods.count) running pod(s), none using more than \(Figures.cpu(highest)) CPU",
                    evidence: evidence, recommendation: recommendation, proposedCalls: calls))
        }
        return CheckResult(subjects: subjects, findings: findings)
    }
}
