import Foundation
import OkikKubeClient

/// The CronJob controller: creates a Job `<cronjob>-<unix-minutes>` at each scheduled time on the simulation clock
/// (unless suspended, honouring the concurrency policy), tracks active Jobs and the last schedule and success times,
/// and deletes finished Jobs beyond the history limits.
enum CronJobController {
    static let component = "cronjob-controller"

    static func reconcile(_ key: String, in state: inout ClusterState) {
        guard var cronJob = state.cronJobs[key] else { return }
        let now = state.now
        let reference = ObjectRef(kind: .cronJob, key: key)
        let owned = state.jobs.values.filter { $0.namespace == cronJob.namespace && $0.cronJob == cronJob.name }
            .sorted { ($0.createdAt, $0.name) < ($1.createdAt, $1.name) }
        if let latest = owned.compactMap(\.completionTime).max(), latest > (cronJob.lastSuccessfulTime ?? .distantPast) {
            cronJob.lastSuccessfulTime = latest
        }
        for (finished, limit) in [(owned.filter { $0.isFinished && !$0.isFailed }, cronJob.successfulJobsHistoryLimit),
                                  (owned.filter(\.isFailed), cronJob.failedJobsHistoryLimit)]
        where finished.count > limit {
            for job in finished.prefix(finished.count - limit) {
                removeJob(job, state: &state)
                state.event(reference, reason: "SuccessfulDelete", message: "Deleted job \(job.name)", component: component)
            }
        }
        var active = owned.filter { !$0.isFinished && state.jobs[$0.key] != nil }
        if let schedule = cronJob.schedule {
            var due: Date?
            var cursor = cronJob.lastScheduleTime ?? cronJob.createdAt
            var guardSteps = 0
            while let next = schedule.next(after: cursor), next <= now, guardSteps < 200 {
                due = next
                cursor = next
                guardSteps += 1
            }
            if let due, !cronJob.suspend {
                if cronJob.concurrencyPolicy == "Forbid" && !active.isEmpty {
                    state.event(reference, reason: "JobAlreadyActive",
                        message: "Not starting job because prior execution is running and concurrency policy is Forbid",
                        component: component)
                } else {
                    if cronJob.concurrencyPolicy == "Replace" {
                        for job in active {
                            removeJob(job, state: &state)
                            state.event(reference, reason: "SuccessfulDelete", message: "Deleted job \(job.name)",
                                component: component)
                        }
                        active = []
                    }
                    if let job = createJob(cronJob, scheduledAt: due, state: &state) { active.append(job) }
                }
                cronJob.lastScheduleTime = due
            }
            state.timers.schedule(.cronJob(key), at: schedule.next(after: now))
        }
        cronJob.active = active.map(\.name).sorted()
        state.cronJobs[key] = cronJob
        state.markWrite(.cronJob, key)
    }

    private static func removeJob(_ job: SimJob, state: inout ClusterState) {
        for pod in state.ownedPods(.job, job.namespace, job.name) { state.removePod(pod.key, deleteFromStore: false) }
        state.jobs[job.key] = nil
        state.writes.remove(ObjectRef(kind: .job, key: job.key))
        if job.inStore { state.deletes.insert(ObjectRef(kind: .job, key: job.key)) }
    }

    private static func createJob(_ cronJob: SimCronJob, scheduledAt time: Date, state: inout ClusterState) -> SimJob? {
        let name = "\(cronJob.name)-\(Int(time.timeIntervalSince1970 / 60))"
        let key = ObjectRef.key(cronJob.namespace, name)
        guard state.jobs[key] == nil else { return nil }
        var manifest: JSONValue = [
            "apiVersion": "batch/v1", "kind": "Job",
            "metadata": [
                "name": .string(name), "namespace": .string(cronJob.namespace),
                "annotations": ["batch.kubernetes.io/cronjob-scheduled-timestamp": StatusJSON.time(time)],
            ],
            "spec": cronJob.jobTemplate["spec"] ?? [:],
        ]
        if let labels = cronJob.jobTemplate.value(at: ["metadata", "labels"]) {
            manifest.set(labels, at: ["metadata", "labels"])
        }
        guard var job = JobController.makeJob(manifest, cronJob: cronJob.name, state: &state) else { return nil }
        job.manifest = manifest
        state.jobs[key] = job
        state.markWrite(.job, key)
        state.markDirty(.job, key)
        state.event(ObjectRef(kind: .cronJob, key: cronJob.key), reason: "SuccessfulCreate", message: "Created job \(name)",
            component: component)
        return job
    }
}
