import Foundation

/// The switches a person turns at run time: autonomy level, automation, emergency stop, extra protected namespaces.
/// They live in one durable, versioned ``ControlState`` record (compare-and-set on every change), so a restart
/// restores exactly the last change and two processes on one database agree; every change is also audited.
public actor SafetyControls {
    private let store: any AuditStore
    private let stateStore: any ControlStateStore
    private let clock: any WallClock
    private let configured: GatekeeperConfiguration
    private var state: ControlState
    private var watchers: [AsyncStream<ControlState>.Continuation] = []

    /// Creates controls from a configuration; call ``restore()`` to load the durable record (the configuration only
    /// applies when there is none yet).
    /// - Parameters:
    ///   - stateStore: Where the record lives; by default the audit store when it keeps one (both built-in stores
    ///     do), else memory.
    public init(
        configuration: GatekeeperConfiguration, store: any AuditStore, stateStore: (any ControlStateStore)? = nil,
        clock: any WallClock = SystemWallClock()
    ) {
        self.store = store
        self.stateStore = stateStore ?? (store as? any ControlStateStore) ?? InMemoryControlStateStore()
        self.clock = clock
        self.configured = configuration
        self.state = ControlState(
            version: 0, level: configuration.level, automationEnabled: configuration.automationEnabled,
            changedBy: "config", changedAt: clock.now)
    }

    /// Loads the last saved record; the first start saves the configuration as version 1.
    /// - Throws: when the store cannot be read or written.
    public func restore() async throws {
        if let saved = try await stateStore.loadControlState() {
            state = saved
            return
        }
        var first = state
        first.version = 1
        if try await stateStore.saveControlState(first) {
            state = first
        } else if let saved = try await stateStore.loadControlState() {
            state = saved
        }
    }

    /// Reads the record again when another process may have changed it, and returns the policy in force. The gate
    /// calls this before every decision, so an emergency stop set by another process holds at once.
    /// - Throws: when the store cannot be read.
    @discardableResult
    public func refresh() async throws -> GatePolicy {
        if let saved = try await stateStore.loadControlState(), saved.version > state.version {
            state = saved
            publish()
        }
        return policy
    }

    /// The record after every change made here and every newer version ``refresh()`` reads (another process's
    /// change); a slow reader sees the latest 16. The stream ends when the reader stops iterating.
    public func changes() -> AsyncStream<ControlState> {
        let (stream, continuation) = AsyncStream.makeStream(of: ControlState.self, bufferingPolicy: .bufferingNewest(16))
        watchers.append(continuation)
        return stream
    }

    private func publish() {
        watchers.removeAll { continuation in
            if case .terminated = continuation.yield(state) { return true }
            return false
        }
    }

    /// The policy in force (as of the last ``refresh()`` or change).
    public var policy: GatePolicy {
        GatePolicy(
            level: state.level, automationEnabled: state.automationEnabled, emergencyStop: state.emergencyStop,
            protectedNamespaces: ProtectedNamespaces(
                additional: configured.additionalProtectedNamespaces + state.additionalProtectedNamespaces))
    }

    /// The durable record as last read.
    public var current: ControlState { state }

    /// Why the emergency stop is engaged, if it is.
    public var emergencyStopReason: String? { state.emergencyStop ? state.emergencyStopReason : nil }

    /// Engages the emergency stop: every write is denied and approvals wait. Stored before it returns.
    public func engageEmergencyStop(by caller: Caller, reason: String) async throws {
        try await change(by: caller, kind: .emergencyStopEngaged, reason: reason) {
            $0.emergencyStop = true
            $0.emergencyStopReason = reason
        }
    }

    /// Lifts the emergency stop.
    public func liftEmergencyStop(by caller: Caller, reason: String = "lifted") async throws {
        try await change(by: caller, kind: .emergencyStopLifted, reason: reason) {
            $0.emergencyStop = false
            $0.emergencyStopReason = nil
        }
    }

    /// Changes the autonomy level.
    public func setLevel(_ level: AutonomyLevel, by caller: Caller) async throws {
        try await change(by: caller, kind: .policyChanged, reason: "autonomy \(state.level) -> \(level)") { $0.level = level }
    }

    /// Turns automation on or off (off: every write is queued).
    public func setAutomation(enabled: Bool, by caller: Caller) async throws {
        try await change(by: caller, kind: .policyChanged, reason: "automation \(enabled ? "enabled" : "disabled")") {
            $0.automationEnabled = enabled
        }
    }

    /// Sets the namespaces protected in addition to the built-in and configured ones.
    /// - Throws: ``ControlStateError`` when a name is not a canonical namespace name.
    public func setProtectedNamespaces(_ names: [String], by caller: Caller) async throws {
        for name in names where ProtectedNamespaces.normalize(name) != name {
            throw ControlStateError(message: "\"\(name)\" is not a namespace name (lowercase DNS-1123 label)")
        }
        let sorted = Array(Set(names)).sorted()
        try await change(by: caller, kind: .policyChanged, reason: "protected namespaces: \(sorted.joined(separator: ", "))") {
            $0.additionalProtectedNamespaces = sorted
        }
    }

    /// Applies a change to the latest record with compare-and-set, retrying on a concurrent change, then audits it.
    private func change(
        by caller: Caller, kind: AuditEntry.Kind, reason: String, _ apply: (inout ControlState) -> Void
    ) async throws {
        for _ in 0..<8 {
            if let saved = try await stateStore.loadControlState() { state = saved }
            var next = state
            apply(&next)
            next.version = state.version + 1
            next.changedBy = caller.description
            next.changedAt = clock.now
            if try await stateStore.saveControlState(next) {
                state = next
                publish()
                try await store.append(
                    AuditEntry(timestamp: clock.now, kind: kind, actor: caller.description, reason: "\(reason) (control state v\(next.version))"))
                return
            }
        }
        throw ControlStateError(message: "the control state kept changing under this change; try again")
    }
}

/// A control-state change that could not be made.
public struct ControlStateError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String

    /// The message.
    public var description: String { message }
}
