import Foundation
import OkikKubeClient
import Testing

@Suite("Model round trips and identity")
struct ModelRoundTripTests {
    /// Whether decoding, encoding and decoding again gives an equal value.
    static func roundTrips<R: Codable & Equatable>(_ type: R.Type, _ data: Data) throws -> Bool {
        let decoded = try JSONDecoder().decode(R.self, from: data)
        return try Fixtures.roundTrip(decoded) == decoded
    }

    @Test("encode then decode gives an equal value", arguments: Fixtures.typed)
    func roundTrip(_ fixture: Fixtures.Typed) throws {
        #expect(try Self.roundTrips(fixture.type, Fixtures.data(fixture.path)))
    }

    /// A kind's static identity.
    struct Identity: Sendable, CustomTestStringConvertible {
        let type: any KubernetesResource.Type
        let apiVersion: String
        let kind: String
        let resource: String
        let scope: ResourceScope
        var testDescription: String { kind }
    }

    static let identities: [Identity] = [
        Identity(type: Namespace.self, apiVersion: "v1", kind: "Namespace", resource: "namespaces", scope: .cluster),
        Identity(type: Pod.self, apiVersion: "v1", kind: "Pod", resource: "pods", scope: .namespaced),
        Identity(type: Service.self, apiVersion: "v1", kind: "Service", resource: "services", scope: .namespaced),
        Identity(type: Node.self, apiVersion: "v1", kind: "Node", resource: "nodes", scope: .cluster),
        Identity(type: Event.self, apiVersion: "v1", kind: "Event", resource: "events", scope: .namespaced),
        Identity(
            type: PersistentVolumeClaim.self, apiVersion: "v1", kind: "PersistentVolumeClaim",
            resource: "persistentvolumeclaims", scope: .namespaced),
        Identity(
            type: PersistentVolume.self, apiVersion: "v1", kind: "PersistentVolume", resource: "persistentvolumes",
            scope: .cluster),
        Identity(
            type: ResourceQuota.self, apiVersion: "v1", kind: "ResourceQuota", resource: "resourcequotas",
            scope: .namespaced),
        Identity(type: LimitRange.self, apiVersion: "v1", kind: "LimitRange", resource: "limitranges", scope: .namespaced),
        Identity(type: ConfigMap.self, apiVersion: "v1", kind: "ConfigMap", resource: "configmaps", scope: .namespaced),
        Identity(type: Secret.self, apiVersion: "v1", kind: "Secret", resource: "secrets", scope: .namespaced),
        Identity(
            type: ServiceAccount.self, apiVersion: "v1", kind: "ServiceAccount", resource: "serviceaccounts",
            scope: .namespaced),
        Identity(type: Deployment.self, apiVersion: "apps/v1", kind: "Deployment", resource: "deployments", scope: .namespaced),
        Identity(type: ReplicaSet.self, apiVersion: "apps/v1", kind: "ReplicaSet", resource: "replicasets", scope: .namespaced),
        Identity(
            type: StatefulSet.self, apiVersion: "apps/v1", kind: "StatefulSet", resource: "statefulsets", scope: .namespaced),
        Identity(type: DaemonSet.self, apiVersion: "apps/v1", kind: "DaemonSet", resource: "daemonsets", scope: .namespaced),
        Identity(type: Job.self, apiVersion: "batch/v1", kind: "Job", resource: "jobs", scope: .namespaced),
        Identity(type: CronJob.self, apiVersion: "batch/v1", kind: "CronJob", resource: "cronjobs", scope: .namespaced),
        Identity(
            type: HorizontalPodAutoscaler.self, apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler",
            resource: "horizontalpodautoscalers", scope: .namespaced),
        Identity(
            type: PodDisruptionBudget.self, apiVersion: "policy/v1", kind: "PodDisruptionBudget",
            resource: "poddisruptionbudgets", scope: .namespaced),
        Identity(
            type: Role.self, apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", resource: "roles",
            scope: .namespaced),
        Identity(
            type: ClusterRole.self, apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole",
            resource: "clusterroles", scope: .cluster),
        Identity(
            type: RoleBinding.self, apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding",
            resource: "rolebindings", scope: .namespaced),
        Identity(
            type: ClusterRoleBinding.self, apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding",
            resource: "clusterrolebindings", scope: .cluster),
        Identity(type: Lease.self, apiVersion: "coordination.k8s.io/v1", kind: "Lease", resource: "leases", scope: .namespaced),
        Identity(
            type: PodMetrics.self, apiVersion: "metrics.k8s.io/v1beta1", kind: "PodMetrics", resource: "pods",
            scope: .namespaced),
        Identity(
            type: NodeMetrics.self, apiVersion: "metrics.k8s.io/v1beta1", kind: "NodeMetrics", resource: "nodes",
            scope: .cluster),
        Identity(
            type: StorageClass.self, apiVersion: "storage.k8s.io/v1", kind: "StorageClass", resource: "storageclasses",
            scope: .cluster),
    ]

    @Test("declares its group, version, kind, resource and scope", arguments: identities)
    func identity(_ item: Identity) {
        #expect(item.type.groupVersionKind.apiVersion == item.apiVersion)
        #expect(item.type.groupVersionKind.kind == item.kind)
        #expect(item.type.resourceName == item.resource)
        #expect(item.type.scope == item.scope)
    }

    @Test func capabilityMarkers() {
        func isScalable(_ type: any KubernetesResource.Type) -> Bool { type is any ScalableResource.Type }
        func hasStatus(_ type: any KubernetesResource.Type) -> Bool { type is any StatusHavingResource.Type }
        #expect(isScalable(Deployment.self) && isScalable(ReplicaSet.self) && isScalable(StatefulSet.self))
        #expect(!isScalable(DaemonSet.self) && !isScalable(Pod.self) && !isScalable(Job.self))
        for type: any KubernetesResource.Type in [
            Pod.self, Deployment.self, ReplicaSet.self, StatefulSet.self, DaemonSet.self, Job.self, CronJob.self,
            Service.self, Node.self, Namespace.self, HorizontalPodAutoscaler.self, PersistentVolumeClaim.self,
            PersistentVolume.self, ResourceQuota.self, PodDisruptionBudget.self,
        ] {
            #expect(hasStatus(type), "\(type) should have a status subresource")
        }
        for type: any KubernetesResource.Type in [
            Event.self, ConfigMap.self, Secret.self, ServiceAccount.self, Role.self, Lease.self, PodMetrics.self,
        ] {
            #expect(!hasStatus(type), "\(type) has no status subresource")
        }
    }
}
