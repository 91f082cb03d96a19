/// OKK-101: containers whose highest usage across their pods is a small fraction of what they request.
public struct OverProvisionedCheck: Check {
    /// `over-provisioned`.
    public let id = "over-provisioned"
    /// Resource efficiency.
    public let category = OptimizationCategory.resourceEfficiency
    /// OKK-101.
    public let codes = [FindingCode.overProvisioned]
    /// Needs pod metrics.
    public let requiresMetrics = true
    /// Creates the check.
    public init() {}

    /// Compares each long-running workload container's peak usage with its requests.
    public func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult {
        let limits = context.thresholds
        var evaluated = 0
        var findings: [Finding] = []
        for workload in snapshot.workloads where workload.isLongRunning {
            for container in workload.containers where container.sampledPods > 0 {
                evaluated += 1
                var evidence: [String: String] = ["sampled pods": "\(container.sampledPods)"]
                var requests: [String: String] = [:]
                var newLimits: [String: String] = [:]
                var parts: [String] = []
                if let request = container.cpuRequest, let usage = container.cpuUsage,
                    request >= limits.minimumCPURequestMillicores,
                    Double(usage) < Double(request) * limits.overProvisionedFraction
                {
                    let proposal = Figures.recommendedCPU(usage, factor: limits.recommendationHeadroom)
                    evidence["cpu request"] = Figures.cpu(request)
                    evidence["cpu usage (peak)"] = "\(Figures.cpu(usage)) (\(Figures.percent(Double(usage), of: Double(request))))"
                    requests["cpu"] = Figures.cpu(proposal)
                    // Keep the limit within the ratio LimitRatioCheck accepts, or the fix creates a new finding.
                    if let limit = container.cpuLimit, Double(limit) > Double(proposal) * limits.limitToRequestRatio {
                        newLimits["cpu"] = Figures.cpu(Figures.recommendedCPU(proposal, factor: 2))
                    }
                    parts.append("CPU \(Figures.cpu(usage)) of \(Figures.cpu(request)) requested")
                }
                if let request = container.memoryRequest, let usage = container.memoryUsage,
                    request >= limits.minimumMemoryRequestBytes,
                    Double(usage) < Double(request) * limits.overProvisionedFraction
                {
                    let proposal = Figures.recommendedMemory(usage, factor: limits.recommendationHeadroom)
                    evidence["memory request"] = Figures.memory(request)
                    evidence["memory usage (peak)"] =
                        "\(Figures.memory(usage)) (\(Figures.percent(Double(usage), of: Double(request))))"
                    requests["memory"] = Figures.memory(proposal)
                    if let limit = container.memoryLimit, Double(limit) > Double(proposal) * limits.limitToRequestRatio {
                        newLimits["memory"] = Figures.memory(Figures.recommendedMemory(proposal, factor: 2))
                    }
                    parts.append("memory \(Figures.memory(usage)) of \(Figures.memory(request)) requested")
                }
                guard !parts.isEmpty else { continue }
                var target = requests.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                if !newLimits.isEmpty {
                    target += " and the limits to " + newLimits.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                        .joined(separator: ", ")
                }
                findings.append(
                    Finding(
                        code: .overProvisioned, subject: workload.ref, container: container.name,
                        message: "\(workload.ref) container \(container.name) uses \(parts.joined(separator: " and ")) at peak",
                        evidence: evidence,
                        recommendation: "Lower the requests to \(target) (peak usage plus \(Int(((limits.recommendationHeadroom - 1) * 100).rounded()))% headroom).",
                        proposedCalls: workload.ref.kind == "Deployment"
                            ? [.updateResources(workload.ref, container: container.name, requests: requests, limits: newLimits)]
                            : []))
            }
        }
        return CheckResult(evaluated: evaluated, findings: findings)
    }
}
