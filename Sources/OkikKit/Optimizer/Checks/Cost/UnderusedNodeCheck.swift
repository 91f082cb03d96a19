import OkikKubeClient

/// OKK-306: nodes whose requests and usage are both a small fraction of what they have, in a cluster with other
/// nodes to take their pods; cordoning is proposed (a destructive step, so it waits for approval below L4).
public struct UnderusedNodeCheck: Check {
    /// `underused-nodes`.
    public let id = "underused-nodes"
    /// Cost & waste.
    public let category = OptimizationCategory.cost
    /// OKK-306.
    public let codes = [FindingCode.underusedNode]
    /// Needs node metrics.
    public let requiresMetrics = true
    /// Creates the check.
    public init() {}

    /// Compares each ready, schedulable node's requests and usage with its allocatable.
    public func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult {
        let fraction = context.thresholds.underusedNodeFraction
        let candidates = snapshot.nodes.filter { $0.isReady && $0.spec?.unschedulable != true }
        guard candidates.count > 1 else { return CheckResult(evaluated: candidates.count) }
        var findings: [Finding] = []
        for node in candidates {
            guard let cpu = node.status?.allocatable?["cpu"]?.millicores, cpu > 0,
                let memory = node.status?.allocatable?["memory"]?.bytes, memory > 0,
                let usage = snapshot.metrics(ofNode: node.name)?.usage
            else { continue }
            let load = snapshot.load(onNode: node.name)
            let requestedCPU = load.cpuRequests
            let requestedMemory = load.memoryRequests
            let usedCPU = usage["cpu"]?.millicores ?? 0
            let usedMemory = usage["memory"]?.bytes ?? 0
            let low = [
                Double(requestedCPU) / Double(cpu), Double(requestedMemory) / Double(memory), Double(usedCPU) / Double(cpu),
                Double(usedMemory) / Double(memory),
            ].allSatisfy { $0 < fraction }
            guard low else { continue }
            findings.append(
                Finding(
                    code: .underusedNode, subject: ResourceRef(node),
                    message: "Node \(node.name) is almost unused: requests \(Figures.percent(Double(requestedCPU), of: Double(cpu))) CPU / \(Figures.percent(Double(requestedMemory), of: Double(memory))) memory, usage \(Figures.percent(Double(usedCPU), of: Double(cpu))) / \(Figures.percent(Double(usedMemory), of: Double(memory)))",
                    evidence: [
                        "allocatable": "cpu \(Figures.cpu(cpu)), memory \(Figures.memory(memory))",
                        "requested": "cpu \(Figures.cpu(requestedCPU)), memory \(Figures.memory(requestedMemory))",
                        "used": "cpu \(Figures.cpu(usedCPU)), memory \(Figures.memory(usedMemory))",
                    ],
                    recommendation: "Cordon and drain it so its pods move to other nodes, then remove it or shrink the node pool.",
                    proposedCalls: [ToolInvocation(tool: CordonNodeTool.name, arguments: ["name": .string(node.name)])]))
        }
        return CheckResult(evaluated: candidates.count, findings: findings)
    }
}
