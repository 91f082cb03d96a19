import Foundation
import OkikLLM

/// The agent settings a person changed at run time (POST /config, ``Agent/reconfigure(_:by:)``), kept durably so a
/// restart on the same store comes back with them. Never a key. A member stays nil until a person changes it, so the
/// start flags still decide the rest; the autonomy level is not here but in the ``ControlState``.
public struct AgentSettings: Sendable, Hashable, Codable {
    /// The provider, when a person chose the model.
    public var provider: LLMProvider?
    /// The model id, when a person chose it.
    public var model: String?
    /// The API root, when a person's model has one other than its provider's default.
    public var baseURL: String?
    /// Seconds between the agent's looks.
    public var intervalSeconds: Double?
    /// Sampling temperature.
    public var temperature: Double?
    /// Who made the last change (`human:alice`).
    public var changedBy: String
    /// When, by the clock of the process that made it.
    public var changedAt: Date

    /// Creates a record; every setting defaults to "not changed".
    public init(
        provider: LLMProvider? = nil, model: String? = nil, baseURL: String? = nil, intervalSeconds: Double? = nil,
        temperature: Double? = nil, changedBy: String, changedAt: Date
    ) {
        self.provider = provider
        self.model = model
        self.baseURL = baseURL
        self.intervalSeconds = intervalSeconds
        self.temperature = temperature
        self.changedBy = changedBy
        self.changedAt = changedAt
    }

    /// True when no setting is stored.
    public var isEmpty: Bool {
        provider == nil && model == nil && baseURL == nil && intervalSeconds == nil && temperature == nil
    }
}
