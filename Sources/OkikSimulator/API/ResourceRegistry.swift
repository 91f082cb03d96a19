/// The kinds the simulated API server serves, looked up by URL segments or by apiVersion and kind.
public struct ResourceRegistry: Sendable {
    /// All served kinds.
    public let definitions: [ResourceDefinition]
    private let byPath: [String: ResourceDefinition]
    private let byKind: [String: ResourceDefinition]

    /// Creates a registry.
    public init(_ definitions: [ResourceDefinition]) {
        self.definitions = definitions
        var byPath: [String: ResourceDefinition] = [:]
        var byKind: [String: ResourceDefinition] = [:]
        for definition in definitions {
            byPath["\(definition.apiVersion)/\(definition.plural)"] = definition
            byKind["\(definition.apiVersion)/\(definition.kind)"] = definition
        }
        self.byPath = byPath
        self.byKind = byKind
    }

    /// The definition served at `apiVersion` + plural.
    public func definition(apiVersion: String, plural: String) -> ResourceDefinition? {
        byPath["\(apiVersion)/\(plural)"]
    }

    /// The definition for an object's `apiVersion` and `kind`.
    public func definition(apiVersion: String, kind: String) -> ResourceDefinition? {
        byKind["\(apiVersion)/\(kind)"]
    }

    /// The served group/versions, core first.
    public var groupVersions: [(group: String, version: String)] {
        var seen = Set<String>()
        var result: [(String, String)] = []
        for definition in definitions where seen.insert(definition.apiVersion).inserted {
            result.append((definition.group, definition.version))
        }
        return result
    }

