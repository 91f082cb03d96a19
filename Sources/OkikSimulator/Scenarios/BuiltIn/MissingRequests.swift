extension BuiltInScenarios {
    /// The `missing-requests` scenario.
    static let missingRequests = #"""
        name: missing-requests
        description: quick-prototype sets no requests or limits, so its pods are BestEffort.
        duration: 2m
        workloads:
          - kind: Deployment
            name: quick-prototype
            namespace: okik-missing-requests
            replicas: 2
            cpu: steady:150m
            memory: steady:300Mi
        symptoms:
          - description: BestEffort pods
            kind: Pod
            namespace: okik-missing-requests
            labels: {app: quick-prototype}
            path: status.qosClass
            equals: BestEffort
        """#
}
