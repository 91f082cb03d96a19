extension BuiltInScenarios {
    /// The `pending` scenario.
    static let pending = #"""
        name: pending
        description: ml-trainer requests 64Gi of memory; no node has that much, so its pod stays Pending.
        duration: 2m
        workloads:
          - kind: Deployment
            name: ml-trainer
            namespace: okik-pending
            replicas: 1
            requests: {cpu: 500m, memory: 64Gi}
            limits: {cpu: "1", memory: 64Gi}
        symptoms:
          - description: the pod cannot be scheduled
            kind: Pod
            namespace: okik-pending
            labels: {app: ml-trainer}
            path: status.conditions.*.reason
            equals: Unschedulable
          - description: for lack of memory
            kind: Pod
            namespace: okik-pending
            labels: {app: ml-trainer}
            path: status.conditions.*.message
            contains: Insufficient memory
          - description: the scheduler says so
            kind: Event
            namespace: okik-pending
            path: reason
            equals: FailedScheduling
        """#
}
