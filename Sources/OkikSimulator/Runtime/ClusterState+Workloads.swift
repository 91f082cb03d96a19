import Foundation
import OkikKubeClient

extension ClusterState {
    /// Applies an added or modified object of the kinds beyond pods, nodes, Deployments and ReplicaSets.
    mutating func intakeWorkload(_ record: WatchRecord, kind: SimKind, json: JSONValue) {
        let object = record.object
        let key = ObjectRef.key(object.namespace, object.name)
        let generation = json.value(at: ["metadata", "generation"])?.intValue ?? 1
        let labels = json.value(at: ["metadata", "labels"])?.objectValue?.compactMapValues(\.stringValue) ?? [:]
        let template = json.value(at: ["spec", "template"]) ?? [:]
        switch kind {
        case .statefulSet:
            let replicas = json.value(at: ["spec", "replicas"])?.intValue ?? 1
            var statefulSet = statefulSets[key] ?? SimStatefulSet(
                namespace: object.namespace, name: object.name, uid: object.uid, labels: labels, replicas: replicas,
                template: template, revision: "", claimTemplates: [], parallel: false, minReadySeconds: 0,
                generation: generation)
            statefulSet.uid = object.uid
            statefulSet.labels = labels
            statefulSet.replicas = replicas
            statefulSet.template = template
            statefulSet.revision = "\(object.name)-\(TemplateHash.hash(template))"
            statefulSet.claimTemplates = json.value(at: ["spec", "volumeClaimTemplates"])?.arrayValue ?? []
            statefulSet.parallel = json.value(at: ["spec", "podManagementPolicy"])?.stringValue == "Parallel"
            statefulSet.minReadySeconds = json.value(at: ["spec", "minReadySeconds"])?.intValue ?? 0
            statefulSet.generation = generation
            statefulSets[key] = statefulSet
            markDirty(.statefulSet, key)
            touchBudgets(object.namespace)
        case .daemonSet:
            guard let decoded = try? json.decode(as: DaemonSet.self) else { return }
            let spec = decoded.spec?.template?.spec
            daemonSets[key] = SimDaemonSet(
                namespace: object.namespace, name: object.name, uid: object.uid, labels: labels, template: template,
                templateHash: TemplateHash.hash(template), nodeSelector: spec?.nodeSelector ?? [:],
                tolerations: spec?.tolerations ?? [], minReadySeconds: decoded.spec?.minReadySeconds ?? 0,
                generation: generation)
            markDirty(.daemonSet, key)
        case .job:
            let cronJob = object.namespace.isEmpty ? nil
                : json.value(at: ["metadata", "ownerReferences"])?.arrayValue?
                    .first { $0["kind"]?.stringValue == "CronJob" }?["name"]?.stringValue
            if var existing = jobs[key] {
                existing.uid = object.uid
                existing.inStore = true
                existing.suspended = json.value(at: ["spec", "suspend"])?.boolValue ?? false
                existing.parallelism = json.value(at: ["spec", "parallelism"])?.intValue ?? existing.parallelism
                jobs[key] = existing
            } else if var job = JobController.makeJob(json, cronJob: cronJob, state: &self) {
                job.inStore = true
                jobs[key] = job
            }
            markDirty(.job, key)
        case .cronJob:
            let spec = json["spec"]
            let schedule = spec?["schedule"]?.stringValue ?? ""
            var cronJob = cronJobs[key] ?? SimCronJob(
                namespace: object.namespace, name: object.name, uid: object.uid, schedule: nil, suspend: false,
                concurrencyPolicy: "Allow", jobTemplate: [:], successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1,
                createdAt: json.value(at: ["metadata", "creationTimestamp"])?.stringValue
                    .flatMap { Timestamp(rfc3339: $0)?.date } ?? now)
            cronJob.uid = object.uid
            cronJob.schedule = CronSchedule(schedule)
            cronJob.suspend = spec?["suspend"]?.boolValue ?? false
            cronJob.concurrencyPolicy = spec?["concurrencyPolicy"]?.stringValue ?? "Allow"
            cronJob.jobTemplate = spec?["jobTemplate"] ?? [:]
            cronJob.successfulJobsHistoryLimit = spec?["successfulJobsHistoryLimit"]?.intValue ?? 3
            cronJob.failedJobsHistoryLimit = spec?["failedJobsHistoryLimit"]?.intValue ?? 1
            cronJobs[key] = cronJob
            markDirty(.cronJob, key)
        case .hpa:
            guard let decoded = try? json.decode(as: HorizontalPodAutoscaler.self) else { return }
            let spec = decoded.spec
            let targets: [SimHPA.Target] = (spec?.metrics ?? []).compactMap { metric in
                guard metric.type == "Resource", let resource = metric.resource, let name = resource.name else { return nil }
                let averageValue = resource.target?.averageValue.map { name == "cpu" ? $0.millicores : $0.bytes }
                return SimHPA.Target(resource: name, utilization: resource.target?.averageUtilization,
                    averageValue: averageValue)
            }
            var hpa = hpas[key] ?? SimHPA(
                namespace: object.namespace, name: object.name, uid: object.uid, targetKind: "Deployment",
                targetName: "", minReplicas: 1, maxReplicas: 1, targets: [], generation: generation)
            hpa.uid = object.uid
            hpa.targetKind = spec?.scaleTargetRef?.kind ?? "Deployment"
            hpa.targetName = spec?.scaleTargetRef?.name ?? ""
            hpa.minReplicas = spec?.minReplicas ?? 1
            hpa.maxReplicas = spec?.maxReplicas ?? 1
            hpa.targets = targets.isEmpty ? [SimHPA.Target(resource: "cpu", utilization: 80, averageValue: nil)] : targets
            hpa.generation = generation
            hpas[key] = hpa
            markDirty(.hpa, key)
        case .podDisruptionBudget:
            guard let decoded = try? json.decode(as: PodDisruptionBudget.self) else { return }
            var budget = SimDisruptionBudget(decoded, uid: object.uid)
            budget.status = budgets[key]?.status
            budgets[key] = budget
            budgetsByNamespace[object.namespace, default: []].insert(key)
            markDirty(.podDisruptionBudget, key)
        case .persistentVolumeClaim:
            guard let decoded = try? json.decode(as: PersistentVolumeClaim.self) else { return }
            var claim = claims[key] ?? SimClaim(
                namespace: object.namespace, name: object.name, uid: object.uid, inStore: true, manifest: nil,
                storageClassName: decoded.spec?.storageClassName, volumeName: decoded.spec?.volumeName,
                request: decoded.spec?.resources?.requests?["storage"]?.bytes ?? 0,
                accessModes: decoded.spec?.accessModes ?? ["ReadWriteOnce"])
            claim.uid = object.uid
            claim.inStore = true
            claim.manifest = nil
            if decoded.status?.phase == "Bound" && claim.phase != "Bound" {
                claim.phase = "Bound"
                claim.volumeName = decoded.spec?.volumeName
            }
            claims[key] = claim
            markDirty(.persistentVolumeClaim, key)
        case .persistentVolume:
            guard let decoded = try? json.decode(as: PersistentVolume.self) else { return }
            var volume = volumes[object.name] ?? SimVolume(
                name: object.name, uid: object.uid, inStore: true, manifest: nil,
                capacity: decoded.spec?.capacity?["storage"]?.bytes ?? 0, accessModes: decoded.spec?.accessModes ?? [],
                storageClassName: decoded.spec?.storageClassName)
            volume.uid = object.uid
            volume.inStore = true
            if let claimRef = decoded.spec?.claimRef, let name = claimRef.name {
                volume.claim = ObjectRef.key(claimRef.namespace ?? "default", name)
                volume.phase = "Bound"
            }
            volumes[object.name] = volume
            ClaimController.wakeAll(in: &self)
        case .storageClass:
            guard let decoded = try? json.decode(as: StorageClass.self) else { return }
            storageClasses[object.name] = SimStorageClass(
                name: object.name, provisioner: decoded.provisioner ?? "kubernetes.io/no-provisioner",
                isDefault: decoded.metadata.annotations?["storageclass.kubernetes.io/is-default-class"] == "true",
                waitForFirstConsumer: decoded.volumeBindingMode == "WaitForFirstConsumer")
            ClaimController.wakeAll(in: &self)
        default:
            break
        }
    }

