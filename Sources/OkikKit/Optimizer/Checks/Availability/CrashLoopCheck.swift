import OkikKubeClient

/// OKK-201: containers in CrashLoopBackOff, per workload. What to propose comes from the shared
/// ``CrashLoopAssessment`` (the watchdog's rule): quarantine a Deployment only when it serves nothing past the restart
/// threshold, roll back a new revision that crash-loops while an older one serves, and otherwise propose nothing.
/// Crash loops from OOM kills get no quarantine: OKK-104 proposes more memory instead. Critical when no pod serves,
/// high while some still do.
public struct CrashLoopCheck: Check {
    /// `crash-loop`.
    public let id = "crash-loop"
    /// Availability & health.
    public let category = OptimizationCategory.availability
    /// OKK-201.
    public let codes = [FindingCode.crashLoop]
    /// Creates the check.
    public init() {}

    /// Groups crash-looping containers by workload and container.
    public func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult {
        var subjects: [ResourceRef] = []
        var findings: [Finding] = []
        for workload in snapshot.workloads {
            let pods = workload.livePods(in: snapshot)
            subjects.append(workload.ref)
            for container in workload.containers {
                let looping = pods.compactMap { pod in
                    pod.containerStatuses.first { $0.name == container.name && $0.state?.waiting?.reason == "CrashLoopBackOff" }
                }
                guard !looping.isEmpty else { continue }
                let lastTermination = looping.lazy.compactMap(\.lastState?.terminated).first
                let oom = lastTermination?.reason == "OOMKilled"
                let assessment = CrashLoopAssessment.assess(
                    workload: workload.ref, container: container.name, pods: pods,
                    replicaSets: workload.ref.kind == "Deployment" ? snapshot.replicaSets(of: workload.ref) : [],
                    policy: context.remediation, now: snapshot.takenAt)
                var evidence = [
                    "pods crash-looping": "\(assessment.looping) of \(pods.count)",
                    "restarts (highest)": "\(assessment.highestRestarts)",
                    "serving pods": "\(assessment.serving) of \(assessment.live)",
                ]
                if let lastTermination {
                    evidence["last exit"] = "code \(lastTermination.exitCode.map(String.init) ?? "?"), reason \(lastTermination.reason ?? "?")"
                }
                if let waitingMessage = looping.lazy.compactMap(\.state?.waiting?.message).first { evidence["kubelet"] = waitingMessage }
                let namespace = JSONValue.string(workload.ref.namespace ?? "")
                var calls: [ToolInvocation] = []
                var recommendation: String
                let logs = "read the previous logs (kubectl logs --previous \(workload.ref.kubectlName))"
                if oom {
                    recommendation = "It is killed for memory: raise its memory limit (see OKK-104)."
                } else {
                    switch assessment.remedy {
                    case .quarantine:
                        recommendation = "No pod serves and the restarts passed the threshold of \(context.remediation.restartThreshold): quarantine the workload until it is fixed; \(logs)."
                        let reason = "CrashLoopBackOff: \(assessment.looping) pod(s), \(assessment.highestRestarts) restarts, no pod serves, last exit \(lastTermination?.reason ?? "unknown")"
                        calls = [ToolInvocation(
                            tool: QuarantineDeploymentTool.name,
                            arguments: ["namespace": namespace, "name": .string(workload.ref.name), "reason": .string(reason)])]
                    case .rollback(let from, let to):
                        evidence["revisions"] = "revision \(from) crash-loops, revision \(to) serves"
                        recommendation = "Roll back to revision \(to), which still serves; then \(logs) to see why revision \(from) fails."
                        calls = [ToolInvocation(
                            tool: RollbackDeploymentTool.name,
                            arguments: [
                                "namespace": namespace, "name": .string(workload.ref.name), "toRevision": .int(to),
                                "fromRevision": .int(from),
                            ])]
                    case .none(let reason):
                        recommendation = "No automatic action (\(reason)); \(logs) and fix the cause."
                    }
                }
                findings.append(
                    Finding(
                        code: .crashLoop, severity: assessment.serving == 0 ? .critical : .high, subject: workload.ref,
                        container: container.name,
                        message: "\(workload.ref) container \(container.name) is crash-looping in \(assessment.looping) of \(pods.count) pods (\(assessment.highestRestarts) restarts; \(assessment.serving) serve)",
                        evidence: evidence, recommendation: recommendation, proposedCalls: calls))
            }
        }
        return CheckResult(subjects: subjects, findings: findings)
    }
}
