import Foundation
import OkikKubeClient

extension ClusterState {
    /// Writes for StatefulSets, DaemonSets, Jobs, CronJobs, HPAs, claims, volumes, namespaces and metrics.
    func renderWorkload(_ reference: ObjectRef) -> WriteAction {
        let key = reference.key
        switch reference.kind {
        case .namespace:
            return .patch([PatchField(path: ["status", "phase"], value: "Active")])
        case .statefulSet:
            guard let statefulSet = statefulSets[key] else { return .skip }
            var status: [String: JSONValue] = ["replicas": .int(statefulSet.statusReplicas)]
            StatusJSON.int(&status, "observedGeneration", statefulSet.observedGeneration)
            StatusJSON.int(&status, "readyReplicas", statefulSet.readyReplicas)
            StatusJSON.int(&status, "availableReplicas", statefulSet.availableReplicas)
            StatusJSON.int(&status, "currentReplicas", statefulSet.currentReplicas)
            StatusJSON.int(&status, "updatedReplicas", statefulSet.updatedReplicas)
            status["currentRevision"] = statefulSet.currentRevision.map(JSONValue.string)
            status["updateRevision"] = .string(statefulSet.revision)
            status["collisionCount"] = 0
            return .patch([
                PatchField(path: ["status"], value: .object(status)),
                PatchField(path: ["spec", "replicas"], value: .int(statefulSet.replicas)),
            ])
        case .daemonSet:
            guard let daemonSet = daemonSets[key] else { return .skip }
            var status: [String: JSONValue] = [
                "desiredNumberScheduled": .int(daemonSet.desired), "currentNumberScheduled": .int(daemonSet.current),
                "numberMisscheduled": .int(daemonSet.misscheduled), "numberReady": .int(daemonSet.ready),
            ]
            StatusJSON.int(&status, "numberAvailable", daemonSet.available)
            StatusJSON.int(&status, "numberUnavailable", daemonSet.unavailable)
            StatusJSON.int(&status, "updatedNumberScheduled", daemonSet.updated)
            StatusJSON.int(&status, "observedGeneration", daemonSet.observedGeneration)
            return .patch([PatchField(path: ["status"], value: .object(status))])
        case .job:
            guard let job = jobs[key] else { return .skip }
            var status: [String: JSONValue] = [:]
            StatusJSON.int(&status, "active", job.active)
            StatusJSON.int(&status, "succeeded", job.succeeded)
            StatusJSON.int(&status, "failed", job.failed)
            status["ready"] = .int(job.ready)
            status["terminating"] = 0
            if let start = job.startTime { status["startTime"] = StatusJSON.time(start) }
            if let completion = job.completionTime { status["completionTime"] = StatusJSON.time(completion) }
            if !job.conditions.isEmpty {
                status["conditions"] = .array(job.conditions.map { condition in
                    var json = StatusJSON.podCondition(condition)
                    json["lastProbeTime"] = StatusJSON.time(condition.lastUpdate)
                    return json
                })
            }
            status["uncountedTerminatedPods"] = [:]
            if !job.inStore {
                guard var manifest = job.manifest else { return .skip }
                if let cronJob = job.cronJob {
                    manifest.set([ownerReference(.cronJob, namespace: job.namespace, name: cronJob)],
                        at: ["metadata", "ownerReferences"])
                }
                manifest["status"] = .object(status)
                return .create(manifest)
            }
            return .patch([PatchField(path: ["status"], value: .object(status))])
        case .cronJob:
            guard let cronJob = cronJobs[key] else { return .skip }
            var status: [String: JSONValue] = [:]
            if !cronJob.active.isEmpty {
                status["active"] = .array(cronJob.active.map { name in
                    [
                        "apiVersion": "batch/v1", "kind": "Job", "name": .string(name),
                        "namespace": .string(cronJob.namespace),
                        "uid": .string(jobs[ObjectRef.key(cronJob.namespace, name)]?.uid ?? ""),
                    ]
                })
            }
            if let last = cronJob.lastScheduleTime { status["lastScheduleTime"] = StatusJSON.time(last) }
            if let success = cronJob.lastSuccessfulTime { status["lastSuccessfulTime"] = StatusJSON.time(success) }
            return .patch([PatchField(path: ["status"], value: .object(status))])
        case .hpa:
            guard let hpa = hpas[key] else { return .skip }
            var status: [String: JSONValue] = [
                "currentReplicas": .int(hpa.currentReplicas), "desiredReplicas": .int(hpa.desiredReplicas),
            ]
            StatusJSON.int(&status, "observedGeneration", hpa.observedGeneration)
            if let last = hpa.lastScaleTime { status["lastScaleTime"] = StatusJSON.time(last) }
            status["currentMetrics"] = .array(hpa.currentMetrics.map { metric in
                var current: [String: JSONValue] = [
                    "averageValue": .string(metric.resource == "cpu"
                        ? Resources.formatCPU(metric.averageValue) : Resources.formatMemory(metric.averageValue)),
                ]
                if let utilization = metric.utilization { current["averageUtilization"] = .int(utilization) }
                return ["type": "Resource", "resource": ["name": .string(metric.resource), "current": .object(current)]]
            })
            let order = ["AbleToScale", "ScalingActive", "ScalingLimited"]
            status["conditions"] = .array(hpa.conditions.sorted {
                (order.firstIndex(of: $0.type) ?? 9) < (order.firstIndex(of: $1.type) ?? 9)
            }.map { StatusJSON.workloadCondition($0, withUpdateTime: false) })
            return .patch([PatchField(path: ["status"], value: .object(status))])
        case .persistentVolumeClaim:
            guard let claim = claims[key] else { return .skip }
            var status: [String: JSONValue] = ["phase": .string(claim.phase)]
            if claim.phase == "Bound" {
                status["accessModes"] = .array(claim.accessModes.map(JSONValue.string))
                status["capacity"] = ["storage": .string(Resources.formatMemory(claim.capacity))]
            }
            if !claim.inStore {
                guard var manifest = claim.manifest else { return .skip }
                if let volume = claim.volumeName { manifest.set(.string(volume), at: ["spec", "volumeName"]) }
                manifest["status"] = .object(status)
                return .create(manifest)
            }
            var fields = [PatchField(path: ["status"], value: .object(status))]
            if let volume = claim.volumeName { fields.append(PatchField(path: ["spec", "volumeName"], value: .string(volume))) }
            return .patch(fields)
        case .persistentVolume:
            guard let volume = volumes[reference.name] else { return .skip }
            let claimRef: JSONValue? = volume.claim.map { claimKey in
                let claim = ObjectRef(kind: .persistentVolumeClaim, key: claimKey)
                return [
                    "kind": "PersistentVolumeClaim", "apiVersion": "v1", "namespace": .string(claim.namespace),
                    "name": .string(claim.name), "uid": .string(claims[claimKey]?.uid ?? ""),
                ]
            }
            if !volume.inStore {
                guard var manifest = volume.manifest else { return .skip }
                manifest.set(claimRef, at: ["spec", "claimRef"])
                manifest["status"] = ["phase": .string(volume.phase)]
                return .create(manifest)
            }
            return .patch([
                PatchField(path: ["spec", "claimRef"], value: claimRef),
                PatchField(path: ["status", "phase"], value: .string(volume.phase)),
            ])
        case .podDisruptionBudget:
            guard let status = budgets[key]?.status else { return .skip }
            return .patch([PatchField(path: ["status"], value: DisruptionController.statusJSON(status))])
        case .podMetrics:
            guard let pod = pods[key], let usages = publishedPodUsage[key] else { return .skip }
            guard namespaces.contains(pod.namespace) else { return .skip }
            return .upsert(MetricsPipeline.podMetrics(pod, usages: usages, state: self))
        case .nodeMetrics:
            guard let node = nodes[reference.name], let usage = publishedNodeUsage[reference.name] else { return .skip }
            return .upsert(MetricsPipeline.nodeMetrics(node, usage: usage, state: self))
        default:
            return .skip
        }
    }
}
