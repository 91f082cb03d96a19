extension BuiltInScenarios {
    /// The `unbound-pvc` scenario.
    static let unboundClaim = #"""
        name: unbound-pvc
        description: uploads mounts a claim whose StorageClass does not exist; the claim stays Pending and so does the pod.
        duration: 2m
        workloads:
          - kind: Deployment
            name: uploads
            namespace: okik-unbound-pvc
            replicas: 1
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: 250m, memory: 256Mi}
            volume: {name: uploads-data, storageClass: fast-ssd, size: 5Gi}
        symptoms:
          - description: the claim is Pending
            kind: PersistentVolumeClaim
            namespace: okik-unbound-pvc
            name: uploads-data
            path: status.phase
            equals: Pending
          - description: its StorageClass is missing
            kind: Event
            namespace: okik-unbound-pvc
            path: message
            equals: storageclass.storage.k8s.io "fast-ssd" not found
          - description: the pod waits for it
            kind: Pod
            namespace: okik-unbound-pvc
            labels: {app: uploads}
            path: status.conditions.*.message
            contains: unbound immediate PersistentVolumeClaims
        """#
}
