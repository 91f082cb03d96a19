extension ClusterSnapshot {
    /// Whether the snapshot holds the object `ref` names (kinds it does not hold are never found).
    public func contains(_ ref: ResourceRef) -> Bool {
        func named<R: KubernetesResource>(_ objects: [R]) -> Bool {
            objects.contains { $0.name == ref.name && $0.metadata.namespace == ref.namespace }
        }
        switch ref.kind {
        case "Deployment": return named(deployments)
        case "ReplicaSet": return named(replicaSets)
        case "StatefulSet": return named(statefulSets)
        case "DaemonSet": return named(daemonSets)
        case "Job": return named(jobs)
        case "CronJob": return named(cronJobs)
        case "Pod": return named(pods)
        case "HorizontalPodAutoscaler": return named(autoscalers)
        case "PersistentVolumeClaim": return named(claims)
        case "PodDisruptionBudget": return named(budgets)
        case "Node": return nodes.contains { $0.name == ref.name }
        case "Namespace": return namespaces.contains { $0.name == ref.name }
        default: return false
        }
    }
}