    /// Every kind OKIK models, with kubectl's names, categories and selectable fields.
    public static let standard = ResourceRegistry([
        .init(group: "", version: "v1", plural: "namespaces", singular: "namespace", kind: "Namespace", namespaced: false,
              shortNames: ["ns"], hasStatus: true, selectableFields: ["status.phase": ["status", "phase"]]),
        .init(group: "", version: "v1", plural: "pods", singular: "pod", kind: "Pod", namespaced: true,
              shortNames: ["po"], categories: ["all"], hasStatus: true,
              selectableFields: [
                "status.phase": ["status", "phase"], "spec.nodeName": ["spec", "nodeName"],
                "spec.restartPolicy": ["spec", "restartPolicy"], "spec.schedulerName": ["spec", "schedulerName"],
                "spec.serviceAccountName": ["spec", "serviceAccountName"], "status.podIP": ["status", "podIP"],
                "status.nominatedNodeName": ["status", "nominatedNodeName"],
              ]),
        .init(group: "", version: "v1", plural: "services", singular: "service", kind: "Service", namespaced: true,
              shortNames: ["svc"], categories: ["all"], hasStatus: true),
        .init(group: "", version: "v1", plural: "endpoints", singular: "endpoints", kind: "Endpoints", namespaced: true,
              shortNames: ["ep"]),
        .init(group: "", version: "v1", plural: "nodes", singular: "node", kind: "Node", namespaced: false,
              shortNames: ["no"], hasStatus: true, selectableFields: ["spec.unschedulable": ["spec", "unschedulable"]]),
        .init(group: "", version: "v1", plural: "events", singular: "event", kind: "Event", namespaced: true,
              shortNames: ["ev"],
              selectableFields: [
                "involvedObject.kind": ["involvedObject", "kind"], "involvedObject.namespace": ["involvedObject", "namespace"],
                "involvedObject.name": ["involvedObject", "name"], "involvedObject.uid": ["involvedObject", "uid"],
                "involvedObject.apiVersion": ["involvedObject", "apiVersion"],
                "involvedObject.resourceVersion": ["involvedObject", "resourceVersion"],
                "involvedObject.fieldPath": ["involvedObject", "fieldPath"], "reason": ["reason"], "type": ["type"],
                "source": ["source", "component"], "reportingComponent": ["reportingComponent"],
              ]),
        .init(group: "", version: "v1", plural: "persistentvolumeclaims", singular: "persistentvolumeclaim",
              kind: "PersistentVolumeClaim", namespaced: true, shortNames: ["pvc"], hasStatus: true),
        .init(group: "", version: "v1", plural: "persistentvolumes", singular: "persistentvolume", kind: "PersistentVolume",
              namespaced: false, shortNames: ["pv"], hasStatus: true),
        .init(group: "", version: "v1", plural: "resourcequotas", singular: "resourcequota", kind: "ResourceQuota",
              namespaced: true, shortNames: ["quota"], hasStatus: true),
        .init(group: "", version: "v1", plural: "limitranges", singular: "limitrange", kind: "LimitRange",
              namespaced: true, shortNames: ["limits"]),
        .init(group: "", version: "v1", plural: "configmaps", singular: "configmap", kind: "ConfigMap", namespaced: true,
              shortNames: ["cm"]),
        .init(group: "", version: "v1", plural: "secrets", singular: "secret", kind: "Secret", namespaced: true,
              selectableFields: ["type": ["type"]]),
        .init(group: "", version: "v1", plural: "serviceaccounts", singular: "serviceaccount", kind: "ServiceAccount",
              namespaced: true, shortNames: ["sa"]),
        .init(group: "apps", version: "v1", plural: "deployments", singular: "deployment", kind: "Deployment",
              namespaced: true, shortNames: ["deploy"], categories: ["all"], hasStatus: true, hasScale: true),
        .init(group: "apps", version: "v1", plural: "replicasets", singular: "replicaset", kind: "ReplicaSet",
              namespaced: true, shortNames: ["rs"], categories: ["all"], hasStatus: true, hasScale: true,
              selectableFields: ["status.replicas": ["status", "replicas"]]),
        .init(group: "apps", version: "v1", plural: "statefulsets", singular: "statefulset", kind: "StatefulSet",
              namespaced: true, shortNames: ["sts"], categories: ["all"], hasStatus: true, hasScale: true),
        .init(group: "apps", version: "v1", plural: "daemonsets", singular: "daemonset", kind: "DaemonSet",
              namespaced: true, shortNames: ["ds"], categories: ["all"], hasStatus: true),
        .init(group: "batch", version: "v1", plural: "jobs", singular: "job", kind: "Job", namespaced: true,
              categories: ["all"], hasStatus: true, selectableFields: ["status.successful": ["status", "succeeded"]]),
        .init(group: "batch", version: "v1", plural: "cronjobs", singular: "cronjob", kind: "CronJob", namespaced: true,
              shortNames: ["cj"], categories: ["all"], hasStatus: true),
        .init(group: "autoscaling", version: "v2", plural: "horizontalpodautoscalers", singular: "horizontalpodautoscaler",
              kind: "HorizontalPodAutoscaler", namespaced: true, shortNames: ["hpa"], categories: ["all"], hasStatus: true),
        .init(group: "policy", version: "v1", plural: "poddisruptionbudgets", singular: "poddisruptionbudget",
              kind: "PodDisruptionBudget", namespaced: true, shortNames: ["pdb"], hasStatus: true),
        .init(group: "rbac.authorization.k8s.io", version: "v1", plural: "roles", singular: "role", kind: "Role",
              namespaced: true),
        .init(group: "rbac.authorization.k8s.io", version: "v1", plural: "rolebindings", singular: "rolebinding",
              kind: "RoleBinding", namespaced: true),
        .init(group: "rbac.authorization.k8s.io", version: "v1", plural: "clusterroles", singular: "clusterrole",
              kind: "ClusterRole", namespaced: false),
        .init(group: "rbac.authorization.k8s.io", version: "v1", plural: "clusterrolebindings", singular: "clusterrolebinding",
              kind: "ClusterRoleBinding", namespaced: false),
        .init(group: "coordination.k8s.io", version: "v1", plural: "leases", singular: "lease", kind: "Lease",
              namespaced: true),
        .init(group: "storage.k8s.io", version: "v1", plural: "storageclasses", singular: "storageclass",
              kind: "StorageClass", namespaced: false, shortNames: ["sc"]),
        .init(group: "metrics.k8s.io", version: "v1beta1", plural: "pods", singular: "", kind: "PodMetrics",
              namespaced: true, readOnly: true),
        .init(group: "metrics.k8s.io", version: "v1beta1", plural: "nodes", singular: "", kind: "NodeMetrics",
              namespaced: false, readOnly: true),
    ])
}
