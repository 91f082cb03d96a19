import OkikKubeClient

/// OKK-405 and OKK-406: CPU-utilization HPAs whose target workload makes the target meaningless: a container
/// without a CPU request (utilization cannot be computed), or CPU limits that cap utilization below the target.
public struct AutoscalerTargetCheck: Check {
    /// `autoscaler-target`.
    public let id = "autoscaler-target"
    /// Scaling.
    public let category = OptimizationCategory.scaling
    /// OKK-405, OKK-406.
    public let codes = [FindingCode.autoscalerTargetWithoutRequests, .autoscalerTargetUnreachable]
    /// Creates the check.
    public init() {}

    /// Compares each CPU-utilization target with the target workload's requests and limits.
    public func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult {
        var findings: [Finding] = []
        for autoscaler in snapshot.autoscalers {
            guard let target = autoscaler.spec?.metrics?.first(where: { $0.type == "Resource" && $0.resource?.name == "cpu" })?
                .resource?.target?.averageUtilization,
                let scaleTarget = autoscaler.spec?.scaleTargetRef, let kind = scaleTarget.kind, let name = scaleTarget.name,
                let workload = snapshot.workload(ResourceRef(kind: kind, namespace: autoscaler.metadata.namespace, name: name))
            else { continue }
            let ref = ResourceRef(autoscaler)
            let unrequested = workload.containers.filter { ($0.cpuRequest ?? 0) == 0 }.map(\.name)
            if !unrequested.isEmpty {
                findings.append(
                    Finding(
                        code: .autoscalerTargetWithoutRequests, subject: ref,
                        message: "\(ref) targets \(target)% CPU utilization of \(workload.ref), but container(s) \(unrequested.joined(separator: ", ")) have no CPU request",
                        evidence: ["target": "\(target)% cpu", "containers without cpu request": unrequested.joined(separator: ", ")],
                        recommendation: "Give every container of \(workload.ref) a CPU request."))
                continue
            }
            let requests = workload.containers.saturatingSum(\.cpuRequest)
            guard workload.containers.allSatisfy({ $0.cpuLimit != nil }) else { continue }
            let limits = workload.containers.saturatingSum(\.cpuLimit)
            let ceiling = Int(saturating: 100 * Double(limits) / Double(max(1, requests)))
            guard ceiling < target else { continue }
            findings.append(
                Finding(
                    code: .autoscalerTargetUnreachable, subject: ref,
                    message: "\(ref) targets \(target)% CPU utilization, but the CPU limits of \(workload.ref) cap it at \(ceiling)%: it will never scale up",
                    evidence: [
                        "target": "\(target)%", "cpu requests": Figures.cpu(requests), "cpu limits": Figures.cpu(limits),
                        "highest reachable utilization": "\(ceiling)%",
                    ],
                    recommendation: "Lower the target below \(ceiling)% or raise the CPU limits."))
        }
        return CheckResult(subjects: snapshot.autoscalers.map { ResourceRef($0) }, findings: findings)
    }
}
