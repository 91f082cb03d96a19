import OkikKubeClient

/// OOMKilled: recommend a memory limit above the observed peak (the kill happened at the limit, so the peak is at
/// least the limit; metrics may show more). One incident per workload revision and container.
public struct OOMKilledRule: WatchdogRule {
    /// `oom-killed`.
    public let id = "oom-killed"
    /// Creates the rule.
    public init() {}

    /// Fires on the first event showing an OOMKilled termination.
    public func evaluate(_ pod: Pod, context: WatchdogContext) -> [WatchdogAlert] {
        (pod.status?.containerStatuses ?? []).compactMap { status -> WatchdogAlert? in
            guard let killed = [status.state?.terminated, status.lastState?.terminated].compactMap({ $0 })
                .first(where: { $0.reason == "OOMKilled" })
            else { return nil }
            let container = status.name ?? "?"
            let owner = context.owner
            let limit = pod.spec?.containers?.first { $0.name == container }?.resources?.memoryLimit?.bytes
            let observed = context.memoryUsage[container]
            let peak = max(limit ?? 0, observed ?? 0)
            var evidence = [
                "exit code": "\(killed.exitCode ?? 137)", "restarts": "\(status.restartCount ?? 0)", "pod": pod.name,
                "memory limit": limit.map(Figures.memory) ?? "none",
                "observed peak": peak > 0 ? Figures.memory(peak) : "unknown",
            ]
            if let observed { evidence["last metrics sample"] = Figures.memory(observed) }
            if let finished = killed.finishedAt { evidence["killed at"] = finished.rfc3339 }
            var proposed: [ToolInvocation] = []
            var advice = "Set a memory limit above the container's real peak."
            if peak > 0 {
                let target = Figures.recommendedMemory(peak, factor: context.configuration.oomLimitFactor)
                advice = "Raise the memory limit to \(Figures.memory(target)) (observed peak \(Figures.memory(peak)) x \(context.configuration.oomLimitFactor)); if usage grows without bound, fix the leak."
                if owner.kind == "Deployment" {
                    proposed = [.updateResources(owner, container: container, limits: ["memory": Figures.memory(target)])]
                }
            }
            return WatchdogAlert(
                incident: "\(id)/\(owner.kind)/\(owner.namespace ?? "")/\(owner.name)@\(pod.revision)/\(container)",
                severity: .high, subject: owner, container: container,
                message: "\(owner) container \(container) was OOM-killed\(limit.map { " at its \(Figures.memory($0)) limit" } ?? "")",
                evidence: evidence, recommendation: advice, proposedCalls: proposed)
        }
    }
}
