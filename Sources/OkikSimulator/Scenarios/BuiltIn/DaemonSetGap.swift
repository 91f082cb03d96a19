extension BuiltInScenarios {
    /// The `daemonset-gap` scenario.
    static let daemonSetGap = #"""
        name: daemonset-gap
        description: >-
          log-shipper should run on every node, but its 300m CPU request does not fit on the small edge node, and it does not
          tolerate the gpu node's taint.
        duration: 3m
        nodes:
          - name: node
            count: 3
            cpu: "4"
            memory: 16Gi
          - name: edge
            count: 1
            cpu: 250m
            memory: 4Gi
          - name: gpu
            count: 1
            cpu: "8"
            memory: 32Gi
            labels: {okik.io/accelerator: gpu}
            taints: [{key: dedicated, value: gpu, effect: NoSchedule}]
        workloads:
          - kind: DaemonSet
            name: log-shipper
            namespace: okik-daemonset-gap
            requests: {cpu: 300m, memory: 64Mi}
            limits: {cpu: 500m, memory: 128Mi}
        symptoms:
          - description: one node has no available daemon pod
            kind: DaemonSet
            namespace: okik-daemonset-gap
            name: log-shipper
            path: status.numberUnavailable
            atLeast: 1
          - description: because it does not fit there
            kind: Pod
            namespace: okik-daemonset-gap
            labels: {app: log-shipper}
            path: status.conditions.*.message
            contains: Insufficient cpu
        """#
}
