import Foundation
import Synchronization

/// Watchdog incidents in memory: for tests, examples and runs without a database (nothing survives the process).
public final class InMemoryIncidentStore: IncidentStore {
    private let incidents = Mutex<[String: WatchdogIncident]>([:])

    /// Creates an empty store.
    public init() {}

    /// See ``IncidentStore``.
    public func watchdogIncidents() async throws -> [WatchdogIncident] {
        incidents.withLock { $0.values.sorted { $0.key < $1.key } }
    }

    /// See ``IncidentStore``.
    public func saveWatchdogIncidents(_ incidents: [WatchdogIncident]) async throws {
        self.incidents.withLock { stored in
            for incident in incidents { stored[incident.key] = incident }
        }
    }

    /// See ``IncidentStore``.
    public func removeWatchdogIncidents(_ keys: [String]) async throws {
        incidents.withLock { stored in
            for key in keys { stored[key] = nil }
        }
    }
}
