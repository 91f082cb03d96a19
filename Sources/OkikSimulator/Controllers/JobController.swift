import Foundation
import OkikKubeClient

/// The Job controller: runs up to `parallelism` pods until `completions` succeed, replaces failed pods after the
/// exponential back-off (10s, 20s, ... capped at 6m), and fails the Job with BackoffLimitExceeded ("Job has reached
/// the specified backoff limit") when failures pass `backoffLimit`.
enum JobController {
    static let component = "job-controller"

    static func reconcile(_ key: String, in state: inout ClusterState) {
        guard var job = state.jobs[key], !job.isFinished, !job.suspended else { return }
        let now = state.now
        let reference = ObjectRef(kind: .job, key: key)
        if job.startTime == nil { job.startTime = now }
        let pods = state.ownedPods(.job, job.namespace, job.name)
        var lastFailure: Date?
        for pod in pods where pod.isTerminal && !job.counted.contains(pod.key) {
            job.counted.insert(pod.key)
            if pod.phase == "Succeeded" { job.succeeded += 1 } else { job.failed += 1 }
            if pod.phase == "Failed" { lastFailure = now }
        }
        let active = pods.filter { !$0.isTerminal }
        let restarts = active.reduce(0) { $0 + $1.containers.reduce(0) { $0 + $1.restartCount } }
        let failures = job.failed + restarts
        if failures > job.backoffLimit {
            for pod in active { state.removePod(pod.key, deleteFromStore: true) }
            job.conditions.set("FailureTarget", "True", reason: "BackoffLimitExceeded",
                message: "Job has reached the specified backoff limit", at: now)
            job.conditions.set("Failed", "True", reason: "BackoffLimitExceeded",
                message: "Job has reached the specified backoff limit", at: now)
            job.active = 0
            job.ready = 0
            state.event(reference, warning: true, reason: "BackoffLimitExceeded",
                message: "Job has reached the specified backoff limit", component: component)
        } else if job.succeeded >= job.completions {
            job.conditions.set("SuccessCriteriaMet", "True", reason: "CompletionsReached",
                message: "Reached expected number of succeeded pods", at: now)
            job.conditions.set("Complete", "True", reason: "CompletionsReached",
                message: "Reached expected number of succeeded pods", at: now)
            job.completionTime = now
            job.active = 0
            job.ready = 0
            state.event(reference, reason: "Completed", message: "Job completed", component: component)
        } else {
            if let lastFailure, job.failed > 0 {
                let delay = min(10 * pow(2, Double(job.failed - 1)), 360)
                job.notBefore = lastFailure.addingTimeInterval(delay)
            }
            var running = active.count
            let wanted = min(job.parallelism, job.completions - job.succeeded)
            if running < wanted {
                if let notBefore = job.notBefore, notBefore > now {
                    state.timers.schedule(.job(key), at: notBefore)
                } else {
                    while running < wanted {
                        let name = PodFactory.generatedName(job.name, namespace: job.namespace, state: &state)
                        let uid = job.uid ?? ""
                        PodFactory.create(
                            template: job.template, namespace: job.namespace, name: name,
                            owner: SimPod.Owner(kind: .job, name: job.name),
                            extraLabels: ["batch.kubernetes.io/job-name": job.name, "job-name": job.name,
                                          "batch.kubernetes.io/controller-uid": uid, "controller-uid": uid],
                            state: &state)
                        state.event(reference, reason: "SuccessfulCreate", message: "Created pod: \(name)", component: component)
                        running += 1
                    }
                }
            }
            job.active = running
            job.ready = active.filter(\.isReady).count
        }
        state.jobs[key] = job
        state.markWrite(.job, key)
        if job.isFinished, let cronJob = job.cronJob { state.markDirty(.cronJob, ObjectRef.key(job.namespace, cronJob)) }
    }
}

extension JobController {
    /// The runtime state for a Job object (from the store, or made by the CronJob controller).
    static func makeJob(_ json: JSONValue, cronJob: String?, state: inout ClusterState) -> SimJob? {
        guard let name = json.value(at: ["metadata", "name"])?.stringValue else { return nil }
        var template = json.value(at: ["spec", "template"]) ?? [:]
        if template.value(at: ["spec", "restartPolicy"]) == nil { template.set("Never", at: ["spec", "restartPolicy"]) }
        let spec = json["spec"]
        return SimJob(
            namespace: json.value(at: ["metadata", "namespace"])?.stringValue ?? "default", name: name,
            uid: json.value(at: ["metadata", "uid"])?.stringValue,
            labels: json.value(at: ["metadata", "labels"])?.objectValue?.compactMapValues(\.stringValue) ?? [:],
            template: template, completions: spec?["completions"]?.intValue ?? 1,
            parallelism: spec?["parallelism"]?.intValue ?? 1, backoffLimit: spec?["backoffLimit"]?.intValue ?? 6,
            suspended: spec?["suspend"]?.boolValue ?? false, cronJob: cronJob,
            generation: json.value(at: ["metadata", "generation"])?.intValue ?? 1,
            createdAt: json.value(at: ["metadata", "creationTimestamp"])?.stringValue.flatMap { Timestamp(rfc3339: $0)?.date }
                ?? state.now)
    }
}
