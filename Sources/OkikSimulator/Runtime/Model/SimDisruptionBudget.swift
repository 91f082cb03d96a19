import Foundation
import OkikKubeClient

/// The runtime's view of one PodDisruptionBudget: its spec, the evictions the API server recorded, and the status the
/// disruption controller computes.
struct SimDisruptionBudget: Sendable {
    /// What the disruption controller writes to `status`.
    struct Status: Hashable, Sendable {
        var currentHealthy = 0
        var desiredHealthy = 0
        var expectedPods = 0
        var disruptionsAllowed = 0
        var observedGeneration = 0
        /// Pods an eviction is deleting, by name, with when it was allowed.
        var disruptedPods: [String: Date] = [:]
        var conditions: [SimCondition] = []
    }

    var namespace: String
    var name: String
    var uid: String?
    var generation: Int
    /// nil selects nothing; an empty selector selects every pod of the namespace (policy/v1).
    var selector: LabelSelector?
    var minAvailable: IntOrString?
    var maxUnavailable: IntOrString?
    /// Pods the eviction API recorded as being disrupted (read from the stored status).
    var recordedDisruptions: [String: Date] = [:]
    /// Status as last computed; nil until the controller has run.
    var status: Status?
    /// Set when someone else wrote the object (its stored status may differ from ``status``), so the next status is
    /// written even if it did not change.
    var statusOverwritten = true

    var key: String { ObjectRef.key(namespace, name) }

    /// Builds the runtime state from the stored object.
    init(_ budget: PodDisruptionBudget, uid: String) {
        namespace = budget.metadata.namespace ?? "default"
        name = budget.metadata.name ?? ""
        self.uid = uid
        generation = budget.metadata.generation ?? 1
        selector = budget.spec?.selector
        minAvailable = budget.spec?.minAvailable
        maxUnavailable = budget.spec?.maxUnavailable
        recordedDisruptions = (budget.status?.disruptedPods ?? [:]).mapValues(\.date)
    }
}
