import Foundation
import OkikKubeClient

/// The one rule, shared by the watchdog and the optimizer, for what to do about a crash-looping container of a
/// workload: quarantine only what serves nothing; roll back a new revision that fails past the restart threshold while
/// an older one serves; otherwise wait and say why.
public struct CrashLoopAssessment: Sendable, Hashable {
    /// What to do.
    public enum Remedy: Sendable, Hashable {
        /// Scale the Deployment to zero: it serves nothing and the loop passed the restart threshold.
        case quarantine
        /// Roll the Deployment back: its newest revision crash-loops past the threshold while an older one serves.
        case rollback(fromRevision: Int, toRevision: Int)
        /// No write: it still serves, the loop is below the threshold, or the workload is not a Deployment.
        case none(reason: String)
    }

    /// What to do.
    public var remedy: Remedy
    /// Pods with the container in CrashLoopBackOff.
    public var looping: Int
    /// The highest restart count among them.
    public var highestRestarts: Int
    /// Pods that serve (Ready and not failing).
    public var serving: Int
    /// Live pods.
    public var live: Int

    /// Assesses one container of a workload.
    /// - Parameters:
    ///   - workload: The workload.
    ///   - container: The container's name.
    ///   - pods: The workload's pods.
    ///   - replicaSets: For a Deployment, its ReplicaSets (their revision annotations tell old from new).
    public static func assess(
        workload: ResourceRef, container: String, pods: [Pod], replicaSets: [ReplicaSet], policy: RemediationPolicy,
        now: Date
    ) -> CrashLoopAssessment {
        let live = pods.filter { !$0.isSettled }
        let loopingPods = live.filter { pod in
            pod.containerStatuses.contains { $0.name == container && $0.state?.waiting?.reason == "CrashLoopBackOff" }
        }
        let restarts = loopingPods.flatMap(\.containerStatuses).filter { $0.name == container }
            .map { $0.restartCount ?? 0 }.max() ?? 0
        let servingPods = live.filter { $0.isReady && !$0.isFailing(policy: policy, now: now) }
        var assessment = CrashLoopAssessment(
            remedy: .none(reason: "no pod is crash-looping"), looping: loopingPods.count, highestRestarts: restarts,
            serving: servingPods.count, live: live.count)
        guard !loopingPods.isEmpty else { return assessment }
        guard workload.kind == "Deployment" else {
            assessment.remedy = .none(reason: "only Deployments are quarantined or rolled back; fix the \(workload.kind) by hand")
            return assessment
        }
        let revisions = Dictionary(
            replicaSets.map { ($0.name, Int($0.metadata.annotations?["deployment.kubernetes.io/revision"] ?? "") ?? 0) },
            uniquingKeysWith: max)
        func revision(_ pod: Pod) -> Int? {
            pod.metadata.controllerReference.flatMap { revisions[$0.name] }
        }
        if let newest = revisions.values.max(), revisions.count > 1,
            loopingPods.allSatisfy({ revision($0) == newest }),
            let older = servingPods.compactMap(revision).filter({ $0 < newest }).max()
        {
            // A new revision often crashes a few times while it starts (a sidecar not ready yet, a migration still
            // running) and then settles: roll back only a loop past the threshold.
            assessment.remedy = restarts < policy.restartThreshold
                ? .none(reason: "revision \(newest) has crashed \(restarts) times, below the restart threshold of \(policy.restartThreshold); revision \(older) still serves")
                : .rollback(fromRevision: newest, toRevision: older)
            return assessment
        }
        if !servingPods.isEmpty {
            assessment.remedy = .none(
                reason: "\(servingPods.count) of \(live.count) pods still serve; quarantine would take them down")
        } else if restarts < policy.restartThreshold {
            assessment.remedy = .none(
                reason: "\(restarts) restarts, below the restart threshold of \(policy.restartThreshold)")
        } else {
            assessment.remedy = .quarantine
        }
        return assessment
    }
}
