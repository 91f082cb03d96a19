extension BuiltInScenarios {
    /// The `idle` scenario.
    static let idle = #"""
        name: idle
        description: legacy-reports runs three replicas that do nothing (1m CPU each).
        duration: 5m
        workloads:
          - kind: Deployment
            name: legacy-reports
            namespace: okik-idle
            replicas: 3
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: 200m, memory: 256Mi}
            cpu: steady:1m
            memory: steady:40Mi
            pdbMinAvailable: 1
        symptoms:
          - description: almost no CPU used
            kind: PodMetrics
            namespace: okik-idle
            labels: {app: legacy-reports}
            path: containers.*.usage.cpu
            equals: 1000000n
        """#
}
