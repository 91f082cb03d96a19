import OkikKubeClient

/// CrashLoopBackOff past the restart threshold: quarantine the owning Deployment (other owners, and containers
/// killed for memory, which ``OOMKilledRule`` answers with a memory recommendation, get a recommendation only).
/// One incident per workload revision and container.
public struct CrashLoopBackOffRule: WatchdogRule {
    /// `crash-loop-backoff`.
    public let id = "crash-loop-backoff"
    /// Creates the rule.
    public init() {}

    /// Fires on the first event that shows the container waiting in CrashLoopBackOff at or past the threshold.
    public func evaluate(_ pod: Pod, context: WatchdogContext) -> [WatchdogAlert] {
        guard pod.metadata.deletionTimestamp == nil else { return [] }
        let threshold = context.configuration.crashLoopRestartThreshold
        return (pod.status?.containerStatuses ?? []).compactMap { status -> WatchdogAlert? in
            guard status.state?.waiting?.reason == "CrashLoopBackOff", let restarts = status.restartCount, restarts >= threshold
            else { return nil }
            let container = status.name ?? "?"
            let owner = context.owner
            let last = status.lastState?.terminated
            let reason = "CrashLoopBackOff: container \(container) of pod \(pod.name) restarted \(restarts) times (threshold \(threshold)), last exit \(last?.reason ?? "unknown") code \(last?.exitCode.map(String.init) ?? "?")"
            var evidence = [
                "restarts": "\(restarts)", "threshold": "\(threshold)", "pod": pod.name,
                "last exit": "code \(last?.exitCode.map(String.init) ?? "?"), reason \(last?.reason ?? "?")",
            ]
            if let message = status.state?.waiting?.message { evidence["kubelet"] = message }
            let oom = last?.reason == "OOMKilled"
            let quarantine: ToolInvocation? = owner.kind == "Deployment" && !oom
                ? ToolInvocation(
                    tool: QuarantineDeploymentTool.name,
                    arguments: ["namespace": .string(owner.namespace ?? ""), "name": .string(owner.name), "reason": .string(reason)])
                : nil
            return WatchdogAlert(
                incident: "\(id)/\(owner.kind)/\(owner.namespace ?? "")/\(owner.name)@\(pod.revision)/\(container)",
                severity: .critical, subject: owner, container: container,
                message: "\(owner) container \(container) is crash-looping (\(restarts) restarts)",
                evidence: evidence,
                recommendation: oom
                    ? "It is killed for memory: raise its memory limit (see the oom-killed recommendation)."
                    : quarantine == nil
                    ? "Read the previous logs (kubectl logs --previous \(pod.name) -n \(pod.namespace ?? "")) and fix the cause."
                    : "Quarantined so it stops restarting; read the previous logs, fix, then unquarantine_deployment.",
                action: quarantine)
        }
    }
}
