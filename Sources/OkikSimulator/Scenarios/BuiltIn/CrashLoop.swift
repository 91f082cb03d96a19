extension BuiltInScenarios {
    /// The `crashloop` scenario.
    static let crashLoop = #"""
        name: crashloop
        description: payments-api exits with code 1 five seconds after it starts; the kubelet restarts it with growing back-off.
        duration: 10m
        workloads:
          - kind: Deployment
            name: payments-api
            namespace: okik-crashloop
            replicas: 2
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: 500m, memory: 256Mi}
            behavior: crashloop
            runFor: 5s
            pdbMinAvailable: 1
        symptoms:
          - description: the containers wait in CrashLoopBackOff
            kind: Pod
            namespace: okik-crashloop
            labels: {app: payments-api}
            path: status.containerStatuses.*.state.waiting.reason
            equals: CrashLoopBackOff
          - description: they have restarted at least five times
            kind: Pod
            namespace: okik-crashloop
            labels: {app: payments-api}
            path: status.containerStatuses.*.restartCount
            atLeast: 5
          - description: the last run ended with an error
            kind: Pod
            namespace: okik-crashloop
            labels: {app: payments-api}
            path: status.containerStatuses.*.lastState.terminated.reason
            equals: Error
          - description: the kubelet reports the back-off
            kind: Event
            namespace: okik-crashloop
            path: reason
            equals: BackOff
          - description: the Deployment is not available
            kind: Deployment
            namespace: okik-crashloop
            name: payments-api
            path: status.conditions.*.reason
            equals: MinimumReplicasUnavailable
        """#
}
