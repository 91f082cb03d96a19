import Foundation

/// Where one watchdog incident stands. The ``Watchdog`` keeps one per incident key and persists it in an
/// ``IncidentStore``, so a restarted watchdog neither repeats a handled incident's action nor forgets a pending retry.
public struct WatchdogIncident: Sendable, Hashable, Codable {
    /// The incident key the rule's alert names (rule, workload, revision, container, remedy).
    public var key: String
    /// Done with: its action executed or was queued, or it had none. A refused or failed action leaves it open.
    public var handled: Bool
    /// How many times it was raised (its action tried).
    public var attempts: Int
    /// When an open incident is tried again; nil once handled.
    public var nextAttempt: Date?
    /// The last outcome: `executed`, `queued`, `denied`, `failed`, `invalid`, or `recommended` (no action).
    public var lastOutcome: String?
    /// The pod (`namespace/name`) it was last raised for.
    public var podKey: String
    /// The workload whose pods show it (the pod itself when nothing owns it).
    public var workload: ResourceRef
    /// The revision of the workload's pods it belongs to (`pod-template-hash`, `controller-revision-hash`).
    public var revision: String
    /// When it was first raised.
    public var firstSeen: Date
    /// When a pod last showed it.
    public var lastSeen: Date

    /// Creates an incident record.
    public init(
        key: String, handled: Bool, attempts: Int, nextAttempt: Date? = nil, lastOutcome: String? = nil,
        podKey: String, workload: ResourceRef, revision: String, firstSeen: Date, lastSeen: Date
    ) {
        self.key = key
        self.handled = handled
        self.attempts = attempts
        self.nextAttempt = nextAttempt
        self.lastOutcome = lastOutcome
        self.podKey = podKey
        self.workload = workload
        self.revision = revision
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
    }
}
