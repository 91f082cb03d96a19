import OkikKubeClient

/// OKK-306: nodes whose requests and usage are both a small fraction of what they have, in a cluster with other
/// nodes to take their pods. A node tainted for a dedicated pool, or under memory, disk or PID pressure (its own
/// finding, OKK-207), is not "underused". A cordon-and-drain plan is proposed for a person, never run on its own.
public struct UnderusedNodeCheck: Check {
    /// `underused-nodes`.
    public let id = "underused-nodes"
    /// Cost & waste.
    public let category = OptimizationCategory.cost
    /// OKK-306.
    public let codes = [FindingCode.underusedNode]
    /// Needs node metrics.
    public let requiresMetrics = true
    /// Judges nodes: left out of namespace scans.
    public let needsWholeCluster = true
    /// Creates the check.
    public init() {}

    /// Compares each ready, schedulable node's requests and usage with its allocatable.
    public func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult {
        let fraction = context.thresholds.underusedNodeFraction
        let candidates = snapshot.nodes.filter { $0.isReady && $0.spec?.unschedulable != true }
            .filter { !Self.isDedicated($0) && !Self.isUnderPressure($0) }
        guard candidates.count > 1 else { return CheckResult(subjects: candidates.map { ResourceRef($0) }) }
        var findings: [Finding] = []
        // The guards allow only so many cordoned nodes at once; propose no more plans than could be approved.
        let allowance = context.remediation.cordonAllowance(nodes: snapshot.nodes.count)
        var proposals = max(0, allowance - snapshot.nodes.filter { $0.spec?.unschedulable == true }.count)
        let room = NodeFit(nodes: snapshot.nodes, loads: snapshot.index.nodeLoads)
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
            var rest = room.excluding(node.name)
            let movable = snapshot.pods(onNode: node.name).filter {
                !$0.isSettled && $0.metadata.controllerReference?.kind != "DaemonSet"
            }
            guard rest.place(movable).isEmpty else { continue }
            let propose = proposals > 0
            if propose { proposals -= 1 }
            findings.append(
                Finding(
                    code: .underusedNode, subject: ResourceRef(node),
                    message: "Node \(node.name) is almost unused: requests \(Figures.percent(Double(requestedCPU), of: Double(cpu))) CPU / \(Figures.percent(Double(requestedMemory), of: Double(memory))) memory, usage \(Figures.percent(Double(usedCPU), of: Double(cpu))) / \(Figures.percent(Double(usedMemory), of: Double(memory)))",
                    evidence: [
                        "allocatable": "cpu \(Figures.cpu(cpu)), memory \(Figures.memory(memory))",
                        "requested": "cpu \(Figures.cpu(requestedCPU)), memory \(Figures.memory(requestedMemory))",
                        "used": "cpu \(Figures.cpu(usedCPU)), memory \(Figures.memory(usedMemory))",
                    ],
                    recommendation: propose
                        ? "Cordon and drain it so its \(movable.count) pod(s) move to other nodes (they fit by requests), then remove it or shrink the node pool; proposed as a plan for a person."
                        : "Cordon and drain it once fewer nodes are cordoned: OKIK keeps at most \(allowance) of \(snapshot.nodes.count) nodes cordoned at once.",
                    proposedCalls: propose
                        ? [
                            ToolInvocation(tool: CordonNodeTool.name, arguments: ["name": .string(node.name)]),
                            ToolInvocation(tool: DrainNodeTool.name, arguments: ["name": .string(node.name)]),
                        ] : [],
                    planOnly: true))
        }
        return CheckResult(subjects: candidates.map { ResourceRef($0) }, findings: findings)
    }

    /// Whether the node is tainted to keep ordinary pods away (a dedicated pool: NoSchedule or NoExecute taints).
    static func isDedicated(_ node: Node) -> Bool {
        (node.spec?.taints ?? []).contains { taint in
            (taint.effect == "NoSchedule" || taint.effect == "NoExecute")
                && taint.key != "node.kubernetes.io/unschedulable"
        }
    }

    /// Whether the kubelet reports memory, disk or PID pressure.
    static func isUnderPressure(_ node: Node) -> Bool {
        ["MemoryPressure", "DiskPressure", "PIDPressure"].contains { node.status?.conditions?.first(ofType: $0)?.isTrue ?? false }
    }
}
