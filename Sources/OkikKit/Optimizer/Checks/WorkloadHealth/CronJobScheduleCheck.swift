import Foundation
import OkikKubeClient

/// OKK-503 and OKK-504: CronJobs that should have started a Job by now and have not, and suspended CronJobs.
public struct CronJobScheduleCheck: Check {
    /// `cronjob-schedule`.
    public let id = "cronjob-schedule"
    /// Workload health.
    public let category = OptimizationCategory.workloadHealth
    /// OKK-503, OKK-504.
    public let codes = [FindingCode.cronJobNotScheduling, .cronJobSuspended]
    /// Creates the check.
    public init() {}

    /// Computes each CronJob's next due time after its last schedule (UTC schedules; `timeZone` is not evaluated).
    public func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult {
        var findings: [Finding] = []
        for cronJob in snapshot.cronJobs {
            let ref = ResourceRef(cronJob)
            let text = cronJob.spec?.schedule ?? ""
            if cronJob.spec?.suspend == true {
                findings.append(
                    Finding(
                        code: .cronJobSuspended, subject: ref, message: "\(ref) is suspended: no Jobs run",
                        evidence: ["schedule": text, "last scheduled": cronJob.status?.lastScheduleTime?.rfc3339 ?? "never"],
                        recommendation: "Resume it (spec.suspend: false) or delete it if it is no longer needed."))
                continue
            }
            guard cronJob.spec?.timeZone == nil, let schedule = CronSchedule(text),
                let since = cronJob.status?.lastScheduleTime ?? cronJob.metadata.creationTimestamp,
                let due = schedule.next(after: since.date)
            else { continue }
            let late = snapshot.takenAt.timeIntervalSince(due)
            guard late > context.thresholds.cronJobLatenessSeconds else { continue }
            findings.append(
                Finding(
                    code: .cronJobNotScheduling, subject: ref,
                    message: "\(ref) was due at \(Timestamp(due).rfc3339) (\(text)) and has not started a Job for \(Figures.duration(late))",
                    evidence: [
                        "schedule": text, "due": Timestamp(due).rfc3339,
                        "last scheduled": cronJob.status?.lastScheduleTime?.rfc3339 ?? "never",
                        "startingDeadlineSeconds": cronJob.spec?.startingDeadlineSeconds.map(String.init) ?? "none",
                    ],
                    recommendation: "Check the CronJob controller's events (kubectl describe \(ref.kubectlName)): missed start deadlines, concurrencyPolicy Forbid with a stuck Job, or an invalid schedule."))
        }
        return CheckResult(subjects: snapshot.cronJobs.map { ResourceRef($0) }, findings: findings)
    }
}
