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

    /// One resource's figures and wording.
    private struct Dimension {
        var resource: String
        var code: FindingCode
        var limit: Int64?
        var usage: Int64?
        var format: (Int64) -> String
        var argument: (Int64) -> String
        var recommend: (Int64) -> Int64
        var consequence: String
        var advice: String
    }

    /// Compares each workload container's peak usage with its limits.
    public func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult {
        let nearLimit = context.thresholds.nearLimitFraction
        var subjects: [ResourceRef] = []
        var findings: [Finding] = []
        for workload in snapshot.workloads {
            // A Guaranteed pod (requests equal to limits) keeps its QoS class: a raised limit raises the request too.
            let guaranteed = snapshot.deployment(workload.ref)
                .map { ResizeRules.isGuaranteed($0.spec?.template?.spec?.containers ?? []) } ?? false
            for container in workload.containers where container.sampledPods > 0 {
                subjects.append(workload.ref)
                let dimensions = [
                    Dimension(
                        resource: "memory", code: .memoryNearLimit, limit: container.memoryLimit, usage: container.memoryUsage,
                        format: Figures.memory, argument: Figures.memoryQuantity, recommend: { Figures.recommendedMemory($0, factor: 1.5) },
                        consequence: "memory limit", advice: "before it is OOM-killed, or find why usage grows"),
                    Dimension(
                        resource: "cpu", code: .cpuNearLimit, limit: container.cpuLimit, usage: container.cpuUsage,
                        format: Figures.cpu, argument: Figures.cpu, recommend: { Figures.recommendedCPU($0, factor: 1.5) },
                        consequence: "CPU limit and is throttled", advice: "or scale out"),
                ]
                for dimension in dimensions {
                    guard let limit = dimension.limit, let usage = dimension.usage, Double(usage) >= Double(limit) * nearLimit
                    else { continue }
                    let proposed = dimension.recommend(max(usage, limit))
                    let proposal = dimension.format(proposed)
                    let value = dimension.argument(proposed)
                    findings.append(
                        Finding(
                            code: dimension.code, subject: workload.ref, container: container.name,
                            message: "\(workload.ref) container \(container.name) uses \(dimension.format(usage)) of its \(dimension.format(limit)) \(dimension.consequence)",
                            evidence: [
                                "\(dimension.resource) limit": dimension.format(limit),
                                "\(dimension.resource) usage (peak)": "\(dimension.format(usage)) (\(Figures.percent(Double(usage), of: Double(limit))))",
                            ],
                            recommendation: "Raise the \(dimension.resource == "cpu" ? "CPU" : "memory") limit to \(proposal) \(dimension.advice).",
                            proposedCalls: workload.ref.kind == "Deployment"
                                ? [.updateResources(
                                    workload.ref, container: container.name,
                                    requests: guaranteed ? [dimension.resource: value] : [:], limits: [dimension.resource: value])]
                                : []))
                }
            }
        }
        return CheckResult(subjects: subjects, findings: findings)
    }
}
