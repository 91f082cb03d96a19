extension BuiltInScenarios {
    /// The `oom` scenario.
    static let oomKilled = #"""
        name: oom
        description: report-renderer leaks memory (120Mi, +20Mi every 10s) past its 256Mi limit and is OOM-killed, again and again.
        duration: 10m
        workloads:
          - kind: Deployment
            name: report-renderer
            namespace: okik-oom
            replicas: 1
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: 500m, memory: 256Mi}
            memory: leak:120Mi+20Mi/10s
            cpu: steady:80m
        symptoms:
          - description: the container was OOM-killed
            kind: Pod
            namespace: okik-oom
            labels: {app: report-renderer}
            path: status.containerStatuses.*.lastState.terminated.reason
            equals: OOMKilled
          - description: with exit code 137
            kind: Pod
            namespace: okik-oom
            labels: {app: report-renderer}
            path: status.containerStatuses.*.lastState.terminated.exitCode
            equals: "137"
          - description: the node reports the kill
            kind: Event
            path: reason
            equals: OOMKilling
        """#
}
