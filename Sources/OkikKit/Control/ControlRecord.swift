import Foundation

/// The control state as read from the `okik-control` ConfigMap: each key that is present and parses, plus the keys
/// whose values do not parse (never applied). A missing key leaves that switch as it is.
public struct ControlRecord: Sendable, Hashable {
    /// A ConfigMap value that does not parse, such as `level: L9`.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        /// The data key.
        public var key: String
        /// The value found.
        public var value: String
        /// What the key accepts.
        public var expected: String

        /// `level: "L9" is not one of L0 ... L4; ignored`.
        public var description: String { "\(key): \"\(value)\" is not \(expected); ignored" }
    }

    /// `emergencyStop`.
    public var emergencyStop: Bool?
    /// `emergencyStopReason`.
    public var emergencyStopReason: String?
    /// `level`.
    public var level: AutonomyLevel?
    /// `automationEnabled`.
    public var automationEnabled: Bool?
    /// `version`: the control-state version the last writer had (informational; versions are per database).
    public var version: Int64?
    /// `changedBy`.
    public var changedBy: String?
    /// `changedAt`.
    public var changedAt: Date?
    /// Values that did not parse.
    public var problems: [Problem]

    /// Creates a record; every field is optional.
    public init(
        emergencyStop: Bool? = nil, emergencyStopReason: String? = nil, level: AutonomyLevel? = nil,
        automationEnabled: Bool? = nil, version: Int64? = nil, changedBy: String? = nil, changedAt: Date? = nil,
        problems: [Problem] = []
    ) {
        self.emergencyStop = emergencyStop
        self.emergencyStopReason = emergencyStopReason
        self.level = level
        self.automationEnabled = automationEnabled
        self.version = version
        self.changedBy = changedBy
        self.changedAt = changedAt
        self.problems = problems
    }
}
