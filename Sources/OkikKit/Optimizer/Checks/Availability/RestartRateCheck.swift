/// OKK-202: containers that run now but have restarted many times.
public struct RestartRateCheck: Check {
    /// `restart-rate`.
    public let id = "restart-rate"
    /// Availability & health.
    public let category = OptimizationCategory.availability
    /// OKK-202.
    public let codes = [FindingCode.frequentRestarts]
    /// Creates the check.
    public init() {}

    /// Counts restarts of running containers, per workload container.
    public func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult {
        let threshold = context.thresholds.restartThreshold
        var subjects: [ResourceRef] = []
        var findings: [Finding] = []
        for workload in snapshot.workloads {
            let pods = workload.livePods(in: snapshot)
            subjects.append(workload.ref)
            for container in workload.containers {
                var affected = 0
                var highest = 0
                var lastReason: String?
                for pod in pods {
                    guard let status = pod.containerStatuses.first(where: { $0.name == container.name }),
                        status.state?.running != nil, let restarts = status.restartCount, restarts >= threshold
                    else { continue }
                    affected += 1
                    highest = max(highest, restarts)
                    lastReason = lastReason ?? status.lastState?.terminated?.reason
                }
                guard affected > 0 else { continue }
                findings.append(
                    Finding(
                        code: .frequentRestarts, subject: workload.ref, container: container.name,
                        message: "\(workload.ref) container \(container.name) is running but has restarted \(highest) times",
                        evidence: [
                            "pods": "\(affected) of \(pods.count)", "restarts (highest)": "\(highest)",
                            "last termination": lastReason ?? "unknown",
                        ],
                        recommendation: "Read the previous logs (kubectl logs --previous \(workload.ref.kubectlName)) and the last termination reason."))
            }
        }
        return CheckResult(subjects: subjects, findings: findings)
    }
}
