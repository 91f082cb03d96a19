import OkikKubeClient

/// The accepted field tree of every served kind, derived once from OKIK's typed models.
///
/// `apiVersion` and `kind` are added to every kind; `status` is open (the server and controllers write it, and the
/// models cover only what OKIK reads). A kind without a model is open throughout.
enum ResourceSchemas {
    /// The models, by `apiVersion/kind`.
    static let models: [any KubernetesResource.Type] = [
        Pod.self, Service.self, Endpoints.self, Node.self, Namespace.self, Event.self, PersistentVolumeClaim.self, PersistentVolume.self,
        ResourceQuota.self, LimitRange.self, ConfigMap.self, Secret.self, ServiceAccount.self,
        Deployment.self, ReplicaSet.self, StatefulSet.self, DaemonSet.self, Job.self, CronJob.self,
        HorizontalPodAutoscaler.self, PodDisruptionBudget.self,
        Role.self, RoleBinding.self, ClusterRole.self, ClusterRoleBinding.self,
        Lease.self, StorageClass.self, PodMetrics.self, NodeMetrics.self,
    ]

    static let trees: [String: FieldTree] = {
        var trees: [String: FieldTree] = [:]
        for model in models {
            let gvk = model.groupVersionKind
            var tree = probe(model)
            tree = tree.setting("apiVersion", to: .scalar("string")).setting("kind", to: .scalar("string"))
            if tree["status"] != nil { tree = tree.setting("status", to: .open) }
            trees["\(gvk.apiVersion)/\(gvk.kind)"] = tree
        }
        return trees
    }()

    /// The tree of a served kind (open when OKIK has no model for it).
    static func tree(for definition: ResourceDefinition) -> FieldTree {
        trees["\(definition.apiVersion)/\(definition.kind)"] ?? .open
    }

    private static func probe<T: KubernetesResource>(_ type: T.Type) -> FieldTree {
        FieldTreeProbe.tree(of: T.self)
    }
}
