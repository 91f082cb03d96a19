import OkikKubeClient

/// Everything the kubelet needs to simulate one container: resources, behaviour and usage model, read once from
/// the pod spec and its `sim.okik.io/*` annotations.
struct ContainerProfile: Hashable, Sendable {
    var name: String
    let image: String
    /// The image as the container runtime reports it, and its digest reference: worked out once here, because
    /// every render of the pod's status reads them.
    let reportedImage: String
    let imageID: String
    var requests: Resources
    var limits: Resources
    var behavior: ContainerBehavior
    var cpu: UsageModel
    var memory: UsageModel
    /// Seconds from start until the readiness probe passes.
    var readyDelay: Double
    /// Seconds a crashing, completing or failing container runs before it exits.
    var runFor: Double
    /// When memory usage first exceeds the limit (seconds after start), if it does.
    var oomAfter: Double?
    /// The container's declared ports (for the Endpoints controller's named target ports).
    var ports: [Container.Port]

    /// The annotation prefix.
    static let prefix = "sim.okik.io/"

    /// Reads a container's profile from the pod's annotations.
    init(container: Container, annotations: [String: String]) {
        let name = container.name ?? "main"
        self.name = name
        image = container.image ?? ""
        reportedImage = StatusJSON.normalizedImage(image)
        imageID = StatusJSON.imageID(image)
        requests = Resources(container.resources?.requests)
        limits = Resources(container.resources?.limits)
        ports = container.ports ?? []
        func annotation(_ key: String) -> String? {
            annotations["\(Self.prefix)\(key).\(name)"] ?? annotations["\(Self.prefix)\(key)"]
        }
        behavior = annotation("behavior").flatMap { ContainerBehavior(rawValue: $0.lowercased()) } ?? .healthy
        let defaultRun: Double = behavior == .oom ? 10 : 5
        runFor = annotation("run-for").flatMap(SimDuration.parse) ?? defaultRun
        let defaultDelay: Double = behavior == .slowstart ? 60 : 0
        readyDelay = annotation("start-delay").flatMap(SimDuration.parse) ?? defaultDelay
        let cpuRequest = requests.cpu > 0 ? requests.cpu : (limits.cpu > 0 ? limits.cpu : 100)
        cpu = annotation("cpu").flatMap { UsageModel.parse($0, amount: Resources.parseCPU) }
            ?? .steady(max(1, cpuRequest * 3 / 10))
        let memoryBase = requests.memory > 0 ? requests.memory : (limits.memory > 0 ? limits.memory : 128 << 20)
        let explicitMemory = annotation("memory").flatMap { UsageModel.parse($0, amount: Resources.parseMemory) }
        if let explicitMemory {
            memory = explicitMemory
        } else if behavior == .oom {
            // Crosses the limit exactly at run-for.
            let limit = limits.memory > 0 ? limits.memory : memoryBase
            memory = .ramp(from: limit / 2, to: limit + limit / 2, over: 2 * runFor)
        } else {
            memory = .steady(memoryBase * 6 / 10)
        }
        if behavior == .oom && limits.memory == 0 {
            oomAfter = runFor
        } else if limits.memory > 0 {
            oomAfter = memory.firstExceeding(limits.memory)
        }
    }

    /// Usage `elapsed` seconds after the container started.
    func usage(at elapsed: Double) -> Resources {
        Resources(cpu: cpu.value(at: elapsed), memory: memory.value(at: elapsed))
    }
}
