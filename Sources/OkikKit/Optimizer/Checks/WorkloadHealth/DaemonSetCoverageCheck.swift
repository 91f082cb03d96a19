import OkikKubeClient

/// OKK-505 and OKK-506: DaemonSets with unavailable pods (with the scheduler's reason), and schedulable nodes a
/// DaemonSet skips because of taints it does not tolerate (control-plane taints excepted, as they are usually meant).
public struct DaemonSetCoverageCheck: Check {
    /// `daemonset-coverage`.
    public let id = "daemonset-coverage"
    /// Workload health.
    public let category = OptimizationCategory.workloadHealth
    /// OKK-505, OKK-506.
    public let codes = [FindingCode.daemonSetUnavailable, .daemonSetSkipsNodes]
    /// Creates the check.
    public init() {}

    /// The tolerations the DaemonSet controller adds to every daemon pod.
    static let automatic: [Toleration] = [
        "node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable", "node.kubernetes.io/disk-pressure",
        "node.kubernetes.io/memory-pressure", "node.kubernetes.io/pid-pressure", "node.kubernetes.io/unschedulable",
        "node.kubernetes.io/network-unavailable",
    ].map { Toleration(key: $0, operator: "Exists") }
    static let controlPlane: Set = ["node-role.kubernetes.io/control-plane", "node-role.kubernetes.io/master"]

    /// Reads each DaemonSet's status and compares its tolerations with the nodes' taints.
    public func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult {
        var findings: [Finding] = []
        for daemonSet in snapshot.daemonSets {
            let ref = ResourceRef(daemonSet)
            let status = daemonSet.status
            let desired = status?.desiredNumberScheduled ?? 0
            let unavailable = max(status?.numberUnavailable ?? 0, desired - (status?.numberAvailable ?? 0))
            if desired > 0, unavailable > 0 {
                let pending = snapshot.pods(of: ref).filter { !$0.isSettled && $0.status?.phase == "Pending" }
                let reasons = Set(pending.compactMap { $0.unschedulableCondition?.message }).sorted()
                var evidence = [
                    "desired": "\(desired)", "available": "\(status?.numberAvailable ?? 0)", "unavailable": "\(unavailable)",
                ]
                if !reasons.isEmpty { evidence["scheduler"] = reasons.joined(separator: "; ") }
                findings.append(
                    Finding(
                        code: .daemonSetUnavailable, subject: ref,
                        message: "\(ref) is unavailable on \(unavailable) of \(desired) nodes\(reasons.first.map { ": \($0)" } ?? "")",
                        evidence: evidence,
                        recommendation: reasons.contains { $0.contains("Insufficient") }
                            ? "Its requests do not fit on some nodes: lower them, or free capacity there (daemons usually need a PriorityClass to preempt)."
                            : "See why its pods on those nodes are not available (kubectl get pods -o wide -n \(ref.namespace ?? ""))."))
            }
            let tolerations = (daemonSet.spec?.template?.spec?.tolerations ?? []) + Self.automatic
            let selector = daemonSet.spec?.template?.spec?.nodeSelector ?? [:]
            var skipped: [(String, Taint)] = []
            for node in snapshot.nodes where node.spec?.unschedulable != true {
                let labels = node.metadata.labels ?? [:]
                guard selector.allSatisfy({ labels[$0.key] == $0.value }) else { continue }
                if let taint = (node.spec?.taints ?? []).first(where: { taint in
                    (taint.effect == "NoSchedule" || taint.effect == "NoExecute")
                        && !Self.controlPlane.contains(taint.key ?? "") && !tolerations.tolerates(taint)
                }) {
                    skipped.append((node.name, taint))
                }
            }
            if !skipped.isEmpty {
                let names = skipped.map(\.0)
                let taints = Set(skipped.map { "\($0.1.key ?? "")=\($0.1.value ?? ""):\($0.1.effect ?? "")" }).sorted()
                findings.append(
                    Finding(
                        code: .daemonSetSkipsNodes, subject: ref,
                        message: "\(ref) does not run on \(names.count) node(s) (\(names.joined(separator: ", "))): it does not tolerate \(taints.joined(separator: ", "))",
                        evidence: ["nodes": names.joined(separator: ", "), "taints": taints.joined(separator: ", ")],
                        recommendation: "If the daemon is needed there (log shipping, monitoring), add a toleration for the taint."))
            }
        }
        return CheckResult(subjects: snapshot.daemonSets.map { ResourceRef($0) }, findings: findings)
    }
}
