import Foundation

/// The `okik-control` ConfigMap that mirrors the control state in a cluster, so `okikctl emergency-stop` can stop OKIK
/// without its server and a new pod starts with the last state. This is the one place its data is parsed and rendered.
///
/// Data keys: `emergencyStop` (`true`/`false`), `emergencyStopReason`, `level` (`L0` ... `L4`), `automationEnabled`
/// (`true`/`false`), `version`, `changedBy`, `changedAt` (RFC 3339).
public enum ControlConfigMap {
    /// The ConfigMap's name.
    public static let defaultName = "okik-control"
    /// The namespace it lives in.
    public static let defaultNamespace = "okik-system"

    /// The data keys.
    public enum Key {
        /// `true` or `false`.
        public static let emergencyStop = "emergencyStop"
        /// Free text; absent when the stop is off.
        public static let emergencyStopReason = "emergencyStopReason"
        /// `L0` ... `L4`.
        public static let level = "level"
        /// `true` or `false`.
        public static let automationEnabled = "automationEnabled"
        /// The control-state version of the writer.
        public static let version = "version"
        /// Who made the last change (`human:alice`).
        public static let changedBy = "changedBy"
        /// When (RFC 3339).
        public static let changedAt = "changedAt"
    }

    /// The labels it carries.
    public static let labels = [
        "app.kubernetes.io/name": "okik",
        "app.kubernetes.io/component": "control",
        "app.kubernetes.io/managed-by": "okik",
    ]

    /// Parses ConfigMap data; values that do not parse are left out of the record and listed in its `problems`.
    public static func parse(_ data: [String: String]?) -> ControlRecord {
        let data = data ?? [:]
        var problems: [ControlRecord.Problem] = []
        func value<T>(_ key: String, expected: String, _ parse: (String) -> T?) -> T? {
            guard let text = data[key] else { return nil }
            if let parsed = parse(text) { return parsed }
            problems.append(ControlRecord.Problem(key: key, value: text, expected: expected))
            return nil
        }
        let emergencyStop = value(Key.emergencyStop, expected: "true or false", parseBool)
        let level = value(Key.level, expected: "one of L0 ... L4") { AutonomyLevel(parsing: $0) }
        let automationEnabled = value(Key.automationEnabled, expected: "true or false", parseBool)
        let version = value(Key.version, expected: "a whole number") { Int64($0.trimmingCharacters(in: .whitespaces)) }
        let changedAt = value(Key.changedAt, expected: "an RFC 3339 time") {
            Timestamp(rfc3339: $0.trimmingCharacters(in: .whitespaces))?.date
        }
        return ControlRecord(
            emergencyStop: emergencyStop, emergencyStopReason: data[Key.emergencyStopReason].flatMap { $0.isEmpty ? nil : $0 },
            level: level, automationEnabled: automationEnabled, version: version,
            changedBy: data[Key.changedBy].flatMap { $0.isEmpty ? nil : $0 }, changedAt: changedAt, problems: problems)
    }

    /// The data that mirrors `state` (the extra protected namespaces stay in the database only).
    public static func data(for state: ControlState) -> [String: String] {
        var data = [
            Key.emergencyStop: String(state.emergencyStop),
            Key.level: state.level.description,
            Key.automationEnabled: String(state.automationEnabled),
            Key.version: String(state.version),
            Key.changedBy: state.changedBy,
            Key.changedAt: Timestamp(state.changedAt).rfc3339,
        ]
        if state.emergencyStop, let reason = state.emergencyStopReason { data[Key.emergencyStopReason] = reason }
        return data
    }

    private static func parseBool(_ text: String) -> Bool? {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true": true
        case "false": false
        default: nil
        }
    }
}
