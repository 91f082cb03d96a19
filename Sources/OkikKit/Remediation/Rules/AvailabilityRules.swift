import Foundation

/// The availability floor: no OKIK write takes a serving workload below `max(1, its disruption budgets' minimum)`
/// serving pods unless a person approves that exact plan; quarantine only what serves nothing. Pure functions.
enum AvailabilityRules {
    static let floorRule = "availability-floor"
    static let quarantineRule = "quarantine-only-what-serves-nothing"
    static let provenRevisionRule = "quarantine-proven-revision"
    static let burstRule = "quarantine-burst"

    /// Quarantining one more workload when OKIK quarantined `recent` others within the policy's window: many
    /// workloads failing together usually share a cause (a database, a registry, a node pool) that scaling them to
    /// zero does not mend, and bringing them all back is then a person's long night.
    static func quarantine(_ workload: ResourceRef, after recent: [String], policy: RemediationPolicy) -> GuardVerdict {
        guard recent.count >= policy.quarantineBurst else { return .allow }
        return .requireApproval(
            rule: burstRule,
            reason: "OKIK quarantined \(recent.count) Deployments on its own in the last \(Figures.duration(policy.quarantineBurstSeconds)) (\(recent.prefix(3).joined(separator: ", "))\(recent.count > 3 ? ", ..." : "")); workloads failing together usually share a cause, so quarantining \(workload) too needs a person")
    }

    /// Setting the replicas to `replicas`.
    static func scale(_ availability: WorkloadAvailability, to replicas: Int) -> GuardVerdict {
        guard availability.serving > 0, replicas < availability.floor else { return .allow }
        return .requireApproval(
            rule: floorRule,
            reason: "scaling \(availability.workload) to \(replicas) would leave fewer than \(availability.floor) serving; \(availability.summary)")
    }

    /// Quarantining (scaling to zero) a failing workload.
    static func quarantine(_ availability: WorkloadAvailability) -> GuardVerdict {
        guard availability.serving > 0 else { return .allow }
        return .requireApproval(
            rule: quarantineRule,
            reason: "\(availability.workload) still serves (\(availability.summary)); quarantine would take it to 0")
    }

    /// Quarantining a workload whose failing revision has run since `since`: one that ran longer than the policy's
    /// ``RemediationPolicy/provenRevisionSeconds`` proved itself, so its crashes more likely come from outside it (a
    /// dependency many workloads share), and kubelet restarts it once that is mended; scaled to zero it stays down
    /// until a person restores it.
    static func quarantine(
        _ workload: ResourceRef, revision: String, runningSince since: Date, now: Date, policy: RemediationPolicy
    ) -> GuardVerdict {
        let age = now.timeIntervalSince(since)
        guard age >= policy.provenRevisionSeconds else { return .allow }
        return .requireApproval(
            rule: provenRevisionRule,
            reason: "\(workload) revision \(revision) has run for \(Figures.duration(age)); a revision that ran that long and now crashes more likely fails from outside (a dependency, a node, a secret) and recovers by itself once that is mended, while a quarantine keeps it at 0 until a person restores it")
    }

    /// Deleting the workload.
    static func remove(_ availability: WorkloadAvailability) -> GuardVerdict {
        guard availability.serving > 0 else { return .allow }
        return .requireApproval(
            rule: floorRule, reason: "deleting \(availability.workload) would take it from \(availability.serving) serving pods to 0")
    }

    /// Replacing every pod (a restart or a rollback): safe within a rolling update, not with Recreate.
    static func replacePods(_ availability: WorkloadAvailability, recreate: Bool, action: String) -> GuardVerdict {
        guard recreate, availability.serving > 0 else { return .allow }
        return .requireApproval(
            rule: floorRule,
            reason: "\(action) \(availability.workload) uses the Recreate strategy, which stops all \(availability.serving) serving pods first")
    }

    /// Deleting one pod that serves.
    static func removeServingPod(
        _ pod: String, of availability: WorkloadAvailability, budgetsWithoutDisruptions: [String]
    ) -> GuardVerdict {
        if let budget = budgetsWithoutDisruptions.first {
            return .requireApproval(
                rule: floorRule, reason: "pod \(pod) is protected by PodDisruptionBudget \(budget), which allows no disruption now")
        }
        guard availability.serving - 1 < availability.floor else { return .allow }
        return .requireApproval(
            rule: floorRule,
            reason: "deleting serving pod \(pod) would leave \(availability.workload) below its floor; \(availability.summary)")
    }

    /// Deleting a namespace in which pods serve (`serving`: their owners) or claims hold data.
    static func removeNamespace(_ name: String, serving: [String], boundClaims: [String] = []) -> GuardVerdict {
        guard !serving.isEmpty || !boundClaims.isEmpty else { return .allow }
        func shown(_ items: [String]) -> String {
            items.prefix(3).joined(separator: ", ") + (items.count > 3 ? " and \(items.count - 3) more" : "")
        }
        var holds: [String] = []
        if !serving.isEmpty { holds.append("workloads that serve: \(shown(serving))") }
        if !boundClaims.isEmpty { holds.append("bound claims whose data would go: \(shown(boundClaims))") }
        return .requireApproval(
            rule: floorRule, reason: "namespace \(name) holds \(holds.joined(separator: "; "))")
    }
}
