import Foundation
import OkikKubeClient

/// The horizontal pod autoscaler (autoscaling/v2, resource metrics): desired replicas from the pods' simulated CPU or
/// memory against the targets (with the 10% tolerance, the 5-minute scale-down stabilization and the default
/// scale-up limit), clamped to min/max, written to the target's replicas, with the AbleToScale, ScalingActive and
/// ScalingLimited conditions and SuccessfulRescale events.
enum HPAController {
    static let component = "horizontal-pod-autoscaler"
    static let tolerance = 0.1
    static let stabilizationWindow: Double = 300
    /// How long new pods without metrics are waited for before the HPA reports missing metrics.
    static let initialDelay: Double = 60

    static func reconcile(_ key: String, in state: inout ClusterState) {
        guard var hpa = state.hpas[key] else { return }
        let now = state.now
        let reference = ObjectRef(kind: .hpa, key: key)
        hpa.observedGeneration = hpa.generation
        defer {
            state.hpas[key] = hpa
            state.markWrite(.hpa, key)
        }
        let targetKey = ObjectRef.key(hpa.namespace, hpa.targetName)
        guard let current = targetReplicas(hpa, state: state) else {
            let plural = hpa.targetKind == "StatefulSet" ? "statefulsets.apps" : "deployments.apps"
            hpa.conditions.set("AbleToScale", "False", reason: "FailedGetScale",
                message: "the HPA controller was unable to get the target's current scale: \(plural) \"\(hpa.targetName)\" not found",
                at: now)
            state.event(reference, warning: true, reason: "FailedGetScale",
                message: "\(plural) \"\(hpa.targetName)\" not found", component: component)
            return
        }
        hpa.currentReplicas = current
        if current == 0 {
            hpa.conditions.set("ScalingActive", "False", reason: "ScalingDisabled",
                message: "scaling is disabled since the replica count of the target is zero", at: now)
            hpa.desiredReplicas = 0
            return
        }
        let allPods = targetPods(hpa, state: state)
        let pods = allPods.filter { $0.phase == "Running" && $0.containers.contains(where: \.isRunning) }
        if pods.isEmpty && (allPods.isEmpty || allPods.contains(where: { now.timeIntervalSince($0.createdAt) < initialDelay })) {
            // Pods that just started have no metrics yet; the real controller ignores them for a while.
            hpa.desiredReplicas = current
            return
        }
        var proposals: [(replicas: Int, metric: String, above: Bool)] = []
        var currentMetrics: [SimHPA.Current] = []
        for target in hpa.targets {
            let resource = target.resource
            let label = "\(resource) resource utilization (percentage of request)"
            if pods.isEmpty {
                failMetric(&hpa, resource, "unable to get metrics for resource \(resource): no metrics returned from resource metrics API",
                    reference: reference, state: &state)
                return
            }
            var usage: Int64 = 0
            var requests: Int64 = 0
            for pod in pods {
                let throttled = CPUThrottle.usage(ofPod: pod.key, in: state) ?? []
                for (position, container) in pod.containers.filter(\.isRunning).enumerated() {
                    let used = position < throttled.count
                        ? throttled[position] : container.profile.usage(at: now.timeIntervalSince(container.startedAt ?? now))
                    let requested = container.profile.requests
                    let request = resource == "cpu" ? requested.cpu : requested.memory
                    if request == 0 && target.utilization != nil {
                        failMetric(&hpa, resource,
                            "missing request for \(resource) in container \(container.name) of Pod \(pod.name)",
                            reference: reference, state: &state)
                        return
                    }
                    usage += resource == "cpu" ? used.cpu : used.memory
                    requests += request
                }
            }
            let average = usage / Int64(pods.count)
            let ratio: Double
            if let utilization = target.utilization {
                let currentUtilization = Int(usage * 100 / max(1, requests))
                currentMetrics.append(SimHPA.Current(resource: resource, utilization: currentUtilization, averageValue: average))
                ratio = Double(currentUtilization) / Double(max(1, utilization))
            } else {
                currentMetrics.append(SimHPA.Current(resource: resource, utilization: nil, averageValue: average))
                ratio = Double(average) / Double(max(1, target.averageValue ?? 1))
            }
            let desired = abs(ratio - 1) <= tolerance ? current : Int((ratio * Double(pods.count)).rounded(.up))
            proposals.append((desired, label, ratio > 1))
        }
        hpa.currentMetrics = currentMetrics
        guard let best = proposals.max(by: { $0.replicas < $1.replicas }) else { return }
        hpa.conditions.set("ScalingActive", "True", reason: "ValidMetricFound",
            message: "the HPA was able to successfully calculate a replica count from \(best.metric)", at: now)
        var desired = best.replicas
        hpa.recommendations.append((now, desired))
        hpa.recommendations.removeAll { now.timeIntervalSince($0.time) > stabilizationWindow }
        var stabilized = false
        if desired < current {
            let highest = hpa.recommendations.map(\.replicas).max() ?? desired
            if highest > desired {
                desired = min(highest, current)
                stabilized = true
            }
        }
        desired = min(desired, max(current * 2, current + 4))
        if desired > hpa.maxReplicas {
            desired = hpa.maxReplicas
            hpa.conditions.set("ScalingLimited", "True", reason: "TooManyReplicas",
                message: "the desired replica count is more than the maximum replica count", at: now)
        } else if desired < hpa.minReplicas {
            desired = hpa.minReplicas
            hpa.conditions.set("ScalingLimited", "True", reason: "TooFewReplicas",
                message: "the desired replica count is less than the minimum replica count", at: now)
        } else {
            hpa.conditions.set("ScalingLimited", "False", reason: "DesiredWithinRange",
                message: "the desired count is within the acceptable range", at: now)
        }
        hpa.desiredReplicas = desired
        if desired != current {
            setTargetReplicas(hpa, targetKey: targetKey, to: desired, state: &state)
            hpa.lastScaleTime = now
            let reason = desired > current ? "\(best.metric) above target" : "All metrics below target"
            state.event(reference, reason: "SuccessfulRescale", message: "New size: \(desired); reason: \(reason)",
                component: component)
            hpa.conditions.set("AbleToScale", "True", reason: "SucceededRescale",
                message: "the HPA controller was able to update the target scale to \(desired)", at: now)
        } else if stabilized {
            hpa.conditions.set("AbleToScale", "True", reason: "ScaleDownStabilized",
                message: "recent recommendations were higher than current one, applying the highest recent recommendation",
                at: now)
        } else {
            hpa.conditions.set("AbleToScale", "True", reason: "ReadyForNewScale",
                message: "recommended size matches current size", at: now)
        }
    }

