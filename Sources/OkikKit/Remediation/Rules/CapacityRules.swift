/// Capacity: a write that asks for more pods than the schedulable nodes have room for (by requests) needs a person,
/// who knows whether a cluster autoscaler may buy nodes for them; otherwise the new pods stay Pending, or push
/// others out by priority. Pure functions.
enum CapacityRules {
    static let roomRule = "capacity-room"

    /// Asking `workload` for `wanted` pods where it runs `current`, when the nodes have room for `room` more.
    static func scaleUp(_ workload: ResourceRef, from current: Int, to wanted: Int, roomFor room: Int) -> GuardVerdict {
        let more = wanted - current
        guard more > 0, room < more else { return .allow }
        return .requireApproval(
            rule: roomRule,
            reason: "\(workload) would go from \(current) to \(wanted) pods; the schedulable nodes have room for \(room) more by requests, so the rest would stay Pending")
    }

    /// Raising the requests of `workload`'s `container` when, counting the room its own pods leave, `room` of its
    /// `replicas` pods of the new size fit.
    static func resize(_ workload: ResourceRef, container: String, replicas: Int, roomFor room: Int) -> GuardVerdict {
        guard room < replicas else { return .allow }
        return .requireApproval(
            rule: roomRule,
            reason: "\(workload) container \(container) with the raised requests fits \(room) of its \(replicas) pods on the schedulable nodes (counting the room its own pods leave); the rest would stay Pending and the rollout would stall after removing pods")
    }
}
