/// What the simulated kubelet asks the process runner to do, queued in the cluster state and handed over after
/// each flush (so the pod it names is in the store by then).
enum ProcessCommand: Sendable, Hashable {
    /// Start instance `instance` of a container.
    case launch(namespace: String, pod: String, container: String, instance: Int)
    /// The pod is gone: stop its processes (SIGTERM, then SIGKILL after the grace period).
    case stop(namespace: String, pod: String)
}
