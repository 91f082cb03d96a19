import Foundation

/// OKK-107: limits many times the requests, so pods may burst far beyond what the scheduler reserved.
public struct LimitRatioCheck: Check {
    /// `limit-ratio`.
    public let id = "limit-ratio"
    /// Resource efficiency.
    public let category = OptimizationCategory.resourceEfficiency
    /// OKK-107.
    public let codes = [FindingCode.limitsFarAboveRequests]
    /// Creates the check.
    public init() {}

    /// Compares limits with requests for each workload container.
    public func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult {
        let ratio = context.thresholds.limitToRequestRatio
        var subjects: [ResourceRef] = []
        var findings: [Finding] = []
        for workload in snapshot.workloads {
            for container in workload.containers {
                subjects.append(workload.ref)
                var evidence: [String: String] = [:]
                var parts: [String] = []
                if let request = container.cpuRequest, let limit = container.cpuLimit, request > 0,
                    Double(limit) > Double(request) * ratio
                {
                    evidence["cpu"] = "request \(Figures.cpu(request)), limit \(Figures.cpu(limit))"
                    parts.append("CPU limit \(Figures.cpu(limit)) is \(String(format: "%.1f", Double(limit) / Double(request)))x its request")
                }
                if let request = container.memoryRequest, let limit = container.memoryLimit, request > 0,
                    Double(limit) > Double(request) * ratio
                {
                    evidence["memory"] = "request \(Figures.memory(request)), limit \(Figures.memory(limit))"
                    parts.append("memory limit \(Figures.memory(limit)) is \(String(format: "%.1f", Double(limit) / Double(request)))x its request")
                }
                guard !parts.isEmpty else { continue }
                findings.append(
                    Finding(
                        code: .limitsFarAboveRequests, subject: workload.ref, container: container.name,
                        message: "\(workload.ref) container \(container.name): \(parts.joined(separator: "; "))",
                        evidence: evidence,
                        recommendation: "Bring requests closer to real usage, or limits down to at most \(Int(ratio))x the requests."))
            }
        }
        return CheckResult(subjects: subjects, findings: findings)
    }
}
