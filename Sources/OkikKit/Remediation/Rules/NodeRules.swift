import OkikKubeClient

/// Node invariants: never the last schedulable node, never more than the policy's share of nodes cordoned at once,
/// never a node whose pods would not fit elsewhere by requests. Pure functions.
enum NodeRules {
    static let limitRule = "node-cordon-limit"
    static let capacityRule = "node-capacity"

    /// Cordoning (or draining, which cordons first) `name`.
    static func cordon(_ name: String, nodes: [Node], pods: [Pod], policy: RemediationPolicy, drain: Bool) -> GuardVerdict {
        guard let node = nodes.first(where: { $0.name == name }) else { return .allow }
        let alreadyCordoned = node.spec?.unschedulable == true
        let schedulable = { (node: Node) in node.isReady && node.spec?.unschedulable != true }
        if !alreadyCordoned {
            if schedulable(node), !nodes.contains(where: { $0.name != name && schedulable($0) }) {
                return .refuse(rule: capacityRule, reason: "node \(name) is the last schedulable node")
            }
            let cordoned = nodes.filter { $0.name != name && $0.spec?.unschedulable == true }.map(\.name).sorted()
            let allowance = policy.cordonAllowance(nodes: nodes.count)
            if cordoned.count + 1 > allowance {
                return .refuse(
                    rule: limitRule,
                    reason: "\(cordoned.count) of \(nodes.count) nodes are cordoned already (\(cordoned.prefix(5).joined(separator: ", "))); at most \(allowance) may be at once (\(Int(policy.maxCordonedNodeShare * 100))%)")
            }
        } else if !drain {
            return .allow
        }
        let movable = pods.filter { pod in
            pod.spec?.nodeName == name && !pod.isSettled && pod.metadata.controllerReference?.kind != "DaemonSet"
        }
        var fit = NodeFit(nodes: nodes, pods: pods, excluding: name)
        let unplaced = fit.place(movable)
        guard unplaced.isEmpty else {
            let names = unplaced.prefix(3).map { "\($0.namespace ?? "")/\($0.name)" }.joined(separator: ", ")
            return .refuse(
                rule: capacityRule,
                reason: "\(unplaced.count) of the \(movable.count) pods on node \(name) would fit on no other schedulable node by requests (\(names)\(unplaced.count > 3 ? ", ..." : ""))")
        }
        return .allow
    }
}
