/// The state of a container: exactly one of waiting, running or terminated.
public struct ContainerState: Codable, Sendable, Hashable {
    /// Set while the container is not yet running.
    public var waiting: Waiting?
    /// Set while the container runs.
    public var running: Running?
    /// Set after the container exited.
    @Indirect public var terminated: Terminated?

    /// Creates a value; every field is optional.
    public init(
        waiting: Waiting? = nil,
        running: Running? = nil,
        terminated: Terminated? = nil
    ) {
        self.waiting = waiting
        self.running = running
        self.terminated = terminated
    }

    /// A waiting container, with the reason (such as `CrashLoopBackOff` or `ImagePullBackOff`).
    public struct Waiting: Codable, Sendable, Hashable {
        /// Why the container is waiting.
        public var reason: String?
        /// Details.
        public var message: String?

        /// Creates a value; every field is optional.
        public init(
            reason: String? = nil,
            message: String? = nil
        ) {
            self.reason = reason
            self.message = message
        }
    }

    /// A running container.
    public struct Running: Codable, Sendable, Hashable {
        /// When the container last (re)started.
        public var startedAt: Timestamp?

        /// Creates a value; every field is optional.
        public init(
            startedAt: Timestamp? = nil
        ) {
            self.startedAt = startedAt
        }
    }

    /// A terminated container, with its exit code and reason (such as `OOMKilled` or `Error`).
    public struct Terminated: Codable, Sendable, Hashable {
        /// Exit status; 137 is SIGKILL, as after an OOM kill.
        public var exitCode: Int?
        /// Signal that ended the container.
        public var signal: Int?
        /// Why the container terminated.
        public var reason: String?
        /// Details.
        public var message: String?
        /// When the container started.
        public var startedAt: Timestamp?
        /// When the container exited.
        public var finishedAt: Timestamp?
        /// Runtime id of the container, such as `containerd://...`.
        public var containerID: String?

        /// Creates a value; every field is optional.
        public init(
            exitCode: Int? = nil,
            signal: Int? = nil,
            reason: String? = nil,
            message: String? = nil,
            startedAt: Timestamp? = nil,
            finishedAt: Timestamp? = nil,
            containerID: String? = nil
        ) {
            self.exitCode = exitCode
            self.signal = signal
            self.reason = reason
            self.message = message
            self.startedAt = startedAt
            self.finishedAt = finishedAt
            self.containerID = containerID
        }
    }
}

extension ContainerState {
    /// The waiting or terminated reason, or `Running`; nil when the state is empty.
    public var reason: String? {
        if let waiting { return waiting.reason ?? "Waiting" }
        if let terminated { return terminated.reason ?? "Terminated" }
        if running != nil { return "Running" }
        return nil
    }
}
