import Foundation
import Synchronization

/// The switches a person sets at run time, kept as one durable record: autonomy level, automation, emergency stop and
/// the extra protected namespaces. Every change raises ``version`` by exactly one (compare-and-set), so a restart, a
/// second process on the same database, a retention prune or a wall clock stepping back all see exactly the last
/// change; the record is never pruned and never ordered by time.
public struct ControlState: Sendable, Hashable, Codable {
    /// Raised by one on every change; 1 for the first record.
    public var version: Int64
    /// The autonomy level.
    public var level: AutonomyLevel
    /// When false, every write waits for a person.
    public var automationEnabled: Bool
    /// When true, every write is denied and approvals wait.
    public var emergencyStop: Bool
    /// Why the emergency stop is engaged.
    public var emergencyStopReason: String?
    /// Namespaces protected in addition to the built-in and configured ones.
    public var additionalProtectedNamespaces: [String]
    /// Who made the last change (`human:alice`).
    public var changedBy: String
    /// When, by the clock of the process that made it (shown to people; never used to order changes).
    public var changedAt: Date

    /// Creates a record.
    public init(
        version: Int64, level: AutonomyLevel, automationEnabled: Bool, emergencyStop: Bool = false,
        emergencyStopReason: String? = nil, additionalProtectedNamespaces: [String] = [], changedBy: String,
        changedAt: Date
    ) {
        self.version = version
        self.level = level
        self.automationEnabled = automationEnabled
        self.emergencyStop = emergencyStop
        self.emergencyStopReason = emergencyStopReason
        self.additionalProtectedNamespaces = additionalProtectedNamespaces
        self.changedBy = changedBy
        self.changedAt = changedAt
    }
}

/// Where the ``ControlState`` record lives. Both audit stores implement it (the SQLite one in its own table, which
/// retention pruning never touches).
public protocol ControlStateStore: Sendable {
    /// The last saved record, or nil before the first.
    /// - Throws: when the store cannot be read.
    func loadControlState() async throws -> ControlState?
    /// Saves `state` only when the stored record's version is `state.version - 1` (or none is stored and
    /// `state.version` is 1): compare-and-set, so of two concurrent changes exactly one wins.
    /// - Returns: false when another change came first (reload and try again).
    /// - Throws: when the store cannot be written.
    func saveControlState(_ state: ControlState) async throws -> Bool
}

/// The record kept in memory, for tests and single-process programs.
public final class InMemoryControlStateStore: ControlStateStore {
    private let stored = Mutex<ControlState?>(nil)

    /// Creates an empty store.
    public init() {}

    /// See ``ControlStateStore``.
    public func loadControlState() async throws -> ControlState? {
        stored.withLock { $0 }
    }

    /// See ``ControlStateStore``.
    public func saveControlState(_ state: ControlState) async throws -> Bool {
        stored.withLock { current in
            guard (current?.version ?? 0) == state.version - 1 else { return false }
            current = state
            return true
        }
    }
}
