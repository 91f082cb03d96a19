import OkikKubeClient

/// CrashLoopBackOff: the shared ``CrashLoopAssessment`` decides. A Deployment that serves nothing past the restart
/// threshold is quarantined; a new revision that crash-loops while an older one serves is rolled back; anything else
/// (still serving, OOM kills, which ``OOMKilledRule`` answers, other owners) gets a recommendation once the restart
/// threshold is passed. One incident per workload revision, container and remedy, so an escalation is a new incident.
public struct CrashLoopBackOffRule: WatchdogRule {
    /// `crash-loop-backoff`.
    public let id = "crash-loop-backoff"
    /// Creates the rule.
    public init() {}

    /// Fires when a container of the pod waits in CrashLoopBackOff and the assessment has something to say.
    public func evaluate(_ pod: Pod, context: WatchdogContext) -> [WatchdogAlert] {
        guard pod.metadata.deletionTimestamp == nil else { return [] }
        let threshold = context.remediation.restartThreshold
        return (pod.status?.containerStatuses ?? []).compactMap { status -> WatchdogAlert? in
            guard status.state?.waiting?.reason == "CrashLoopBackOff" else { return nil }
            let container = status.name ?? "?"
            let owner = context.owner
            let restarts = status.restartCount ?? 0
            let last = status.lastState?.terminated
            var pods = context.workloadPods.filter { $0.name != pod.name }
            pods.append(pod)
            let assessment = CrashLoopAssessment.assess(
                workload: owner, container: container, pods: pods, replicaSets: context.replicaSets,
                policy: context.remediation, now: context.now)
            var evidence = [
                "restarts": "\(restarts)", "threshold": "\(threshold)", "pod": pod.name,
                "last exit": "code \(last?.exitCode.map(String.init) ?? "?"), reason \(last?.reason ?? "?")",
                "serving pods": "\(assessment.serving) of \(assessment.live)",
                "crash-looping pods": "\(assessment.looping)",
            ]
            if let message = status.state?.waiting?.message { evidence["kubelet"] = message }
            let incident = "\(id)/\(owner.kind)/\(owner.namespace ?? "")/\(owner.name)@\(pod.revision)/\(container)"
            let message = "\(owner) container \(container) is crash-looping (\(restarts) restarts; \(assessment.serving) of \(assessment.live) pods serve)"
            let namespace = JSONValue.string(owner.namespace ?? "")
            if last?.reason == "OOMKilled" {
                guard restarts >= threshold else { return nil }
                return WatchdogAlert(
                    incident: incident + "/oom", severity: assessment.serving == 0 ? .critical : .high, subject: owner,
                    container: container, message: message, evidence: evidence,
                    recommendation: "It is killed for memory: raise its memory limit (see the oom-killed recommendation).")
            }
            switch assessment.remedy {
            case .quarantine:
                let reason = "CrashLoopBackOff: container \(container) of pod \(pod.name) restarted \(restarts) times (threshold \(threshold)) and no pod serves, last exit \(last?.reason ?? "unknown") code \(last?.exitCode.map(String.init) ?? "?")"
                return WatchdogAlert(
                    incident: incident + "/quarantine", severity: .critical, subject: owner, container: container,
                    message: message, evidence: evidence,
                    recommendation: "Quarantined so it stops restarting; read the previous logs (kubectl logs --previous \(pod.name) -n \(pod.namespace ?? "")), fix, then unquarantine_deployment.",
                    action: ToolInvocation(
                        tool: QuarantineDeploymentTool.name,
                        arguments: ["namespace": namespace, "name": .string(owner.name), "reason": .string(reason)]))
            case .rollback(let from, let to):
                evidence["revisions"] = "revision \(from) crash-loops, revision \(to) serves"
                return WatchdogAlert(
                    incident: incident + "/rollback", severity: .high, subject: owner, container: container,
                    message: message, evidence: evidence,
                    recommendation: "Roll back to revision \(to), which still serves; then find why revision \(from) crashes (kubectl logs --previous \(pod.name) -n \(pod.namespace ?? "")).",
                    action: ToolInvocation(
                        tool: RollbackDeploymentTool.name,
                        arguments: [
                            "namespace": namespace, "name": .string(owner.name), "toRevision": .int(to),
                            "fromRevision": .int(from),
                        ]))
            case .none(let reason):
                guard restarts >= threshold else { return nil }
                return WatchdogAlert(
                    incident: incident + "/observe", severity: assessment.serving == 0 ? .critical : .high,
                    subject: owner, container: container, message: message, evidence: evidence,
                    recommendation: "No automatic action: \(reason). Read the previous logs (kubectl logs --previous \(pod.name) -n \(pod.namespace ?? "")) and fix the cause.")
            }
        }
    }
}
