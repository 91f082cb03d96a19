extension BuiltInScenarios {
    /// The `failing-cronjob` scenario.
    static let failingCronJob = #"""
        name: failing-cronjob
        description: nightly-export runs every five minutes and every run fails.
        duration: 16m
        workloads:
          - kind: CronJob
            name: nightly-export
            namespace: okik-failing-cronjob
            schedule: "*/5 * * * *"
            backoffLimit: 1
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: 500m, memory: 256Mi}
            behavior: fail
            runFor: 5s
        symptoms:
          - description: its Jobs fail
            kind: Job
            namespace: okik-failing-cronjob
            name: nightly-export-*
            path: status.conditions.*.reason
            equals: BackoffLimitExceeded
          - description: it has been scheduled
            kind: CronJob
            namespace: okik-failing-cronjob
            name: nightly-export
            path: status.lastScheduleTime
        """#
}
