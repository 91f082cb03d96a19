/// Autoscaler invariants: a maximum is raised only when the cluster has room for the new maximum by requests, and
/// lowering it below the current replicas is a scale-down under the availability floor. Pure functions.
enum AutoscalerRules {
    static let roomRule = "autoscaler-room"

    /// Changing an autoscaler's maximum from `oldMax` to `newMax` while it runs `currentReplicas`.
    /// - Parameters:
    ///   - roomFor: how many more pods of the target's template fit on the schedulable nodes (counted up to what is needed).
    static func changeMaximum(
        _ autoscaler: ResourceRef, target: ResourceRef, currentReplicas: Int, oldMax: Int, newMax: Int, roomFor: Int,
        availability: WorkloadAvailability?
    ) -> GuardVerdict {
        if newMax > oldMax {
            let needed = max(0, newMax - currentReplicas)
            if roomFor < needed {
                return .refuse(
                    rule: roomRule,
                    reason: "raising \(autoscaler) to \(newMax) replicas needs room for \(needed) more pods of \(target); the schedulable nodes have room for \(roomFor) by requests")
            }
        }
        if newMax < currentReplicas, let availability {
            return AvailabilityRules.scale(availability, to: newMax)
        }
        return .allow
    }
}
