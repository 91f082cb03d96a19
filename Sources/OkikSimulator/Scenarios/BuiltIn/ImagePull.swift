extension BuiltInScenarios {
    /// The `imagepull` scenario.
    static let imagePull = #"""
        name: imagepull
        description: checkout-web points at an image tag that does not exist; the pull fails and backs off.
        duration: 5m
        workloads:
          - kind: Deployment
            name: checkout-web
            namespace: okik-imagepull
            replicas: 2
            image: registry.okik.io/checkout-web:2.3.1-typo
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: 250m, memory: 256Mi}
            behavior: imagepull
        symptoms:
          - description: the containers wait in ImagePullBackOff
            kind: Pod
            namespace: okik-imagepull
            labels: {app: checkout-web}
            path: status.containerStatuses.*.state.waiting.reason
            equals: ImagePullBackOff
          - description: the kubelet reports the failed pull
            kind: Event
            namespace: okik-imagepull
            path: message
            contains: Failed to pull image "registry.okik.io/checkout-web:2.3.1-typo"
        """#
}
