extension BuiltInScenarios {
    /// The `hpa-saturated` scenario.
    static let hpaSaturated = #"""
        name: hpa-saturated
        description: checkout-api runs at 300% of its CPU request; its autoscaler is pinned at maxReplicas.
        duration: 5m
        workloads:
          - kind: Deployment
            name: checkout-api
            namespace: okik-hpa-saturated
            replicas: 2
            requests: {cpu: 200m, memory: 256Mi}
            limits: {cpu: "1", memory: 512Mi}
            cpu: steady:600m
            memory: steady:200Mi
            pdbMinAvailable: 1
            hpa: {min: 2, max: 4, cpu: 60}
        symptoms:
          - description: the autoscaler is limited by maxReplicas
            kind: HorizontalPodAutoscaler
            namespace: okik-hpa-saturated
            name: checkout-api
            path: status.conditions.*.reason
            equals: TooManyReplicas
          - description: at four replicas
            kind: HorizontalPodAutoscaler
            namespace: okik-hpa-saturated
            name: checkout-api
            path: status.currentReplicas
            equals: "4"
        """#
}
