/// The observed status of one container of a pod.
public struct ContainerStatus: Codable, Sendable, Hashable {
    /// Container name.
    public var name: String?
    /// Whether the container passes its readiness probe.
    public var ready: Bool?
    /// Whether the container passed its startup probe.
    public var started: Bool?
    /// How often the container was restarted.
    public var restartCount: Int?
    /// Image the container runs.
    public var image: String?
    /// Resolved image id.
    public var imageID: String?
    /// Runtime id, such as `containerd://...`.
    public var containerID: String?
    /// Current state.
    public var state: ContainerState?
    /// Previous termination, if any (such as an `OOMKilled` before a restart).
    public var lastState: ContainerState?
    /// Resources the node allocated to the container.
    public var allocatedResources: [String: Quantity]?
    /// Resources actually applied to the container.
    public var resources: ResourceRequirements?

    /// Creates a value; every field is optional.
    public init(
        name: String? = nil,
        ready: Bool? = nil,
        started: Bool? = nil,
        restartCount: Int? = nil,
        image: String? = nil,
        imageID: String? = nil,
        containerID: String? = nil,
        state: ContainerState? = nil,
        lastState: ContainerState? = nil,
        allocatedResources: [String: Quantity]? = nil,
        resources: ResourceRequirements? = nil
    ) {
        self.name = name
        self.ready = ready
        self.started = started
        self.restartCount = restartCount
        self.image = image
        self.imageID = imageID
        self.containerID = containerID
        self.state = state
        self.lastState = lastState
        self.allocatedResources = allocatedResources
        self.resources = resources
    }
}