    /// Forgets a deleted object of the kinds handled by ``intakeWorkload(_:kind:)``.
    mutating func forgetWorkload(_ kind: SimKind, key: String, name: String) {
        switch kind {
        case .statefulSet: statefulSets[key] = nil
        case .daemonSet: daemonSets[key] = nil
        case .job:
            if let job = jobs.removeValue(forKey: key), let cronJob = job.cronJob {
                markDirty(.cronJob, ObjectRef.key(job.namespace, cronJob))
            }
        case .cronJob:
            cronJobs[key] = nil
            timers.schedule(.cronJob(key), at: nil)
        case .hpa: hpas[key] = nil
        case .podDisruptionBudget:
            budgets[key] = nil
            budgetsByNamespace[ObjectRef(kind: kind, key: key).namespace]?.remove(key)
            timers.schedule(.disruptionBudget(key), at: nil)
        case .persistentVolumeClaim:
            claims[key] = nil
            for volume in volumes.values where volume.claim == key {
                volumes[volume.name]?.claim = nil
                volumes[volume.name]?.phase = "Released"
                markWrite(.persistentVolume, "/\(volume.name)")
            }
        case .persistentVolume: volumes[name] = nil
        case .storageClass: storageClasses[name] = nil
        default: break
        }
    }
}
