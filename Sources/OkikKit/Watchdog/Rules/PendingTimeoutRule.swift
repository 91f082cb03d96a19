import Foundation
import OkikKubeClient

/// Pending past the timeout: a diagnosis from the scheduler's message and the nodes' free capacity. One incident
/// per workload revision.
public struct PendingTimeoutRule: WatchdogRule {
    /// `pending-timeout`.
    public let id = "pending-timeout"
    /// Creates the rule.
    public init() {}

    /// Fires once the pod has been unschedulable for longer than the timeout.
    public func evaluate(_ pod: Pod, context: WatchdogContext) -> [WatchdogAlert] {
        guard pod.metadata.deletionTimestamp == nil, pod.status?.phase == "Pending", pod.spec?.nodeName == nil,
            let condition = pod.unschedulableCondition, let created = pod.metadata.creationTimestamp
        else { return [] }
        let age = context.now.timeIntervalSince(created.date)
        guard age >= context.configuration.pendingTimeout.timeInterval else { return [] }
        let owner = context.owner
        let cpu = (pod.spec?.containers ?? []).saturatingSum { $0.resources?.cpuRequest?.millicores }
        let memory = (pod.spec?.containers ?? []).saturatingSum { $0.resources?.memoryRequest?.bytes }
        let nodes = context.nodeCapacity().filter(\.schedulable)
        let fitting = nodes.filter { $0.freeCPU >= cpu && $0.freeMemory >= memory }
        let message = condition.message ?? condition.reason ?? "Unschedulable"
        var evidence = [
            "pending for": Figures.duration(age), "scheduler": message, "pod": pod.name,
            "pod requests": "cpu \(Figures.cpu(cpu)), memory \(Figures.memory(memory))",
            "schedulable nodes": "\(nodes.count)", "nodes with room by requests": "\(fitting.count)",
        ]
        if let most = nodes.max(by: { ($0.freeMemory, $0.freeCPU) < ($1.freeMemory, $1.freeCPU) }) {
            evidence["most free on a node"] =
                "cpu \(Figures.cpu(most.freeCPU)), memory \(Figures.memory(most.freeMemory)) (\(most.node))"
        }
        var diagnosis = PendingPodCheck.recommendation(
            message, cpu: cpu, memory: memory,
            nodes, daemon: owner.kind == "DaemonSet")
        if !fitting.isEmpty && (message.contains("Insufficient")) {
            diagnosis += " \(fitting.count) node(s) now have room by requests; the scheduler may place it on its next attempt."
        }
        return [
            WatchdogAlert(
                incident: "\(id)/\(owner.kind)/\(owner.namespace ?? "")/\(owner.name)@\(pod.revision)",
                severity: .high, subject: owner,
                message: "\(owner): pod \(pod.name) has been unschedulable for \(Figures.duration(age)): \(message)",
                evidence: evidence, recommendation: diagnosis)
        ]
    }
}
