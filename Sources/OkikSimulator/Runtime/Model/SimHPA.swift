import Foundation
import OkikKubeClient

/// The runtime's view of one HorizontalPodAutoscaler (autoscaling/v2).
struct SimHPA: Sendable {
    /// One resource metric target.
    struct Target: Hashable, Sendable {
        var resource: String
        /// Target average utilization in percent of requests.
        var utilization: Int?
        /// Target average value per pod (millicores or bytes).
        var averageValue: Int64?
    }

    /// One observed metric, as `status.currentMetrics` reports it.
    struct Current: Hashable, Sendable {
        var resource: String
        var utilization: Int?
        var averageValue: Int64
    }

    var namespace: String
    var name: String
    var uid: String?
    var targetKind: String
    var targetName: String
    var minReplicas: Int
    var maxReplicas: Int
    var targets: [Target]
    var generation: Int
    var currentReplicas = 0
    var desiredReplicas = 0
    var lastScaleTime: Date?
    var currentMetrics: [Current] = []
    var conditions: [SimCondition] = []
    /// Recent recommendations, for the scale-down stabilization window.
    var recommendations: [(time: Date, replicas: Int)] = []
    var observedGeneration = 0

    var key: String { ObjectRef.key(namespace, name) }
}
