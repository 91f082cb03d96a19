/// POST /config: any of `{"provider", "model", "level", "interval", "temperature"}`; what is left out stays as it is.
public struct ConfigRequest: APIRequest, Hashable {
    /// The members.
    public static let fieldNames: Set<String> = ["provider", "model", "level", "interval", "temperature"]
    /// `openai`, `openai-compatible` or `anthropic` (or an alias such as `ollama`).
    public var provider: String?
    /// The model id, such as `gpt-5-mini`.
    public var model: String?
    /// `L0` ... `L4`.
    public var level: String?
    /// Seconds between the agent's looks at the cluster (positive).
    public var interval: Double?
    /// Sampling temperature, 0 ... 2.
    public var temperature: Double?

    /// Creates a body.
    public init(
        provider: String? = nil, model: String? = nil, level: String? = nil, interval: Double? = nil,
        temperature: Double? = nil
    ) {
        self.provider = provider
        self.model = model
        self.level = level
        self.interval = interval
        self.temperature = temperature
    }
}

/// POST /config: the configuration in force after the change. Keys never appear.
public struct ConfigResponse: Codable, Sendable, Hashable {
    /// True when an agent runs; without one only ``level`` applies and the agent's members are nil.
    public var agent: Bool
    /// The provider, when the agent's model was configured by provider (nil for a model given directly).
    public var provider: String?
    /// The model the agent asks.
    public var model: String?
    /// The autonomy level in force, `L0` ... `L4`.
    public var level: String
    /// Seconds between the agent's looks.
    public var interval: Double?
    /// The agent's sampling temperature.
    public var temperature: Double?

    /// Creates a body.
    public init(agent: Bool, provider: String?, model: String?, level: String, interval: Double?, temperature: Double?) {
        self.agent = agent
        self.provider = provider
        self.model = model
        self.level = level
        self.interval = interval
        self.temperature = temperature
    }
}
