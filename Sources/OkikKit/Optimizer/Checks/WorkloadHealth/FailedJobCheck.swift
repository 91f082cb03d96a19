import OkikKubeClient

/// OKK-501: Jobs with the Failed condition (BackoffLimitExceeded, DeadlineExceeded); Jobs of a CronJob are reported
/// once, under the CronJob (OKK-502).
public struct FailedJobCheck: Check {
    /// `failed-jobs`.
    public let id = "failed-jobs"
    /// Workload health.
    public let category = OptimizationCategory.workloadHealth
    /// OKK-501.
    public let codes = [FindingCode.jobFailed]
    /// Creates the check.
    public init() {}

    /// Reads each standalone Job's Failed condition.
    public func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult {
        let standalone = snapshot.jobs.filter { $0.metadata.controllerReference?.kind != "CronJob" }
        var findings: [Finding] = []
        for job in standalone {
            guard let failed = job.status?.conditions?.first(ofType: "Failed"), failed.isTrue else { continue }
            let ref = ResourceRef(job)
            findings.append(
                Finding(
                    code: .jobFailed, subject: ref,
                    message: "\(ref) failed (\(failed.reason ?? "Failed")): \(failed.message ?? "")",
                    evidence: [
                        "reason": failed.reason ?? "", "failed pods": "\(job.status?.failed ?? 0)",
                        "backoffLimit": "\(job.spec?.backoffLimit ?? 6)", "succeeded": "\(job.status?.succeeded ?? 0)",
                    ],
                    recommendation: "Read the failed pods' logs (kubectl logs \(ref.kubectlName)), fix the cause, then delete and re-create the Job."))
        }
        return CheckResult(subjects: standalone.map { ResourceRef($0) }, findings: findings)
    }
}
