import Foundation

/// Where the watchdog keeps its incidents between runs. Both audit stores implement it, so incidents live in the same
/// SQLite file as the audit trail (table `watchdog_incident`).
public protocol IncidentStore: Sendable {
    /// Every stored incident, by key.
    /// - Throws: when the store cannot be read.
    func watchdogIncidents() async throws -> [WatchdogIncident]
    /// Inserts the incidents or replaces those with the same key.
    /// - Throws: when the store cannot be written.
    func saveWatchdogIncidents(_ incidents: [WatchdogIncident]) async throws
    /// Removes the incidents with these keys; unknown keys are ignored.
    /// - Throws: when the store cannot be written.
    func removeWatchdogIncidents(_ keys: [String]) async throws
}
