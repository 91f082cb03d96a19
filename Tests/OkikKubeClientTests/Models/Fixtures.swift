import Foundation
import OkikKubeClient
import Testing

/// Loads JSON fixtures from `Fixtures/<group>/<kind>/N.json` in the test bundle.
enum Fixtures {
    /// The raw bytes of a fixture.
    static func data(_ path: String) throws -> Data {
        let root = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return try Data(contentsOf: root.appendingPathComponent(path))
    }

    /// A fixture decoded as `T`.
    static func decode<T: Decodable>(_ type: T.Type, _ path: String) throws -> T {
        try JSONDecoder().decode(T.self, from: data(path))
    }

    /// Encodes a value and decodes it again.
    static func roundTrip<T: Codable>(_ value: T) throws -> T {
        try JSONDecoder().decode(T.self, from: JSONEncoder().encode(value))
    }

    /// A fixture file and the model it holds, for tests that run over every typed fixture.
    struct Typed: Sendable, CustomTestStringConvertible {
        let path: String
        let type: any (Codable & Equatable & Sendable).Type
        var testDescription: String { path }
    }

    /// Every typed fixture.
    static let typed: [Typed] = [
        Typed(path: "core/pod/1.json", type: Pod.self),
        Typed(path: "core/pod/2.json", type: Pod.self),
        Typed(path: "core/node/1.json", type: Node.self),
        Typed(path: "core/event/1.json", type: Event.self),
        Typed(path: "core/event/2.json", type: Event.self),
        Typed(path: "core/secret/1.json", type: Secret.self),
        Typed(path: "core/service/1.json", type: Service.self),
        Typed(path: "core/persistentvolumeclaim/1.json", type: PersistentVolumeClaim.self),
        Typed(path: "apps/deployment/1.json", type: Deployment.self),
        Typed(path: "apps/daemonset/1.json", type: DaemonSet.self),
        Typed(path: "apps/statefulset/1.json", type: StatefulSet.self),
        Typed(path: "autoscaling/horizontalpodautoscaler/1.json", type: HorizontalPodAutoscaler.self),
        Typed(path: "batch/job/1.json", type: Job.self),
        Typed(path: "batch/cronjob/1.json", type: CronJob.self),
        Typed(path: "policy/poddisruptionbudget/1.json", type: PodDisruptionBudget.self),
        Typed(path: "metrics/podmetrics/1.json", type: PodMetrics.self),
        Typed(path: "metrics/nodemetrics/1.json", type: NodeMetrics.self),
        Typed(path: "rbac/clusterrolebinding/1.json", type: ClusterRoleBinding.self),
        Typed(path: "coordination/lease/1.json", type: Lease.self),
    ]
}
