/// What a timer wakes up.
enum WakeTarget: Hashable, Sendable {
    /// The kubelet syncs a pod (a container exits, restarts, becomes ready) or the scheduler retries it.
    case pod(String)
    /// A Deployment checks its progress deadline.
    case deployment(String)
    /// A scenario's scripted rollout of a Deployment is due.
    case scriptedRollout(String)
    /// A Job creates a replacement pod after its back-off.
    case job(String)
    /// A CronJob's next scheduled time.
    case cronJob(String)
    /// A ReplicaSet re-counts available pods after minReadySeconds.
    case replicaSet(String)
    /// A PodDisruptionBudget's eviction record expires (the pod was expected to be gone by then).
    case disruptionBudget(String)
    /// The metrics pipeline samples usage (and the kubelets check memory limits).
    case metrics
    /// The HPA controller's sync period.
    case hpa
    /// Old events are deleted.
    case eventSweep
}
