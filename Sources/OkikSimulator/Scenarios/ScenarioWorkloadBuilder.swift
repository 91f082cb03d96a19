import Foundation
import OkikKubeClient

/// Builds the objects of one scenario workload: the workload itself, its claim, autoscaler and disruption budget.
struct ScenarioWorkloadBuilder {
    let workload: ScenarioWorkload
    let target: ScenarioTarget

    var namespace: String { workload.namespace ?? "default" }
    var labels: [String: String] { (workload.labels ?? [:]).merging(["app": workload.name]) { _, new in new } }
    var behavior: ContainerBehavior { workload.behavior.flatMap { ContainerBehavior(rawValue: $0) } ?? .healthy }

    func metadata(_ name: String) -> JSONValue {
        ["name": .string(name), "namespace": .string(namespace), "labels": .object(labels.mapValues(JSONValue.string))]
    }

    /// The Deployment, StatefulSet, DaemonSet, Job or CronJob.
    func workloadObject() -> JSONValue {
        let kind = workload.kind
        let apiVersion = kind == "Job" || kind == "CronJob" ? "batch/v1" : "apps/v1"
        var spec: [String: JSONValue] = [:]
        let template = podTemplate()
        switch kind {
        case "Job":
            spec = jobSpec(template)
        case "CronJob":
            spec = [
                "schedule": .string(workload.schedule ?? "*/5 * * * *"),
                "jobTemplate": ["spec": .object(jobSpec(template))],
                "successfulJobsHistoryLimit": 3, "failedJobsHistoryLimit": 1,
            ]
        default:
            spec = ["selector": ["matchLabels": ["app": .string(workload.name)]], "template": template]
            if kind != "DaemonSet" { spec["replicas"] = .int(workload.replicas ?? 1) }
            if kind == "StatefulSet" { spec["serviceName"] = .string(workload.name) }
        }
        var metadata = metadata(workload.name)
        if target == .simulator, kind == "Deployment", let rollout = workload.rollout {
            metadata.set(.string(ScriptedRollout.annotationValue(rollout)), at: ["annotations", ScriptedRollout.annotation])
        }
        return ["apiVersion": .string(apiVersion), "kind": .string(kind), "metadata": metadata, "spec": .object(spec)]
    }

    private func jobSpec(_ template: JSONValue) -> [String: JSONValue] {
        var spec: [String: JSONValue] = [
            "backoffLimit": .int(workload.backoffLimit ?? 6), "completions": .int(workload.completions ?? 1),
            "parallelism": .int(workload.parallelism ?? 1), "template": template,
        ]
        spec["template"]?.set(.string(workload.restartPolicy ?? "Never"), at: ["spec", "restartPolicy"])
        return spec
    }

    private func podTemplate() -> JSONValue {
        var annotations: [String: JSONValue] = [:]
        if target == .simulator {
            let prefix = ContainerProfile.prefix
            annotations["\(prefix)behavior"] = .string(behavior.rawValue)
            if let runFor = workload.runFor { annotations["\(prefix)run-for"] = .string(runFor) }
            if let delay = workload.startDelay { annotations["\(prefix)start-delay"] = .string(delay) }
            if let cpu = workload.cpu { annotations["\(prefix)cpu"] = .string(cpu) }
            if let memory = workload.memory { annotations["\(prefix)memory"] = .string(memory) }
        }
        var container: [String: JSONValue] = ["name": .string(workload.name), "image": .string(image())]
        var resources: [String: JSONValue] = [:]
        if let requests = workload.requests, !requests.isEmpty {
            resources["requests"] = .object(requests.mapValues(JSONValue.string))
        }
        if let limits = workload.limits, !limits.isEmpty { resources["limits"] = .object(limits.mapValues(JSONValue.string)) }
        if !resources.isEmpty { container["resources"] = .object(resources) }
        if target == .cluster {
            for (key, value) in ClusterCommands.container(for: behavior, workload: workload) { container[key] = value }
        }
        var spec: [String: JSONValue] = ["containers": [.object(container)]]
        if let selector = workload.nodeSelector { spec["nodeSelector"] = .object(selector.mapValues(JSONValue.string)) }
        if let tolerations = workload.tolerations { spec["tolerations"] = .array(tolerations) }
        if let restart = workload.restartPolicy, workload.kind != "Job" && workload.kind != "CronJob" {
            spec["restartPolicy"] = .string(restart)
        }
        if let volume = workload.volume {
            spec["volumes"] = [["name": "data", "persistentVolumeClaim": ["claimName": .string(volume.name)]]]
            container["volumeMounts"] = [["name": "data", "mountPath": "/data"]]
            spec["containers"] = [.object(container)]
        }
        var metadata: [String: JSONValue] = ["labels": .object(labels.mapValues(JSONValue.string))]
        if !annotations.isEmpty { metadata["annotations"] = .object(annotations) }
        return ["metadata": .object(metadata), "spec": .object(spec)]
    }

    private func image() -> String {
        if let image = workload.image { return image }
        if target == .cluster {
            return behavior == .imagepull ? "registry.invalid/okik/\(workload.name):does-not-exist" : "busybox:1.36"
        }
        return "registry.okik.io/\(workload.name):1.0.0"
    }

    /// The claim the pods mount.
    func claim() -> JSONValue? {
        guard let volume = workload.volume else { return nil }
        var spec: [String: JSONValue] = [
            "accessModes": ["ReadWriteOnce"], "resources": ["requests": ["storage": .string(volume.size ?? "1Gi")]],
        ]
        if let storageClass = volume.storageClass { spec["storageClassName"] = .string(storageClass) }
        return ["apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": metadata(volume.name), "spec": .object(spec)]
    }

    /// The autoscaler.
    func autoscaler() -> JSONValue? {
        guard let hpa = workload.hpa else { return nil }
        var metrics: [JSONValue] = []
        if let cpu = hpa.cpu {
            metrics.append(["type": "Resource", "resource": ["name": "cpu", "target": ["type": "Utilization", "averageUtilization": .int(cpu)]]])
        }
        if let memory = hpa.memory {
            metrics.append(["type": "Resource", "resource": ["name": "memory", "target": ["type": "Utilization", "averageUtilization": .int(memory)]]])
        }
        return [
            "apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": metadata(workload.name),
            "spec": [
                "scaleTargetRef": ["apiVersion": "apps/v1", "kind": .string(workload.kind), "name": .string(workload.name)],
                "minReplicas": .int(hpa.min), "maxReplicas": .int(hpa.max), "metrics": .array(metrics),
            ],
        ]
    }

    /// The disruption budget.
    func disruptionBudget() -> JSONValue? {
        guard let minAvailable = workload.pdbMinAvailable else { return nil }
        return [
            "apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": metadata(workload.name),
            "spec": ["minAvailable": .int(minAvailable), "selector": ["matchLabels": ["app": .string(workload.name)]]],
        ]
    }
}
