/// Where the ``AgentSettings`` record lives. Both audit stores implement it (the SQLite one in its own table, which
/// retention pruning never touches); the agent finds it through its executor's audit store.
public protocol AgentSettingsStore: Sendable {
    /// The last saved record, or nil before the first.
    /// - Throws: when the store cannot be read.
    func loadAgentSettings() async throws -> AgentSettings?
    /// Replaces the record.
    /// - Throws: when the store cannot be written.
    func saveAgentSettings(_ settings: AgentSettings) async throws
}
