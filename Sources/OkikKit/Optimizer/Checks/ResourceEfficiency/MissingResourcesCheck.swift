/// OKK-105 and OKK-106: containers without CPU/memory requests, or without a memory limit.
public struct MissingResourcesCheck: Check {
    /// `missing-resources`.
    public let id = "missing-resources"
    /// Resource efficiency.
    public let category = OptimizationCategory.resourceEfficiency
    /// OKK-105, OKK-106.
    public let codes = [FindingCode.missingRequests, .missingLimits]
    /// Creates the check.
    public init() {}

    /// Reads each workload container's requests and limits.
    public func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult {
        var subjects: [ResourceRef] = []
        var findings: [Finding] = []
        for workload in snapshot.workloads {
            for container in workload.containers {
                subjects.append(workload.ref)
                let missing = [("cpu", container.cpuRequest), ("memory", container.memoryRequest)]
                    .filter { $0.1 == nil }.map(\.0)
                let usage = [
                    container.cpuUsage.map { "cpu \(Figures.cpu($0))" }, container.memoryUsage.map { "memory \(Figures.memory($0))" },
                ].compactMap { $0 }
                let hint = usage.isEmpty ? "" : " Observed peak usage: \(usage.joined(separator: ", "))."
                if !missing.isEmpty {
                    findings.append(
                        Finding(
                            code: .missingRequests, subject: workload.ref, container: container.name,
                            message: "\(workload.ref) container \(container.name) has no \(missing.joined(separator: " or ")) request",
                            evidence: ["missing requests": missing.joined(separator: ", ")],
                            recommendation: "Set \(missing.joined(separator: " and ")) requests from observed usage.\(hint)"))
                }
                if container.memoryLimit == nil {
                    findings.append(
                        Finding(
                            code: .missingLimits, subject: workload.ref, container: container.name,
                            message: "\(workload.ref) container \(container.name) has no memory limit",
                            evidence: ["memory request": container.memoryRequest.map(Figures.memory) ?? "none"],
                            recommendation: "Set a memory limit a little above the container's real peak.\(hint)"))
                }
            }
        }
        return CheckResult(subjects: subjects, findings: findings)
    }
}
