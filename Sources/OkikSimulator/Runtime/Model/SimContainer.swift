import Foundation

/// The kubelet's view of one container of a pod: its profile plus the runtime state it reports.
struct SimContainer: Sendable {
    /// How a container ended.
    struct Termination: Hashable, Sendable {
        var exitCode: Int
        var reason: String
        var startedAt: Date
        var finishedAt: Date
        var containerID: String
    }

    /// The container's state as the API reports it.
    enum State: Hashable, Sendable {
        case waiting(reason: String, message: String?)
        case running(since: Date)
        case terminated(Termination)
    }

    var profile: ContainerProfile
    var state: State = .waiting(reason: "ContainerCreating", message: nil)
    var lastTermination: Termination?
    var restartCount = 0
    var ready = false
    /// Set once the container has run at least once.
    var everStarted = false
    var containerID: String?
    /// When the kubelet next has to act on this container.
    var nextAction: Date?
    /// The current crash back-off (0 before the first failure), as the kubelet's back-off entry.
    var crashBackOff: Double = 0
    /// The current image pull back-off.
    var pullBackOff: Double = 0
    /// When the last instance started (for the back-off reset and usage).
    var startedAt: Date?
    /// When an unready container last reported a failed probe.
    var lastProbeEvent: Date?
    /// Runs as a real child process (its image is in ``ProcessPodConfiguration``): the process runner reports its
    /// state, the kubelet does not simulate it.
    var isProcess = false

    init(profile: ContainerProfile) {
        self.profile = profile
    }

    var name: String { profile.name }

    var isRunning: Bool {
        if case .running = state { return true }
        return false
    }

    var isWaiting: Bool {
        if case .waiting = state { return true }
        return false
    }

    var termination: Termination? {
        if case .terminated(let termination) = state { return termination }
        return nil
    }
}
