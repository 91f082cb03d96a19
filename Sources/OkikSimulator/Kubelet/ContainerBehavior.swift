/// What a simulated container does, from the pod's `sim.okik.io/behavior` annotation (or
/// `sim.okik.io/behavior.<container>` for one container).
public enum ContainerBehavior: String, Sendable, CaseIterable, Codable {
    /// Starts and becomes ready.
    case healthy
    /// Exits with code 1 after `run-for` (default 5s) and is restarted with the kubelet's back-off.
    case crashloop
    /// Memory grows past the limit after `run-for` (default 10s) and the container is OOM-killed (exit 137).
    case oom
    /// The image cannot be pulled: ErrImagePull, then ImagePullBackOff.
    case imagepull
    /// Starts but becomes ready only after `start-delay` (default 60s).
    case slowstart
    /// Runs but its readiness probe never passes.
    case unready
    /// Runs for `run-for` (default 5s) and exits 0.
    case complete
    /// Runs for `run-for` (default 5s) and exits 1 (a failing Job pod).
    case fail
}
