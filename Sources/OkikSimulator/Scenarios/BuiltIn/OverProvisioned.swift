extension BuiltInScenarios {
    /// The `overprovisioned` scenario.
    static let overProvisioned = #"""
        name: overprovisioned
        description: search-indexer requests 1.5 CPU and 4Gi per pod but uses 30m and 200Mi.
        duration: 5m
        workloads:
          - kind: Deployment
            name: search-indexer
            namespace: okik-overprovisioned
            replicas: 2
            requests: {cpu: 1500m, memory: 4Gi}
            limits: {cpu: 1500m, memory: 4Gi}
            cpu: steady:30m
            memory: steady:200Mi
            pdbMinAvailable: 1
        symptoms:
          - description: large requests
            kind: Deployment
            namespace: okik-overprovisioned
            name: search-indexer
            path: spec.template.spec.containers.0.resources.requests.cpu
            equals: 1500m
          - description: tiny usage (30m)
            kind: PodMetrics
            namespace: okik-overprovisioned
            labels: {app: search-indexer}
            path: containers.*.usage.cpu
            equals: 30000000n
        """#
}
