/// The kinds the runtime reads or writes, in the order it writes them (owners before dependents, so a
/// dependent's ownerReference can name its owner's uid).
enum SimKind: Int, Comparable, Sendable, CaseIterable {
    case namespace, node, storageClass, persistentVolume, persistentVolumeClaim
    case deployment, replicaSet, statefulSet, daemonSet, cronJob, job, hpa, pod, podDisruptionBudget, event
    case podMetrics, nodeMetrics

    static func < (lhs: SimKind, rhs: SimKind) -> Bool { lhs.rawValue < rhs.rawValue }

    /// apiVersion and kind.
    var apiVersionKind: (apiVersion: String, kind: String) {
        switch self {
        case .namespace: ("v1", "Namespace")
        case .node: ("v1", "Node")
        case .storageClass: ("storage.k8s.io/v1", "StorageClass")
        case .persistentVolume: ("v1", "PersistentVolume")
        case .persistentVolumeClaim: ("v1", "PersistentVolumeClaim")
        case .deployment: ("apps/v1", "Deployment")
        case .replicaSet: ("apps/v1", "ReplicaSet")
        case .statefulSet: ("apps/v1", "StatefulSet")
        case .daemonSet: ("apps/v1", "DaemonSet")
        case .cronJob: ("batch/v1", "CronJob")
        case .job: ("batch/v1", "Job")
        case .hpa: ("autoscaling/v2", "HorizontalPodAutoscaler")
        case .pod: ("v1", "Pod")
        case .podDisruptionBudget: ("policy/v1", "PodDisruptionBudget")
        case .event: ("v1", "Event")
        case .podMetrics: ("metrics.k8s.io/v1beta1", "PodMetrics")
        case .nodeMetrics: ("metrics.k8s.io/v1beta1", "NodeMetrics")
        }
    }

    /// The kind for a definition, if the runtime cares about it.
    init?(_ definition: ResourceDefinition) {
        guard let kind = SimKind.allCases.first(where: {
            $0.apiVersionKind.apiVersion == definition.apiVersion && $0.apiVersionKind.kind == definition.kind
        }) else { return nil }
        self = kind
    }

    /// The kind for a store key (`group/plural`).
    static func forResourceKey(_ key: String, registry: ResourceRegistry) -> SimKind? {
        cache[key]
    }

    private static let cache: [String: SimKind] = {
        var map: [String: SimKind] = [:]
        for definition in ResourceRegistry.standard.definitions {
            if let kind = SimKind(definition) { map[definition.key] = kind }
        }
        return map
    }()
}

/// One object the runtime tracks: kind plus "namespace/name".
struct ObjectRef: Hashable, Comparable, Sendable {
    var kind: SimKind
    var key: String

    static func < (lhs: ObjectRef, rhs: ObjectRef) -> Bool {
        lhs.kind != rhs.kind ? lhs.kind < rhs.kind : lhs.key < rhs.key
    }

    /// Namespace part of the key (empty for cluster-scoped objects).
    var namespace: String { String(key[..<(key.firstIndex(of: "/") ?? key.startIndex)]) }
    /// The namespace as the store takes it: nil for cluster-scoped objects.
    var storeNamespace: String? {
        let namespace = namespace
        return namespace.isEmpty ? nil : namespace
    }
    /// Name part of the key.
    var name: String {
        guard let slash = key.firstIndex(of: "/") else { return key }
        return String(key[key.index(after: slash)...])
    }

    static func key(_ namespace: String, _ name: String) -> String { "\(namespace)/\(name)" }
}
