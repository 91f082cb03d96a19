import Foundation

/// Autoscaler invariants: a maximum is raised only when the cluster has room for the new maximum by requests;
/// lowering it below the current replicas, or the minimum below the availability floor, is a scale-down under the
/// floor; and what an autoscaler scales on is replaced only by a person. Pure functions.
enum AutoscalerRules {
    static let roomRule = "autoscaler-room"
    static let signalRule = "autoscaler-signal"
    static let cooldownRule = "autoscaler-cooldown"
    static let ownsReplicasRule = "autoscaler-owns-replicas"

    /// Raising an autoscaler's maximum when OKIK already changed its bounds `since` ago: one change per cooldown, so
    /// a signal that never settles cannot ratchet the maximum up pass after pass past the one its owner chose.
    static func raiseAgain(_ autoscaler: ResourceRef, lastChange: Date?, now: Date, policy: RemediationPolicy) -> GuardVerdict {
        guard let lastChange, now.timeIntervalSince(lastChange) < policy.autoscalerCooldownSeconds else { return .allow }
        return .requireApproval(
            rule: cooldownRule,
            reason: "OKIK changed the bounds of \(autoscaler) \(Figures.duration(now.timeIntervalSince(lastChange))) ago; it raises an autoscaler's maximum once per \(Figures.duration(policy.autoscalerCooldownSeconds)), and an autoscaler that keeps wanting more usually scales on a signal that never settles (a queue that never drains, a leak)")
    }

    /// Setting the replicas of a workload that autoscalers scale: they set them back at their next sync, and
    /// between the two the change either drops pods under load or starts pods that are then removed.
    static func setReplicas(_ workload: ResourceRef, scaledBy autoscalers: [String]) -> GuardVerdict {
        guard let first = autoscalers.first else { return .allow }
        return .requireApproval(
            rule: ownsReplicasRule,
            reason: "HorizontalPodAutoscaler \(first) scales \(workload) and would undo the change at its next sync; change the autoscaler's bounds instead, or have a person decide")
    }

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
