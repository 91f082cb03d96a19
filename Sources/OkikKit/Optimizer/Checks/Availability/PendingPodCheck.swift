import Foundation
import OkikKubeClient

/// OKK-205: pods the scheduler could not place, per workload, with the scheduler's reason and what the nodes have free.
public struct PendingPodCheck: Check {
    /// `pending-pods`.
    public let id = "pending-pods"
    /// Availability & health.
    public let category = OptimizationCategory.availability
    /// OKK-205.
    public let codes = [FindingCode.podUnschedulable]
    /// Creates the check.
    public init() {}

    /// Finds unscheduled pods older than the grace period.
    public func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult {
        var subjects: [ResourceRef] = []
        var findings: [Finding] = []
        var free: [NodeCapacity]?
        // DaemonSet pods are pinned to one node each; DaemonSetCoverageCheck reports them with their reasons.
        for workload in snapshot.workloads where workload.ref.kind != "DaemonSet" {
            let live = workload.podIndexes.filter { !snapshot.pods[$0].isSettled }
            subjects.append(workload.ref)
            let pending = live.filter { isStuck(snapshot.pods[$0], snapshot: snapshot, context: context) }
            guard let firstIndex = pending.first, let condition = snapshot.pods[firstIndex].unschedulableCondition else { continue }
            let first = snapshot.pods[firstIndex]
            let capacity = free ?? NodeCapacity.free(in: snapshot).filter(\.schedulable)
            free = capacity
            let message = condition.message ?? condition.reason ?? "Unschedulable"
            let cpu = (first.spec?.containers ?? []).saturatingSum { $0.resources?.cpuRequest?.millicores }
            let memory = (first.spec?.containers ?? []).saturatingSum { $0.resources?.memoryRequest?.bytes }
            var evidence = [
                "pods pending": "\(pending.count) of \(live.count)", "scheduler": message,
                "pending for": Figures.duration(Figures.age(first.metadata.creationTimestamp, at: snapshot.takenAt)),
                "pod requests": "cpu \(Figures.cpu(cpu)), memory \(Figures.memory(memory))",
            ]
            if let best = capacity.max(by: { ($0.freeMemory, $0.freeCPU) < ($1.freeMemory, $1.freeCPU) }) {
                evidence["most free on a node"] = "cpu \(Figures.cpu(best.freeCPU)), memory \(Figures.memory(best.freeMemory)) (\(best.node))"
            }
            findings.append(
                Finding(
                    code: .podUnschedulable, subject: workload.ref,
                    message: "\(workload.ref): \(pending.count) pod(s) cannot be scheduled: \(message)",
                    evidence: evidence, recommendation: Self.recommendation(message, cpu: cpu, memory: memory, capacity)))
        }
        return CheckResult(subjects: subjects, findings: findings)
    }

    /// Whether a pod is unscheduled, marked Unschedulable, and older than the grace period.
    private func isStuck(_ pod: Pod, snapshot: ClusterSnapshot, context: CheckContext) -> Bool {
        pod.status?.phase == "Pending" && pod.spec?.nodeName == nil && pod.unschedulableCondition != nil
            && Figures.age(pod.metadata.creationTimestamp, at: snapshot.takenAt) >= context.thresholds.pendingGraceSeconds
    }

    /// Advice for a scheduler message, given the pod's requests and the nodes' free capacity: only for the reasons
    /// that really block the pod (CPU advice only when no node has the CPU free, and so on).
    static func recommendation(
        _ message: String, cpu: Int64, memory: Int64, _ capacity: [NodeCapacity], daemon: Bool = false
    ) -> String {
        var advice: [String] = []
        let cpuFits = capacity.contains { $0.freeCPU >= cpu }
        let memoryFits = capacity.contains { $0.freeMemory >= memory }
        let bothFit = capacity.contains { $0.freeCPU >= cpu && $0.freeMemory >= memory }
        if message.contains("Insufficient memory") && !memoryFits {
            advice.append(
                "Lower the memory request (\(Figures.memory(memory)) per pod) or add a node with that much free; the most free on any node is \(Figures.memory(capacity.map(\.freeMemory).max() ?? 0)).")
        }
        if message.contains("Insufficient cpu") && !cpuFits {
            advice.append(
                "Lower the CPU request (\(Figures.cpu(cpu)) per pod) or add a node with that much free; the most free on any node is \(Figures.cpu(capacity.map(\.freeCPU).max() ?? 0)).")
        }
        if (message.contains("Insufficient memory") || message.contains("Insufficient cpu")) && cpuFits && memoryFits && !bothFit {
            advice.append("No single node has both the CPU (\(Figures.cpu(cpu))) and the memory (\(Figures.memory(memory))) free: add a larger node or lower the requests.")
        }
        let taints = untoleratedTaints(message).filter { !$0.hasPrefix("node.kubernetes.io/") && !$0.hasPrefix("node-role.kubernetes.io/") }
        if !taints.isEmpty {
            advice.append("Add a toleration for \(taints.joined(separator: ", ")) if the pod belongs on those nodes.")
        }
        if !daemon && (message.contains("node affinity/selector") || message.contains("node selector"))
            && !message.contains("Insufficient") && taints.isEmpty
        {
            advice.append("No node has the labels the nodeSelector or affinity asks for: fix the selector or label a node.")
        }
        if message.contains("PersistentVolumeClaim") { advice.append("The pod's claim is not bound: fix the claim (see OKK-303).") }
        if message.contains("were unschedulable") || message.contains("node(s) were unschedulable") {
            advice.append("Nodes are cordoned: uncordon one or add capacity.")
        }
        if message.contains("Too many pods") { advice.append("Nodes are at their pod limit: add nodes.") }
        return advice.isEmpty ? "Read the scheduler's message and the FailedScheduling events, then fix what it names." : advice.joined(separator: " ")
    }

    /// The keys of the taints a scheduler message names (`untolerated taint {dedicated: gpu}` gives `dedicated`).
    static func untoleratedTaints(_ message: String) -> [String] {
        var keys: [String] = []
        var rest = Substring(message)
        while let start = rest.range(of: "untolerated taint {") {
            rest = rest[start.upperBound...]
            guard let colon = rest.firstIndex(where: { $0 == ":" || $0 == "}" }) else { break }
            keys.append(String(rest[..<colon]).trimmingCharacters(in: .whitespaces))
        }
        return keys
    }
}
