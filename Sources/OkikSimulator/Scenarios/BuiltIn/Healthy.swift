extension BuiltInScenarios {
    /// The `healthy` scenario.
    static let healthy = #"""
        name: healthy
        description: >-
          The baseline: right-sized, replicated workloads with requests, limits and disruption budgets, bound storage,
          a daemon on every node, an autoscaler within range and a CronJob that succeeds. OKIK should find nothing.
        duration: 12m
        nodes:                       # sized to the workloads: a healthy cluster is not an empty one
          - name: worker
            count: 3
            cpu: "2"
            memory: 4Gi
        workloads:
          - kind: Deployment
            name: storefront
            namespace: okik-healthy
            replicas: 3
            requests: {cpu: 200m, memory: 256Mi}
            limits: {cpu: 500m, memory: 512Mi}
            cpu: steady:140m
            memory: steady:190Mi
            pdbMinAvailable: 2
            hpa: {min: 3, max: 6, cpu: 70}
          - kind: Deployment
            name: cart
            namespace: okik-healthy
            replicas: 2
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: 250m, memory: 256Mi}
            cpu: periodic:40m-80m/10m
            memory: steady:90Mi
            pdbMinAvailable: 1
            volume: {name: cart-cache, size: 2Gi}
          - kind: StatefulSet
            name: catalog-db
            namespace: okik-healthy
            replicas: 2
            requests: {cpu: 250m, memory: 512Mi}
            limits: {cpu: 500m, memory: 1Gi}
            cpu: steady:150m
            memory: steady:400Mi
            startDelay: 10s
            pdbMinAvailable: 1
          - kind: DaemonSet
            name: node-exporter
            namespace: okik-healthy
            requests: {cpu: 50m, memory: 64Mi}
            limits: {cpu: 100m, memory: 128Mi}
            cpu: steady:20m
            memory: steady:40Mi
          - kind: CronJob
            name: nightly-report
            namespace: okik-healthy
            schedule: "*/5 * * * *"
            behavior: complete
            runFor: 20s
            requests: {cpu: 100m, memory: 64Mi}
            limits: {cpu: 200m, memory: 128Mi}
        manifests:
          - apiVersion: storage.k8s.io/v1
            kind: StorageClass
            metadata:
              name: standard
              annotations: {storageclass.kubernetes.io/is-default-class: "true"}
            provisioner: rancher.io/local-path
            volumeBindingMode: Immediate
        symptoms: []
        """#
}
