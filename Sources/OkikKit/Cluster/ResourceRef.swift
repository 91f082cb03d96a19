import OkikKubeClient

/// Names one Kubernetes object: its kind, namespace (nil for cluster-scoped kinds) and name.
public struct ResourceRef: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The kind, such as `Deployment`.
    public var kind: String
    /// The namespace; nil for cluster-scoped objects.
    public var namespace: String?
    /// The name.
    public var name: String

    /// Creates a reference.
    public init(kind: String, namespace: String?, name: String) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

    /// A reference to a typed object.
    public init<R: KubernetesResource>(_ object: R) {
        self.init(kind: R.groupVersionKind.kind, namespace: object.metadata.namespace, name: object.metadata.name ?? "")
    }

    /// `Deployment shop/web`, or `Node node-1`.
    public var description: String {
        "\(kind) \(namespace.map { "\($0)/" } ?? "")\(name)"
    }

    /// Orders by namespace, kind, then name, so reports read namespace by namespace.
    public static func < (lhs: ResourceRef, rhs: ResourceRef) -> Bool {
        (lhs.namespace ?? "", lhs.kind, lhs.name) < (rhs.namespace ?? "", rhs.kind, rhs.name)
    }
}

extension ResourceRef {
    /// The kind that owns each intermediate controller: a ReplicaSet's Deployment, a Job's CronJob.
    static let workloadParents = ["ReplicaSet": "Deployment", "Job": "CronJob"]

    /// The top-level workload that owns a pod: its controller, or the controller's own owner for a ReplicaSet
    /// (its Deployment) and a Job (its CronJob); the pod itself when nothing controls it. `workloadOwner` answers
    /// "which Deployment owns this ReplicaSet" and "which CronJob owns this Job" with a name, or nil.
    static func workload(of pod: Pod, workloadOwner: (_ kind: String, _ name: String) -> String?) -> ResourceRef {
        let namespace = pod.metadata.namespace
        guard let controller = pod.metadata.controllerReference else { return ResourceRef(pod) }
        if let parentKind = workloadParents[controller.kind], let parent = workloadOwner(controller.kind, controller.name) {
            return ResourceRef(kind: parentKind, namespace: namespace, name: parent)
        }
        return ResourceRef(kind: controller.kind, namespace: namespace, name: controller.name)
    }
}
