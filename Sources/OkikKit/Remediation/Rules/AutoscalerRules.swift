/// Autoscaler invariants: a maximum is raised only when the cluster has room for the new maximum by requests;
/// lowering it below the current replicas, or the minimum below the availability floor, is a scale-down under the
/// floor; and what an autoscaler scales on is replaced only by a person. Pure functions.
enum AutoscalerRules {
    static let roomRule = "autoscaler-room"
    static let signalRule = "autoscaler-signal"

    /// Replacing an autoscaler's whole metrics list: it then scales on something else, anywhere between its bounds.
    static func replaceMetrics(_ autoscaler: ResourceRef) -> GuardVerdict {
        .requireApproval(
            rule: signalRule,
            reason: "replacing the metrics of \(autoscaler) changes what it scales on; a person checks the new list")
    }

    /// Lowering an autoscaler's minimum to `newMin`: it may then scale the workload down that far.
    static func lowerMinimum(_ autoscaler: ResourceRef, to newMin: Int, availability: WorkloadAvailability) -> GuardVerdict {
        guard availability.serving > 0, newMin < availability.floor else { return .allow }
        return .requireApproval(
            rule: AvailabilityRules.floorRule,
            reason: "lowering the minimum of \(autoscaler) to \(newMin) lets it scale \(availability.workload) below its floor; \(availability.summary)")
    }

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
