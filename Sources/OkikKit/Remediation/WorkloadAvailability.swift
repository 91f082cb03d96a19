import Foundation
import OkikKubeClient

/// How much of a workload serves right now, and the least it must keep serving: the facts behind the availability
/// floor. A pod serves when it is Ready and not failing; a pod that crash-loops past the restart threshold does not
/// serve even in the seconds it happens to be Ready.
public struct WorkloadAvailability: Sendable, Hashable {
    /// The workload.
    public var workload: ResourceRef
    /// The replicas it asks for.
    public var desiredReplicas: Int
    /// Pods that are not finished or being deleted.
    public var livePods: Int
    /// Pods that serve: Ready and not failing.
    public var serving: Int
    /// Pods crash-looping past the restart threshold.
    public var failing: Int
    /// The least it must keep serving once it serves: `max(1, what its disruption budgets ask)`.
    public var floor: Int
    /// Why the floor is what it is.
    public var floorReason: String

    /// How far ahead of OKIK's clock a container's finish time may be and still count (seconds).
    public static let clockSkewTolerance: Double = 60
    /// A run at least this long (seconds) before the container ended was steady, not part of a loop: kubelet resets
    /// its crash back-off after ten minutes of running.
    public static let steadyRunSeconds: Double = 600

    /// Computes the figures from the workload's pods and the disruption budgets that select its pods.
    public static func compute(
        workload: ResourceRef, desiredReplicas: Int, pods: [Pod], budgets: [PodDisruptionBudget],
        policy: RemediationPolicy, now: Date
    ) -> WorkloadAvailability {
        let live = pods.filter { !$0.isSettled }
        let failing = live.filter { $0.isFailing(policy: policy, now: now) }.count
        let serving = live.filter { $0.isReady && !$0.isFailing(policy: policy, now: now) }.count
        var floor = 1
        var reason = "a serving workload keeps at least one pod"
        for budget in budgets {
            let wanted = minimumHealthy(budget, expected: desiredReplicas)
            if wanted > floor {
                floor = wanted
                reason = "PodDisruptionBudget \(budget.name) keeps \(wanted) healthy"
            }
        }
        return WorkloadAvailability(
            workload: workload, desiredReplicas: desiredReplicas, livePods: live.count, serving: serving, failing: failing,
            floor: floor, floorReason: reason)
    }

    /// The healthy pods a budget asks for when the workload wants `expected` pods, as the disruption controller
    /// computes it: `minAvailable` (an integer, or a percentage of the expected pods rounded up), or the expected
    /// pods minus `maxUnavailable` (rounded up).
    public static func minimumHealthy(_ budget: PodDisruptionBudget, expected: Int) -> Int {
        if let minimum = budget.spec?.minAvailable {
            return scaled(minimum, of: expected)
        }
        if let maximum = budget.spec?.maxUnavailable {
            return max(0, expected - scaled(maximum, of: expected))
        }
        return budget.status?.desiredHealthy ?? 0
    }

    private static func scaled(_ value: IntOrString, of total: Int) -> Int {
        switch value {
        case .int(let number): return number
        case .string(let text):
            guard text.hasSuffix("%"), let percent = Double(text.dropLast()) else { return Int(text) ?? 0 }
            return Int((Double(total) * percent / 100).rounded(.up))
        }
    }

    /// `3 of 4 pods serve (floor 1: a serving workload keeps at least one pod)`.
    public var summary: String {
        "\(serving) of \(livePods) pod\(livePods == 1 ? "" : "s") serve (floor \(floor): \(floorReason))"
    }
}

extension Pod {
    /// Whether a container of the pod crash-loops past the policy's restart threshold: waiting in CrashLoopBackOff,
    /// or last terminated within the recency window after a short run, with at least `restartThreshold` restarts.
    /// The count is the pod's lifetime's, so a container that ran steadily (``WorkloadAvailability/steadyRunSeconds``)
    /// before its one recent crash and runs again is not looping: old restarts and one blip do not make a serving
    /// pod count as failing.
    public func isFailing(policy: RemediationPolicy, now: Date) -> Bool {
        (status?.containerStatuses ?? []).contains { status in
            guard (status.restartCount ?? 0) >= policy.restartThreshold else { return false }
            if status.state?.waiting?.reason == "CrashLoopBackOff" { return true }
            guard let finished = status.lastState?.terminated?.finishedAt else { return false }
            if let started = status.lastState?.terminated?.startedAt,
                finished.date.timeIntervalSince(started.date) >= WorkloadAvailability.steadyRunSeconds
            {
                return false
            }
            let age = now.timeIntervalSince(finished.date)
            // A finish time ahead of OKIK's clock (a node whose clock runs fast) says nothing about recency: unknown,
            // so not failing, rather than every such pod counting as not serving.
            guard age >= -WorkloadAvailability.clockSkewTolerance else { return false }
            return age <= policy.crashRecencySeconds
        }
    }
}
