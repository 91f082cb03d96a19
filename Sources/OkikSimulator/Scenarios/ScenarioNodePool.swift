import OkikKubeClient

/// A group of identical simulated nodes: `<name>-1` ... `<name>-<count>`.
public struct ScenarioNodePool: Sendable, Codable, Hashable {
    /// Name prefix.
    public var name: String
    /// How many nodes.
    public var count: Int?
    /// CPU capacity ("4").
    public var cpu: String?
    /// Memory capacity ("16Gi").
    public var memory: String?
    /// Pod capacity.
    public var pods: Int?
    /// Node labels.
    public var labels: [String: String]?
    /// Taints (`{key, value, effect}`).
    public var taints: [JSONValue]?
    /// Cordoned.
    public var unschedulable: Bool?
    /// Simulated problems: NotReady, MemoryPressure, DiskPressure, PIDPressure.
    public var conditions: [String]?

    /// Creates a pool.
    public init(
        name: String, count: Int? = nil, cpu: String? = nil, memory: String? = nil, pods: Int? = nil,
        labels: [String: String]? = nil, taints: [JSONValue]? = nil, unschedulable: Bool? = nil,
        conditions: [String]? = nil
    ) {
        self.name = name
        self.count = count
        self.cpu = cpu
        self.memory = memory
        self.pods = pods
        self.labels = labels
        self.taints = taints
        self.unschedulable = unschedulable
        self.conditions = conditions
    }
}