    private static func failMetric(
        _ hpa: inout SimHPA, _ resource: String, _ detail: String, reference: ObjectRef, state: inout ClusterState
    ) {
        hpa.conditions.set("ScalingActive", "False", reason: "FailedGetResourceMetric",
            message: "the HPA was unable to compute the replica count: failed to get \(resource) utilization: \(detail)",
            at: state.now)
        hpa.conditions.set("AbleToScale", "True", reason: "SucceededGetScale",
            message: "the HPA controller was able to get the target's current scale", at: state.now)
        state.event(reference, warning: true, reason: "FailedGetResourceMetric",
            message: "failed to get \(resource) utilization: \(detail)", component: component)
    }

    private static func targetReplicas(_ hpa: SimHPA, state: ClusterState) -> Int? {
        let key = ObjectRef.key(hpa.namespace, hpa.targetName)
        switch hpa.targetKind {
        case "StatefulSet": return state.statefulSets[key]?.replicas
        case "ReplicaSet": return state.replicaSets[key]?.replicas
        default: return state.deployments[key]?.replicas
        }
    }

    private static func targetPods(_ hpa: SimHPA, state: ClusterState) -> [SimPod] {
        let namespace = hpa.namespace
        switch hpa.targetKind {
        case "StatefulSet": return state.ownedPods(.statefulSet, namespace, hpa.targetName)
        case "ReplicaSet": return state.ownedPods(.replicaSet, namespace, hpa.targetName)
        default:
            let sets = state.replicaSetsByDeployment[ObjectRef.key(namespace, hpa.targetName)] ?? []
            return sets.sorted().flatMap { key in
                state.replicaSets[key].map { state.ownedPods(.replicaSet, namespace, $0.name) } ?? []
            }
        }
    }

    private static func setTargetReplicas(_ hpa: SimHPA, targetKey: String, to replicas: Int, state: inout ClusterState) {
        switch hpa.targetKind {
        case "StatefulSet":
            state.statefulSets[targetKey]?.replicas = replicas
            state.statefulSets[targetKey]?.generation += 1
            state.markDirty(.statefulSet, targetKey)
        case "ReplicaSet":
            state.replicaSets[targetKey]?.replicas = replicas
            state.markDirty(.replicaSet, targetKey)
            state.markWrite(.replicaSet, targetKey)
        default:
            state.deployments[targetKey]?.replicas = replicas
            state.deployments[targetKey]?.specReplicasChanged = true
            state.deployments[targetKey]?.generation += 1
            state.markDirty(.deployment, targetKey)
        }
    }
}
