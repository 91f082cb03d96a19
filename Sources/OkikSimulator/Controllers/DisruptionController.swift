import Foundation
import OkikKubeClient

/// The disruption controller of kube-controller-manager (`pkg/controller/disruption`): keeps each
/// PodDisruptionBudget's status current whenever its pods, their controllers or the budget change.
///
/// - `expectedPods`: with `maxUnavailable` or a percentage `minAvailable`, the sum of the scales of the selected pods'
///   distinct controllers (a ReplicaSet owned by a Deployment counts the Deployment's `spec.replicas`, a bare
///   ReplicaSet or a StatefulSet its own); with an integer `minAvailable`, the number of selected pods.
/// - `desiredHealthy`: the integer `minAvailable`, a percentage of `expectedPods` rounded up, or `expectedPods` minus
///   `maxUnavailable` (a percentage rounded up), at least 0.
/// - `currentHealthy`: selected pods that are Ready and not being evicted (in `disruptedPods` for less than two
///   minutes).
/// - `disruptionsAllowed`: `currentHealthy - desiredHealthy`, at least 0, and 0 while `expectedPods` is 0.
/// - The `DisruptionAllowed` condition: True/`SufficientPods` or False/`InsufficientPods`; False/`SyncFailed` with
///   `disruptionsAllowed` 0 when a selected pod's controller cannot be scaled (a DaemonSet, a Job, a missing owner).
enum DisruptionController {
    static let component = "controllermanager"
    /// How long an eviction's pod is expected to take to go (`DeletionTimeout`).
    static let deletionTimeout: TimeInterval = 120

    static func reconcile(_ key: String, in state: inout ClusterState) {
        guard var budget = state.budgets[key] else { return }
        let now = state.now
        let pods = selectedPods(budget, in: state)
        let reference = ObjectRef(kind: .podDisruptionBudget, key: key)
        var status = budget.status ?? SimDisruptionBudget.Status()
        if pods.isEmpty && (budget.status == nil || budget.status?.expectedPods != 0) {
            state.event(reference, reason: "NoPods", message: "No matching pods found", component: component)
        }
        let expected: (count: Int, desired: Int)
        do {
            expected = try expectedPods(budget, pods: pods, state: &state, reference: reference)
        } catch {
            // failSafe: no disruption allowed, the rest of the status as it was.
            status.disruptionsAllowed = 0
            status.conditions.set(
                "DisruptionAllowed", "False", reason: "SyncFailed", message: error.message, at: now)
            store(status, for: &budget, in: &state)
            return
        }
        // Evictions the API server recorded that are still under way.
        var disrupted: [String: Date] = [:]
        var recheck: Date?
        for pod in pods {
            guard let time = budget.recordedDisruptions[pod.name] else { continue }
            let expiry = time.addingTimeInterval(deletionTimeout)
            guard expiry > now else { continue }
            disrupted[pod.name] = time
            recheck = min(recheck ?? expiry, expiry)
        }
        budget.recordedDisruptions = disrupted
        state.timers.schedule(.disruptionBudget(key), at: recheck)
        let healthy = pods.filter { $0.isReady && !$0.isTerminal && disrupted[$0.name] == nil }.count
        status.currentHealthy = healthy
        status.desiredHealthy = expected.desired
        status.expectedPods = expected.count
        status.disruptionsAllowed = expected.count <= 0 ? 0 : max(0, healthy - expected.desired)
        status.observedGeneration = budget.generation
        status.disruptedPods = disrupted
        let allowed = status.disruptionsAllowed > 0
        status.conditions.set(
            "DisruptionAllowed", allowed ? "True" : "False", reason: allowed ? "SufficientPods" : "InsufficientPods",
            message: "", at: now)
        store(status, for: &budget, in: &state)
    }

    private static func store(_ status: SimDisruptionBudget.Status, for budget: inout SimDisruptionBudget, in state: inout ClusterState) {
        let changed = budget.status != status || budget.statusOverwritten
        budget.status = status
        budget.statusOverwritten = false
        state.budgets[budget.key] = budget
        if changed { state.markWrite(.podDisruptionBudget, budget.key) }
    }

    /// The pods of the budget's namespace its selector selects (`getPodsForPdb`).
    static func selectedPods(_ budget: SimDisruptionBudget, in state: ClusterState) -> [SimPod] {
        guard let selector = budget.selector else { return [] }
        return (state.podsByNamespace[budget.namespace] ?? []).sorted().compactMap { key in
            guard let pod = state.pods[key], selector.matches(pod.labels) else { return nil }
            return pod
        }
    }

    /// Why the expected pods could not be worked out; the controller's `failSafe` puts it in the condition.
    struct SyncFailure: Error {
        var message: String
    }

