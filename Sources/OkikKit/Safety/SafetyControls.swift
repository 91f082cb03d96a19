import Foundation

/// The switches a person turns at run time: autonomy level, automation, emergency stop. Every change is audited,
/// and the emergency stop is read back from the audit store at start, so it survives a restart.
public actor SafetyControls {
    private let store: any AuditStore
    private let clock: any WallClock
    private var current: GatePolicy
    private var stopReason: String?

    /// Creates controls from a configuration; call ``restore()`` to load the persisted emergency stop.
    public init(configuration: GatekeeperConfiguration, store: any AuditStore, clock: any WallClock = SystemWallClock()) {
        self.store = store
        self.clock = clock
        self.current = GatePolicy(
            level: configuration.level, automationEnabled: configuration.automationEnabled, emergencyStop: false,
            protectedNamespaces: ProtectedNamespaces(additional: configuration.additionalProtectedNamespaces))
    }

    /// Loads the emergency stop from the store.
    public func restore() async throws {
        if let engaged = try await store.emergencyStopEngaged() {
            current.emergencyStop = true
            stopReason = engaged.reason
        }
    }

    /// The policy in force.
    public var policy: GatePolicy { current }

    /// Why the emergency stop is engaged, if it is.
    public var emergencyStopReason: String? { current.emergencyStop ? stopReason : nil }

    /// Engages the emergency stop: every write is denied and approvals wait. Stored before it returns.
    public func engageEmergencyStop(by caller: Caller, reason: String) async throws {
        try await store.append(
            AuditEntry(timestamp: clock.now, kind: .emergencyStopEngaged, actor: caller.description, reason: reason))
        current.emergencyStop = true
        stopReason = reason
    }

    /// Lifts the emergency stop.
    public func liftEmergencyStop(by caller: Caller, reason: String = "lifted") async throws {
        try await store.append(
            AuditEntry(timestamp: clock.now, kind: .emergencyStopLifted, actor: caller.description, reason: reason))
        current.emergencyStop = false
        stopReason = nil
    }

    /// Changes the autonomy level.
    public func setLevel(_ level: AutonomyLevel, by caller: Caller) async throws {
        try await store.append(
            AuditEntry(
                timestamp: clock.now, kind: .policyChanged, actor: caller.description,
                reason: "autonomy \(current.level) -> \(level)"))
        current.level = level
    }

    /// Turns automation on or off (off: every write is queued).
    public func setAutomation(enabled: Bool, by caller: Caller) async throws {
        try await store.append(
            AuditEntry(
                timestamp: clock.now, kind: .policyChanged, actor: caller.description,
                reason: "automation \(enabled ? "enabled" : "disabled")"))
        current.automationEnabled = enabled
    }
}
