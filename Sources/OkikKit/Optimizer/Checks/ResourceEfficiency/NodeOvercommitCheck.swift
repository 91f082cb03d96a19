/// OKK-108: nodes whose pods' memory limits add up to far more than the node has.
public struct NodeOvercommitCheck: Check {
    /// `node-overcommit`.
    public let id = "node-overcommit"
    /// Resource efficiency.
    public let category = OptimizationCategory.resourceEfficiency
    /// OKK-108.
    public let codes = [FindingCode.nodeOvercommitted]
    /// Judges nodes: left out of namespace scans.
    public let needsWholeCluster = true
    /// Creates the check.
    public init() {}

    /// Sums the memory limits of the live pods on each node.
    public func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult {
        let ratio = context.thresholds.nodeOvercommitRatio
        var findings: [Finding] = []
        for node in snapshot.nodes {
            guard let allocatable = node.status?.allocatable?["memory"]?.bytes, allocatable > 0 else { continue }
            let load = snapshot.load(onNode: node.name)
            let limits = load.memoryLimits
            guard Double(limits) > Double(allocatable) * ratio else { continue }
            findings.append(
                Finding(
                    code: .nodeOvercommitted, subject: ResourceRef(node),
                    message: "Node \(node.name): memory limits of its \(load.pods) pods add up to \(Figures.memory(limits)), \(Figures.percent(Double(limits), of: Double(allocatable))) of its \(Figures.memory(allocatable))",
                    evidence: [
                        "memory allocatable": Figures.memory(allocatable), "memory limits": Figures.memory(limits),
                        "pods": "\(load.pods)",
                    ],
                    recommendation: "Lower limits that are far above real usage, or spread these pods over more nodes."))
        }
        return CheckResult(subjects: snapshot.nodes.map { ResourceRef($0) }, findings: findings)
    }
}