    /// `expectedPods` and `desiredHealthy` (`getExpectedPodCount`).
    private static func expectedPods(
        _ budget: SimDisruptionBudget, pods: [SimPod], state: inout ClusterState, reference: ObjectRef
    ) throws(SyncFailure) -> (count: Int, desired: Int) {
        if let maxUnavailable = budget.maxUnavailable {
            let expected = try expectedScale(budget, pods: pods, state: &state, reference: reference)
            let unavailable = try scaled(maxUnavailable, of: expected)
            return (expected, max(0, expected - unavailable))
        }
        switch budget.minAvailable {
        case .int(let number)?:
            return (pods.count, number)
        case .string(let percent)?:
            let expected = try expectedScale(budget, pods: pods, state: &state, reference: reference)
            return (expected, try scaled(.string(percent), of: expected))
        case nil:
            return (0, 0)
        }
    }

    /// The sum of the scales of the distinct controllers of the pods (`getExpectedScale`); pods without a
    /// controller are skipped with an `UnmanagedPods` warning.
    private static func expectedScale(
        _ budget: SimDisruptionBudget, pods: [SimPod], state: inout ClusterState, reference: ObjectRef
    ) throws(SyncFailure) -> Int {
        var scales: [String: Int] = [:]
        var unmanaged = false
        for pod in pods {
            guard let owner = pod.owner else {
                unmanaged = true
                continue
            }
            let ownerKey = ObjectRef.key(pod.namespace, owner.name)
            switch owner.kind {
            case .replicaSet:
                guard let replicaSet = state.replicaSets[ownerKey] else { throw noController(pod) }
                if let deployment = replicaSet.deployment {
                    guard let owning = state.deployments[ObjectRef.key(pod.namespace, deployment)] else {
                        throw noController(pod)
                    }
                    scales["Deployment/\(owning.key)"] = owning.replicas
                } else {
                    scales["ReplicaSet/\(ownerKey)"] = replicaSet.replicas
                }
            case .statefulSet:
                guard let statefulSet = state.statefulSets[ownerKey] else { throw noController(pod) }
                scales["StatefulSet/\(ownerKey)"] = statefulSet.replicas
            default:
                throw noController(pod)
            }
        }
        if unmanaged {
            let selector = budget.selector?.selectorString ?? ""
            state.event(
                reference, warning: true, reason: "UnmanagedPods",
                message:
                    "Pods selected by this PodDisruptionBudget (selector: \(selector)) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set \".spec.minAvailable\" field of the PDB to an integer value.",
                component: component)
        }
        return scales.values.reduce(0, +)
    }

    private static func noController(_ pod: SimPod) -> SyncFailure {
        SyncFailure(message: "found no controllers for pod \"\(pod.name)\"")
    }

    /// An integer, or a percentage of `total` rounded up (`GetScaledValueFromIntOrPercent(..., true)`).
    private static func scaled(_ value: IntOrString, of total: Int) throws(SyncFailure) -> Int {
        switch value {
        case .int(let number):
            return number
        case .string(let text):
            guard text.hasSuffix("%"), let percent = Int(text.dropLast()) else {
                throw SyncFailure(message: "invalid value for IntOrString: invalid type: string is not a percentage")
            }
            return Int((Double(percent * total) / 100).rounded(.up))
        }
    }

    /// `status.conditions` with `DisruptionAllowed` set as the eviction API sets it when it uses the last
    /// disruption (the transition time moves only when the status changes).
    static func settingCondition(_ conditions: JSONValue?, allowed: Bool, observedGeneration: Int, at time: JSONValue)
        -> JSONValue
    {
        var list = conditions?.arrayValue ?? []
        let status = allowed ? "True" : "False"
        var condition: [String: JSONValue] = [
            "type": "DisruptionAllowed", "status": .string(status),
            "reason": .string(allowed ? "SufficientPods" : "InsufficientPods"), "message": "",
            "observedGeneration": .int(observedGeneration), "lastTransitionTime": time,
        ]
        if let index = list.firstIndex(where: { $0["type"]?.stringValue == "DisruptionAllowed" }) {
            if list[index]["status"]?.stringValue == status, let previous = list[index]["lastTransitionTime"] {
                condition["lastTransitionTime"] = previous
            }
            list[index] = .object(condition)
        } else {
            list.append(.object(condition))
        }
        return .array(list)
    }

    /// The status as the API shows it.
    static func statusJSON(_ status: SimDisruptionBudget.Status) -> JSONValue {
        var object: [String: JSONValue] = [
            "currentHealthy": .int(status.currentHealthy), "desiredHealthy": .int(status.desiredHealthy),
            "expectedPods": .int(status.expectedPods), "disruptionsAllowed": .int(status.disruptionsAllowed),
        ]
        StatusJSON.int(&object, "observedGeneration", status.observedGeneration)
        if !status.disruptedPods.isEmpty {
            object["disruptedPods"] = .object(status.disruptedPods.mapValues { StatusJSON.time($0) })
        }
        if !status.conditions.isEmpty {
            object["conditions"] = .array(status.conditions.map { condition in
                var json: [String: JSONValue] = [
                    "type": .string(condition.type), "status": .string(condition.status),
                    "reason": .string(condition.reason ?? ""), "message": .string(condition.message ?? ""),
                    "lastTransitionTime": StatusJSON.time(condition.lastTransition),
                ]
                json["observedGeneration"] = .int(status.observedGeneration)
                return .object(json)
            })
        }
        return .object(object)
    }
}
