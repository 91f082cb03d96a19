/// Compute resource requests and limits of a container (or storage requests of a claim).
public struct ResourceRequirements: Codable, Sendable, Hashable {
    /// Maximum amounts allowed, by resource name (`cpu`, `memory`, `ephemeral-storage`, ...).
    public var limits: [String: Quantity]?
    /// Minimum amounts required, by resource name; scheduling uses these.
    public var requests: [String: Quantity]?

    /// Creates a value; every field is optional.
    public init(
        limits: [String: Quantity]? = nil,
        requests: [String: Quantity]? = nil
    ) {
        self.limits = limits
        self.requests = requests
    }
}

extension ResourceRequirements {
    /// The `cpu` request, if set.
    public var cpuRequest: Quantity? { requests?["cpu"] }
    /// The `memory` request, if set.
    public var memoryRequest: Quantity? { requests?["memory"] }
    /// The `cpu` limit, if set.
    public var cpuLimit: Quantity? { limits?["cpu"] }
    /// The `memory` limit, if set.
    public var memoryLimit: Quantity? { limits?["memory"] }
}
