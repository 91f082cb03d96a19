import Foundation

extension InMemoryAuditStore: IncidentStore {
    /// See ``IncidentStore``.
    public func watchdogIncidents() async throws -> [WatchdogIncident] {
        try await watchdogIncidentStore.watchdogIncidents()
    }

    /// See ``IncidentStore``.
    public func saveWatchdogIncidents(_ incidents: [WatchdogIncident]) async throws {
        try await watchdogIncidentStore.saveWatchdogIncidents(incidents)
    }

    /// See ``IncidentStore``.
    public func removeWatchdogIncidents(_ keys: [String]) async throws {
        try await watchdogIncidentStore.removeWatchdogIncidents(keys)
    }
}
