import OkikKubeClient

/// OKK-401: HPAs at maxReplicas that want more (ScalingLimited=True, TooManyReplicas); raising the maximum by half
/// is proposed only when the schedulable nodes have room for the new pods by requests.
public struct AutoscalerSaturatedCheck: Check {
    /// `autoscaler-saturated`.
    public let id = "autoscaler-saturated"
    /// Scaling.
    public let category = OptimizationCategory.scaling
    /// OKK-401.
    public let codes = [FindingCode.autoscalerSaturated]
    /// Creates the check.
    public init() {}

    /// Reads each HPA's replicas and ScalingLimited condition.
    public func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult {
        var findings: [Finding] = []
        var room: NodeFit?
        for autoscaler in snapshot.autoscalers {
            guard let max = autoscaler.spec?.maxReplicas, let current = autoscaler.status?.currentReplicas, current >= max,
                let limited = autoscaler.status?.conditions?.first(ofType: "ScalingLimited"), limited.isTrue,
                limited.reason == "TooManyReplicas"
            else { continue }
            if QuarantineAnnotations.isQuarantined(autoscaler.metadata) { continue }
            let ref = ResourceRef(autoscaler)
            let proposal = max + Swift.max(1, max / 2)
            var evidence = [
                "replicas": "\(current) of max \(max)", "ScalingLimited": "True (TooManyReplicas)",
                "desired": "\(autoscaler.status?.desiredReplicas ?? current)",
            ]
            if let metric = autoscaler.status?.currentMetrics?.first?.resource, let utilization = metric.current?.averageUtilization {
                evidence["\(metric.name ?? "resource") utilization"] = "\(utilization)%"
            }
            if let target = autoscaler.spec?.metrics?.first?.resource?.target?.averageUtilization {
                evidence["target"] = "\(target)%"
            }
            let target = autoscaler.spec?.scaleTargetRef.flatMap { reference in
                reference.name.flatMap {
                    snapshot.deployment(ResourceRef(kind: reference.kind ?? "Deployment", namespace: ref.namespace, name: $0))
                }
            }
            if room == nil { room = NodeFit(nodes: snapshot.nodes, loads: snapshot.index.nodeLoads) }
            let needed = proposal - current
            let fits = room?.count(of: target?.spec?.template?.spec, upTo: needed) ?? 0
            evidence["room for new pods (by requests)"] = fits >= needed ? "at least \(needed)" : "\(fits)"
            let hasRoom = target != nil && fits >= needed
            findings.append(
                Finding(
                    code: .autoscalerSaturated, subject: ref,
                    message: "\(ref) is pinned at its maximum of \(max) replicas and wants more: \(limited.message ?? "")",
                    evidence: evidence,
                    recommendation: hasRoom
                        ? "Raise maxReplicas to \(proposal): the schedulable nodes have room for \(needed) more pods by requests."
                        : "The cluster has room for \(fits) more of these pods by requests, not \(needed): add nodes (or make each replica cheaper) before raising maxReplicas.",
                    proposedCalls: hasRoom
                        ? [ToolInvocation(
                            tool: UpdateHPATool.name,
                            arguments: ["namespace": .string(ref.namespace ?? ""), "name": .string(ref.name), "maxReplicas": .int(proposal)])]
                        : []))
        }
        return CheckResult(subjects: snapshot.autoscalers.map { ResourceRef($0) }, findings: findings)
    }
}
