import OkikKubeClient

/// OKK-201: containers in CrashLoopBackOff, per workload; a crash-looping Deployment is proposed for quarantine
/// unless it crashes from OOM kills (OKK-104 proposes more memory instead).
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
        var evaluated = 0
        var findings: [Finding] = []
        for workload in snapshot.workloads {
            let pods = workload.livePods(in: snapshot)
            evaluated += pods.count
            for container in workload.containers {
                var looping = 0
                var restarts = 0
                var lastTermination: ContainerState.Terminated?
                var waitingMessage: String?
                for pod in pods {
                    guard let status = pod.containerStatuses.first(where: { $0.name == container.name }),
                        status.state?.waiting?.reason == "CrashLoopBackOff"
                    else { continue }
                    looping += 1
                    restarts = max(restarts, status.restartCount ?? 0)
                    lastTermination = lastTermination ?? status.lastState?.terminated
                    waitingMessage = waitingMessage ?? status.state?.waiting?.message
                }
                guard looping > 0 else { continue }
                let oom = lastTermination?.reason == "OOMKilled"
                var evidence = [
                    "pods crash-looping": "\(looping) of \(pods.count)", "restarts (highest)": "\(restarts)",
                ]
                if let lastTermination {
                    evidence["last exit"] = "code \(lastTermination.exitCode.map(String.init) ?? "?"), reason \(lastTermination.reason ?? "?")"
                }
                if let waitingMessage { evidence["kubelet"] = waitingMessage }
                let reason = "CrashLoopBackOff: \(looping) pod(s), \(restarts) restarts, last exit \(lastTermination?.reason ?? "unknown")"
                let quarantine = workload.ref.kind == "Deployment" && !oom
                findings.append(
                    Finding(
                        code: .crashLoop, subject: workload.ref, container: container.name,
                        message: "\(workload.ref) container \(container.name) is crash-looping in \(looping) of \(pods.count) pods (\(restarts) restarts)",
                        evidence: evidence,
                        recommendation: oom
                            ? "It is killed for memory: raise its memory limit (see OKK-104)."
                            : "Read the previous logs (kubectl logs --previous \(workload.ref.kubectlName)); quarantine the workload until it is fixed.",
                        proposedCalls: quarantine
                            ? [ToolInvocation(
                                tool: QuarantineDeploymentTool.name,
                                arguments: [
                                    "namespace": .string(workload.ref.namespace ?? ""), "name": .string(workload.ref.name),
                                    "reason": .string(reason),
                                ])]
                            : []))
            }
        }
        return CheckResult(evaluated: evaluated, findings: findings)
    }
}
