extension BuiltInScenarios {
    /// The `single-replica` scenario.
    static let singleReplica = #"""
        name: single-replica
        description: auth-gateway runs a single replica and has no PodDisruptionBudget; a node drain takes it down.
        duration: 2m
        workloads:
          - kind: Deployment
            name: auth-gateway
            namespace: okik-single-replica
            replicas: 1
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: 250m, memory: 256Mi}
        symptoms:
          - description: one replica
            kind: Deployment
            namespace: okik-single-replica
            name: auth-gateway
            path: spec.replicas
            equals: "1"
        """#
}
