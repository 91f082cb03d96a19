/// OKK-101: containers that use a small fraction of what they request, judged from usage history, never from one
/// sample: CPU by its p95, memory by its peak over the retained days (as KRR and the VPA recommender do). Without
/// enough history the finding is info, saying how much history there is, and nothing is proposed. Proposals never go
/// below the observed peak (memory) or the p99 (CPU limits), and a Guaranteed pod stays Guaranteed.
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

    /// Compares each long-running workload container's usage history with its requests.
    public func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult {
        let limits = context.thresholds
        let policy = context.remediation
        var subjects: [ResourceRef] = []
        var findings: [Finding] = []
        for workload in snapshot.workloads where workload.isLongRunning {
            let template = snapshot.deployment(workload.ref)?.spec?.template?.spec?.containers
            let guaranteed = template.map(ResizeRules.isGuaranteed) ?? false
            for container in workload.containers where container.sampledPods > 0 {
                subjects.append(workload.ref)
                let history = context.history[ContainerKey(workload: workload.ref, container: container.name)]
                let cpuUsage = history.map { $0.cpuPercentile(policy.cpuRequestPercentile) } ?? container.cpuUsage
                let memoryUsage = history.map(\.memoryPeak) ?? container.memoryUsage
                let cpuOver = container.cpuRequest.flatMap { request in
                    cpuUsage.map { request >= limits.minimumCPURequestMillicores && Double($0) < Double(request) * limits.overProvisionedFraction }
                } ?? false
                let memoryOver = container.memoryRequest.flatMap { request in
                    memoryUsage.map { request >= limits.minimumMemoryRequestBytes && Double($0) < Double(request) * limits.overProvisionedFraction }
                } ?? false
                guard cpuOver || memoryOver else { continue }
                var parts: [String] = []
                var evidence: [String: String] = ["sampled pods": "\(container.sampledPods)"]
                if cpuOver, let request = container.cpuRequest, let usage = cpuUsage {
                    evidence["cpu request"] = Figures.cpu(request)
                    evidence[history == nil ? "cpu usage (this sample)" : "cpu usage (p\(Int(policy.cpuRequestPercentile * 100)))"] =
                        "\(Figures.cpu(usage)) (\(Figures.percent(Double(usage), of: Double(request))))"
                    parts.append("CPU \(Figures.cpu(usage)) of \(Figures.cpu(request)) requested")
                }
                if memoryOver, let request = container.memoryRequest, let usage = memoryUsage {
                    evidence["memory request"] = Figures.memory(request)
                    evidence[history == nil ? "memory usage (this sample)" : "memory usage (peak)"] =
                        "\(Figures.memory(usage)) (\(Figures.percent(Double(usage), of: Double(request))))"
                    parts.append("memory \(Figures.memory(usage)) of \(Figures.memory(request)) requested")
                }
                let message = "\(workload.ref) container \(container.name) uses \(parts.joined(separator: " and "))"
                guard let history, history.isSufficient(for: policy) else {
                    evidence["usage history"] = history?.extent ?? "none"
                    findings.append(
                        Finding(
                            code: .overProvisioned, severity: .info, subject: workload.ref, container: container.name,
                            message: message + "; not enough usage history to resize yet",
                            evidence: evidence,
                            recommendation: "Rightsizing needs \(Figures.duration(policy.minimumHistorySeconds)) and \(policy.minimumHistorySamples) samples of usage history; it has \(history?.extent ?? "none"). OKIK keeps recording and proposes a change when there is enough."))
                    continue
                }
                evidence["usage history"] = history.extent
                let proposal = Self.proposal(
                    container, history: history, cpu: cpuOver, memory: memoryOver, guaranteed: guaranteed, policy: policy,
                    thresholds: limits)
                findings.append(
                    Finding(
                        code: .overProvisioned, subject: workload.ref, container: container.name,
                        message: message + " (\(history.extent))", evidence: evidence,
                        recommendation: "Set \(proposal.text): CPU requests at the p\(Int(policy.cpuRequestPercentile * 100)) of usage, memory at the peak plus \(Int((policy.memoryMargin * 100).rounded()))%, limits never below the p\(Int(policy.cpuLimitPercentile * 100)) or the peak\(guaranteed ? "; requests stay equal to limits (Guaranteed)" : "").",
                        proposedCalls: workload.ref.kind == "Deployment"
                            ? [.updateResources(workload.ref, container: container.name, requests: proposal.requests, limits: proposal.limits)]
                            : []))
            }
        }
        return CheckResult(subjects: subjects, findings: findings)
    }

    /// The new requests and limits from history.
    static func proposal(
        _ container: ContainerFigures, history: ContainerUsageHistory, cpu: Bool, memory: Bool, guaranteed: Bool,
        policy: RemediationPolicy, thresholds: OptimizerThresholds
    ) -> (requests: [String: String], limits: [String: String], text: String) {
        var requests: [String: String] = [:]
        var limits: [String: String] = [:]
        let cpuFloor = history.cpuPercentile(policy.cpuLimitPercentile)
        let memoryTarget = Figures.recommendedMemory(history.memoryPeak, factor: 1 + policy.memoryMargin)
        if cpu {
            let request = Figures.recommendedCPU(history.cpuPercentile(policy.cpuRequestPercentile), factor: 1)
            if guaranteed {
                let value = Figures.cpu(Figures.recommendedCPU(cpuFloor, factor: 1))
                requests["cpu"] = value
                limits["cpu"] = value
            } else {
                requests["cpu"] = Figures.cpu(request)
                if let limit = container.cpuLimit, Double(limit) > Double(request) * thresholds.limitToRequestRatio {
                    limits["cpu"] = Figures.cpu(max(Figures.recommendedCPU(request, factor: 2), Figures.recommendedCPU(cpuFloor, factor: 1)))
                }
            }
        }
        if memory {
            if guaranteed {
                requests["memory"] = Figures.memoryQuantity(memoryTarget)
                limits["memory"] = Figures.memoryQuantity(memoryTarget)
            } else {
                requests["memory"] = Figures.memoryQuantity(memoryTarget)
                if let limit = container.memoryLimit, Double(limit) > Double(memoryTarget) * thresholds.limitToRequestRatio {
                    limits["memory"] = Figures.memoryQuantity(Figures.recommendedMemory(memoryTarget, factor: 2))
                }
            }
        }
        var text = "the requests to " + requests.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        if !limits.isEmpty {
            text += " and the limits to " + limits.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        }
        return (requests, limits, text)
    }
}
