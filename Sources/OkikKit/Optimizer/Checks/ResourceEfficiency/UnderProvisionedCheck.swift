/// OKK-102 and OKK-103: containers whose peak usage is at or near their memory or CPU limit.
public struct UnderProvisionedCheck: Check {
    /// `under-provisioned`.
    public let id = "under-provisioned"
    /// Resource efficiency.
    public let category = OptimizationCategory.resourceEfficiency
    /// OKK-102, OKK-103.
    public let codes = [FindingCode.memoryNearLimit, .cpuNearLimit]
    /// Needs pod metrics.
    public let requiresMetrics = true
    /// Creates the check.
    public init() {}

    /// Compares each workload container's peak usage with its limits.
    public func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult {
        let thresholds = context.thresholds
        var evaluated = 0
        var findings: [Finding] = []
        for workload in snapshot.workloads {
            for container in workload.containers where container.sampledPods > 0 {
                evaluated += 1
                if let limit = container.memoryLimit, let usage = container.memoryUsage,
                    Double(usage) >= Double(limit) * thresholds.nearLimitFraction
                {
                    let proposal = Figures.recommendedMemory(max(usage, limit), factor: 1.5)
                    findings.append(
                        Finding(
                            code: .memoryNearLimit, subject: workload.ref, container: container.name,
                            message: "\(workload.ref) container \(container.name) uses \(Figures.memory(usage)) of its \(Figures.memory(limit)) memory limit",
                            evidence: [
                                "memory limit": Figures.memory(limit),
                                "memory usage (peak)": "\(Figures.memory(usage)) (\(Figures.percent(Double(usage), of: Double(limit))))",
                            ],
                            recommendation: "Raise the memory limit to \(Figures.memory(proposal)) before it is OOM-killed, or find why usage grows.",
                            proposedCalls: workload.ref.kind == "Deployment"
                                ? [.updateResources(workload.ref, container: container.name, limits: ["memory": Figures.memory(proposal)])]
                                : []))
                }
                if let limit = container.cpuLimit, let usage = container.cpuUsage,
                    Double(usage) >= Double(limit) * thresholds.nearLimitFraction
                {
                    let proposal = Figures.recommendedCPU(max(usage, limit), factor: 1.5)
                    findings.append(
                        Finding(
                            code: .cpuNearLimit, subject: workload.ref, container: container.name,
                            message: "\(workload.ref) container \(container.name) uses \(Figures.cpu(usage)) of its \(Figures.cpu(limit)) CPU limit and is throttled",
                            evidence: [
                                "cpu limit": Figures.cpu(limit),
                                "cpu usage (peak)": "\(Figures.cpu(usage)) (\(Figures.percent(Double(usage), of: Double(limit))))",
                            ],
                            recommendation: "Raise the CPU limit to \(Figures.cpu(proposal)), or scale out.",
                            proposedCalls: workload.ref.kind == "Deployment"
                                ? [.updateResources(workload.ref, container: container.name, limits: ["cpu": Figures.cpu(proposal)])]
                                : []))
                }
            }
        }
        return CheckResult(evaluated: evaluated, findings: findings)
    }
}
