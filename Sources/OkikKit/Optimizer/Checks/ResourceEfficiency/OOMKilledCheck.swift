/// OKK-104: containers the kernel killed for passing their memory limit (exit code 137, reason OOMKilled).
public struct OOMKilledCheck: Check {
    /// `oom-killed`.
    public let id = "oom-killed"
    /// Resource efficiency.
    public let category = OptimizationCategory.resourceEfficiency
    /// OKK-104.
    public let codes = [FindingCode.oomKilled]
    /// Creates the check.
    public init() {}

    /// Looks for OOMKilled in each container's current or last state.
    public func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult {
        var subjects: [ResourceRef] = []
        var findings: [Finding] = []
        for workload in snapshot.workloads {
            let pods = workload.podIndexes.map { snapshot.pods[$0] }.filter { $0.metadata.deletionTimestamp == nil }
            for container in workload.containers {
                subjects.append(workload.ref)
                var killedPods = 0
                var restarts = 0
                var lastKill: Timestamp?
                for pod in pods {
                    guard let status = pod.containerStatuses.first(where: { $0.name == container.name }) else { continue }
                    let killed = [status.state?.terminated, status.lastState?.terminated].compactMap { $0 }
                        .filter { $0.reason == "OOMKilled" }
                    guard !killed.isEmpty else { continue }
                    killedPods += 1
                    restarts += status.restartCount ?? 0
                    for termination in killed {
                        if let finished = termination.finishedAt, lastKill.map({ finished > $0 }) ?? true { lastKill = finished }
                    }
                }
                guard killedPods > 0 else { continue }
                var evidence = ["pods OOM-killed": "\(killedPods) of \(pods.count)", "restarts": "\(restarts)", "exit code": "137"]
                if let lastKill { evidence["last kill"] = lastKill.rfc3339 }
                var calls: [ToolInvocation] = []
                var recommendation = "Set a memory limit above the container's real peak."
                if let limit = container.memoryLimit {
                    evidence["memory limit"] = Figures.memory(limit)
                    let history = context.history[ContainerKey(workload: workload.ref, container: container.name)]
                    if let history { evidence["memory peak (history)"] = "\(Figures.memory(history.memoryPeak)) (\(history.extent))" }
                    // The kill happened at the limit, so the real need is at least the limit; history may show more.
                    let peak = max(limit, container.memoryUsage ?? 0, history?.memoryPeak ?? 0)
                    let proposal = Figures.recommendedMemory(peak, factor: 1.5)
                    recommendation = "Raise the memory limit from \(Figures.memory(limit)) to \(Figures.memory(proposal)); if usage grows without bound (a leak), a larger limit only delays the next kill."
                    if workload.ref.kind == "Deployment" {
                        // A Guaranteed pod (requests equal to limits) keeps its QoS class: raise the request too.
                        let guaranteed = snapshot.deployment(workload.ref)
                            .map { ResizeRules.isGuaranteed($0.spec?.template?.spec?.containers ?? []) } ?? false
                        let value = Figures.memoryQuantity(proposal)
                        calls = [.updateResources(
                            workload.ref, container: container.name, requests: guaranteed ? ["memory": value] : [:],
                            limits: ["memory": value])]
                    }
                }
                findings.append(
                    Finding(
                        code: .oomKilled, subject: workload.ref, container: container.name,
                        message: "\(workload.ref) container \(container.name) was OOM-killed in \(killedPods) pod(s)\(container.memoryLimit.map { " at its \(Figures.memory($0)) limit" } ?? "")",
                        evidence: evidence, recommendation: recommendation, proposedCalls: calls))
            }
        }
        return CheckResult(subjects: subjects, findings: findings)
    }
}
