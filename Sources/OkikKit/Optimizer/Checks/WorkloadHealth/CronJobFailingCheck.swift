import OkikKubeClient

/// OKK-502: CronJobs whose most recent finished Job failed, with how many of the last few failed.
public struct CronJobFailingCheck: Check {
    /// `cronjob-failing`.
    public let id = "cronjob-failing"
    /// Workload health.
    public let category = OptimizationCategory.workloadHealth
    /// OKK-502.
    public let codes = [FindingCode.cronJobFailing]
    /// Creates the check.
    public init() {}

    /// Reads the finished Jobs each CronJob owns, newest first.
    public func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult {
        var jobsByCronJob: [String: [Job]] = [:]
        for job in snapshot.jobs {
            guard let owner = job.metadata.controllerReference, owner.kind == "CronJob" else { continue }
            jobsByCronJob["\(job.metadata.namespace ?? "")/\(owner.name)", default: []].append(job)
        }
        var findings: [Finding] = []
        for cronJob in snapshot.cronJobs {
            let finished = (jobsByCronJob["\(cronJob.metadata.namespace ?? "")/\(cronJob.name)"] ?? [])
                .filter { Self.failed($0) != nil || ($0.status?.conditions?.first(ofType: "Complete")?.isTrue ?? false) }
                .sorted { ($0.metadata.creationTimestamp ?? Timestamp(seconds: 0)) > ($1.metadata.creationTimestamp ?? Timestamp(seconds: 0)) }
                .prefix(context.thresholds.cronJobHistory)
            guard let latest = finished.first, let failure = Self.failed(latest) else { continue }
            let failures = finished.filter { Self.failed($0) != nil }.count
            let ref = ResourceRef(cronJob)
            findings.append(
                Finding(
                    code: .cronJobFailing, subject: ref,
                    message: "\(ref): \(failures) of its last \(finished.count) Jobs failed; the latest, \(latest.name), with \(failure.reason ?? "Failed")",
                    evidence: [
                        "latest job": latest.name, "reason": failure.reason ?? "", "message": failure.message ?? "",
                        "failed of recent": "\(failures) of \(finished.count)",
                        "last successful": cronJob.status?.lastSuccessfulTime?.rfc3339 ?? "never",
                    ],
                    recommendation: "Read the latest Job's pod logs (kubectl logs job/\(latest.name) -n \(ref.namespace ?? "")) and fix the cause; suspend the CronJob meanwhile if failures cost anything."))
        }
        return CheckResult(subjects: snapshot.cronJobs.map { ResourceRef($0) }, findings: findings)
    }

    static func failed(_ job: Job) -> Condition? {
        guard let condition = job.status?.conditions?.first(ofType: "Failed"), condition.isTrue else { return nil }
        return condition
    }
}
