extension BuiltInScenarios {
    /// The `failing-job` scenario.
    static let failingJob = #"""
        name: failing-job
        description: db-migrate exits with code 1 every time; the Job fails after its backoff limit of 3.
        duration: 5m
        workloads:
          - kind: Job
            name: db-migrate
            namespace: okik-failing-job
            backoffLimit: 3
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: 500m, memory: 256Mi}
            behavior: fail
            runFor: 5s
        symptoms:
          - description: the Job failed
            kind: Job
            namespace: okik-failing-job
            name: db-migrate
            path: status.conditions.*.reason
            equals: BackoffLimitExceeded
          - description: after four failed pods
            kind: Job
            namespace: okik-failing-job
            name: db-migrate
            path: status.failed
            equals: "4"
        """#
}
