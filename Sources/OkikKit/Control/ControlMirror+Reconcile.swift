/// One change the mirror makes to ``SafetyControls``.
enum ControlChange: Sendable, Hashable {
    /// Engage the emergency stop with this reason.
    case engageStop(reason: String)
    /// Lift the emergency stop.
    case liftStop
    /// Set the autonomy level.
    case level(AutonomyLevel)
    /// Turn automation on or off.
    case automation(Bool)
}

extension ControlMirror {
    /// At start: a stop set in the ConfigMap wins; the level and automation are adopted from it when the database is
    /// fresh (version 1, nobody changed anything yet) or when its `changedAt` is newer than the database's.
    static func changesAtStart(_ record: ControlRecord, state: ControlState) -> [ControlChange] {
        var changes: [ControlChange] = []
        if record.emergencyStop == true && !state.emergencyStop {
            changes.append(.engageStop(reason: record.emergencyStopReason ?? "emergency stop set in the ConfigMap"))
        }
        let adopt = state.version <= 1 || record.changedAt.map { $0 > state.changedAt } == true
        guard adopt else { return changes }
        if let level = record.level, level != state.level { changes.append(.level(level)) }
        if let enabled = record.automationEnabled, enabled != state.automationEnabled {
            changes.append(.automation(enabled))
        }
        return changes
    }

    /// A person's edit: each edited key whose (valid) value differs from the state in force; the stop first.
    static func changesForEdit(_ record: ControlRecord, edited: Set<String>, state: ControlState) -> [ControlChange] {
        var changes: [ControlChange] = []
        if edited.contains(ControlConfigMap.Key.emergencyStop), let stop = record.emergencyStop, stop != state.emergencyStop {
            changes.append(stop ? .engageStop(reason: record.emergencyStopReason ?? "emergency stop set in the ConfigMap") : .liftStop)
        }
        if edited.contains(ControlConfigMap.Key.level), let level = record.level, level != state.level {
            changes.append(.level(level))
        }
        if edited.contains(ControlConfigMap.Key.automationEnabled), let enabled = record.automationEnabled,
            enabled != state.automationEnabled
        {
            changes.append(.automation(enabled))
        }
        return changes
    }

    /// The keys whose values differ between two versions of the data (all keys when there is no earlier one).
    static func editedKeys(_ data: [String: String], since base: [String: String]?) -> Set<String> {
        guard let base else { return Set(data.keys) }
        return Set(data.keys).union(base.keys).filter { data[$0] != base[$0] }
    }
}
