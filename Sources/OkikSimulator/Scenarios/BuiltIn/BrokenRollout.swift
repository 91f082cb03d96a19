extension BuiltInScenarios {
    /// The `broken-rollout` scenario.
    static let brokenRollout = #"""
        name: broken-rollout
        description: cart-service runs version 2.3.1 on four replicas; two minutes in, version 2.4.0 is rolled out and exits five seconds after start, before its readiness probe passes. The rolling update stalls with the old ReplicaSet serving three replicas while the new pods crash-loop, until the progress deadline passes.
        duration: 13m
        workloads:
          - kind: Deployment
            name: cart-service
            namespace: okik-broken-rollout
            replicas: 4
            image: registry.okik.io/cart-service:2.3.1
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: 500m, memory: 256Mi}
            cpu: steady:40m
            memory: steady:90Mi
            rollout:
              after: 2m
              image: registry.okik.io/cart-service:2.4.0
              behavior: crashloop
              runFor: 5s
              startDelay: 30s
        symptoms:
          - description: the new revision's containers wait in CrashLoopBackOff
            kind: Pod
            namespace: okik-broken-rollout
            labels: {app: cart-service}
            path: status.containerStatuses.*.state.waiting.reason
            equals: CrashLoopBackOff
          - description: and keep restarting
            kind: Pod
            namespace: okik-broken-rollout
            labels: {app: cart-service}
            path: status.containerStatuses.*.restartCount
            atLeast: 4
          - description: the old revision still serves three of four replicas
            kind: Deployment
            namespace: okik-broken-rollout
            name: cart-service
            path: status.availableReplicas
            equals: "3"
          - description: the rollout passed its progress deadline
            kind: Deployment
            namespace: okik-broken-rollout
            name: cart-service
            path: status.conditions.*.reason
            equals: ProgressDeadlineExceeded
          - description: the kubelet reports the back-off
            kind: Event
            namespace: okik-broken-rollout
            path: reason
            equals: BackOff
        """#
}
