import Foundation
import OkikKubeClient

/// What the agent looked at in one tick, reduced to what decides whether the model must be asked again: the findings
/// (by id, with what makes a change worth a model's time: severity and proposed fix, not restart counters), the
/// warning events and the plans that have been decided.
public struct ClusterObservation: Sendable {
    /// The findings by id.
    public var findings: [String: Finding]
    /// Warning events by `namespace/name`.
    public var warnings: [String: WarningEvent]
    /// Plans that left `pending` (approved, rejected, expired, executed, failed), by id.
    public var decidedPlans: [UUID: ActionPlan]

    /// Creates an observation.
    public init(findings: [Finding] = [], warnings: [WarningEvent] = [], decidedPlans: [ActionPlan] = []) {
        self.findings = Dictionary(findings.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.warnings = Dictionary(warnings.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        self.decidedPlans = Dictionary(decidedPlans.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// What changed since `previous` (everything, for the first tick).
    public func changes(since previous: ClusterObservation?) -> ObservationDelta {
        guard let previous else {
            return ObservationDelta(
                new: findings.values.sorted(by: Finding.reportOrder), changed: [], resolved: [],
                warnings: warnings.values.sorted { $0.key < $1.key }, decidedPlans: [])
        }
        var new: [Finding] = []
        var changed: [Finding] = []
        for (id, finding) in findings {
            guard let before = previous.findings[id] else {
                new.append(finding)
                continue
            }
            if before.severity != finding.severity || before.proposedCalls.map(\.fingerprint) != finding.proposedCalls.map(\.fingerprint) {
                changed.append(finding)
            }
        }
        let resolved = previous.findings.filter { findings[$0.key] == nil }.map(\.value)
        let warnings = warnings.filter { previous.warnings[$0.key] == nil }.map(\.value)
        let decided = decidedPlans.filter { previous.decidedPlans[$0.key]?.state != $0.value.state }.map(\.value)
        return ObservationDelta(
            new: new.sorted(by: Finding.reportOrder), changed: changed.sorted(by: Finding.reportOrder),
            resolved: resolved.sorted(by: Finding.reportOrder), warnings: warnings.sorted { $0.key < $1.key },
            decidedPlans: decided.sorted { ($0.finishedAt ?? $0.createdAt) < ($1.finishedAt ?? $1.createdAt) })
    }
}

/// What changed between two observations; empty means the model has nothing new to reason about.
public struct ObservationDelta: Sendable {
    /// Findings that appeared.
    public var new: [Finding]
    /// Findings whose severity or proposed fix changed.
    public var changed: [Finding]
    /// Findings that are gone.
    public var resolved: [Finding]
    /// Warning events not seen before.
    public var warnings: [WarningEvent]
    /// Plans decided since the last look.
    public var decidedPlans: [ActionPlan]

    /// Whether nothing relevant changed (a steady cluster: no model call).
    public var isEmpty: Bool {
        new.isEmpty && changed.isEmpty && resolved.isEmpty && warnings.isEmpty && decidedPlans.isEmpty
    }

    /// `2 new, 1 resolved findings; 3 warning events`.
    public var summary: String {
        var parts: [String] = []
        let counts = [(new.count, "new"), (changed.count, "changed"), (resolved.count, "resolved")].filter { $0.0 > 0 }
        if !counts.isEmpty { parts.append(counts.map { "\($0.0) \($0.1)" }.joined(separator: ", ") + " finding(s)") }
        if !warnings.isEmpty { parts.append("\(warnings.count) warning event(s)") }
        if !decidedPlans.isEmpty { parts.append("\(decidedPlans.count) plan(s) decided") }
        return parts.isEmpty ? "nothing changed" : parts.joined(separator: "; ")
    }
}

/// A Warning event as the agent sees it: where, why, and the (untrusted) message. Whoever may create Events writes
/// every field (the API server does not check that the involved object exists, nor the reason's vocabulary), so the
/// reason and the object's fields are kept to one bounded line (``all(in:)``) and all of it is fenced in a context.
public struct WarningEvent: Sendable, Hashable {
    /// `namespace/name` of the Event object.
    public var key: String
    /// The object it is about.
    public var object: ResourceRef
    /// The reason (`BackOff`, `FailedScheduling`).
    public var reason: String
    /// The message, written by whoever emitted the event: untrusted.
    public var message: String
    /// How many times it happened.
    public var count: Int

    /// Creates a warning event.
    public init(key: String, object: ResourceRef, reason: String, message: String, count: Int) {
        self.key = key
        self.object = object
        self.reason = reason
        self.message = message
        self.count = count
    }

    /// The Warning events of a snapshot. An event about a pod is attributed to the pod's owner (its Deployment,
    /// StatefulSet, Job...), which outlives the pod's name.
    public static func all(in snapshot: ClusterSnapshot) -> [WarningEvent] {
        let warnings = snapshot.events.filter { $0.type == "Warning" }
        guard !warnings.isEmpty else { return [] }
        var pods: [String: Pod] = [:]
        for pod in snapshot.pods { pods["\(pod.namespace ?? "")/\(pod.name)"] = pod }
        return warnings.map { event in
            let involved = event.involvedObject
            var object = ResourceRef(
                kind: field(involved?.kind ?? "?", 63), namespace: (involved?.namespace ?? event.namespace).map { field($0, 63) },
                name: field(involved?.name ?? "?", 253))
            if object.kind == "Pod", let pod = pods["\(object.namespace ?? "")/\(object.name)"] {
                object = snapshot.owner(of: pod)
            }
            return WarningEvent(
                key: "\(event.namespace ?? "")/\(event.name)", object: object, reason: field(event.reason ?? "", 128),
                message: event.message ?? "", count: event.count ?? 1)
        }
    }

    /// One line of at most `length` characters: control characters and line breaks become spaces.
    static func field(_ text: String, _ length: Int) -> String {
        let line = String(String.UnicodeScalarView(text.unicodeScalars.map {
            CharacterSet.controlCharacters.contains($0) || CharacterSet.newlines.contains($0) ? " " : $0
        }))
        return line.count > length ? String(line.prefix(length)) + "…" : line
    }
}
