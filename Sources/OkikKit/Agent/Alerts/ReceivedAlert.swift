import Foundation

/// A firing alert the agent keeps for its next look, bounded in size; every text in it is untrusted.
public struct ReceivedAlert: Sendable, Hashable, Codable {
    /// Its identity: Alertmanager's fingerprint, or its sorted labels when none was sent.
    public var fingerprint: String
    /// The `alertname` label.
    public var name: String
    /// The labels (at most 16, each value at most 200 characters).
    public var labels: [String: String]
    /// The annotations (at most 8, each value at most 500 characters).
    public var annotations: [String: String]
    /// When it started firing, when Alertmanager said.
    public var startsAt: Date?
    /// When OKIK last received it.
    public var receivedAt: Date
    /// True until the model has been told about this firing.
    public var isNew: Bool

    /// Creates an alert.
    public init(
        fingerprint: String, name: String, labels: [String: String], annotations: [String: String], startsAt: Date?,
        receivedAt: Date, isNew: Bool = true
    ) {
        self.fingerprint = fingerprint
        self.name = name
        self.labels = labels
        self.annotations = annotations
        self.startsAt = startsAt
        self.receivedAt = receivedAt
        self.isNew = isNew
    }
}
