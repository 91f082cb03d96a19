extension InMemoryAuditStore: AgentSettingsStore {
    /// See ``AgentSettingsStore``.
    public func loadAgentSettings() async throws -> AgentSettings? {
        storedAgentSettings
    }

    /// See ``AgentSettingsStore``.
    public func saveAgentSettings(_ settings: AgentSettings) async throws {
        storedAgentSettings = settings
    }
}
