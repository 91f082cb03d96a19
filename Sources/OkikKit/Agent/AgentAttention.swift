import Foundation

/// Decides whether what changed deserves a model call, from what the model has already been told.
///
/// A cluster churns: info and low findings come and go with every Job, a workload that flaps between two states
/// raises the same findings every few minutes, and the kubelet writes a new Event object for each OOM kill. None of
/// that is news to a model that was told within the recall window. A change earns a call when it is:
/// - a finding at or above ``AgentConfiguration/attentionSeverity`` whose severity or proposed fix differs from what
///   the model was last told about it within ``AgentConfiguration/recall``, or, for a finding it was never told,
///   whose object it has not heard about lately at that severity or worse;
/// - a warning event whose object and reason the model has not heard within the recall window;
/// - a plan a person decided;
/// - a firing alert from Alertmanager the model has not been told about (a re-sent one is not news).
/// Findings that resolved, and low ones, ride along in the next context but never cause a call alone. Watchdog
/// actions and verification results are always news; the agent adds them itself.
struct AgentAttention: Sendable {
    private struct Told: Sendable {
        var severity: Severity
        var fix: [String]
        var at: Date
    }

    var severity: Severity
    var recall: TimeInterval
    private var findings: [String: Told] = [:]
    private var subjects: [ResourceRef: (severity: Severity, at: Date)] = [:]
    private var warnings: [String: Date] = [:]

    init(severity: Severity, recall: Duration) {
        self.severity = severity
        self.recall = recall.timeInterval
    }

    /// The reasons to call the model about `delta` and `newAlerts` untold firing alerts, empty when there are none.
    func reasons(in delta: ObservationDelta, newAlerts: Int = 0, at now: Date) -> [String] {
        var reasons: [String] = []
        let news = (delta.new + delta.changed).filter { finding in
            guard finding.severity >= severity else { return false }
            if let told = findings[finding.id], now.timeIntervalSince(told.at) < recall {
                return told.severity != finding.severity || told.fix != finding.proposedCalls.map(\.fingerprint)
            }
            // A finding the model has not seen is news unless its object was reported at least as severe lately
            // (a workload flapping between two states raises a new finding at each turn).
            guard let subject = subjects[finding.subject], now.timeIntervalSince(subject.at) < recall else { return true }
            return finding.severity > subject.severity
        }
        if !news.isEmpty { reasons.append("\(news.count) finding(s) at \(severity.rawValue) or above the model has not seen") }
        let fresh = delta.warnings.filter { warning in
            warnings[Self.key(warning)].map { now.timeIntervalSince($0) >= recall } ?? true
        }
        if !fresh.isEmpty { reasons.append("\(fresh.count) new kind(s) of warning event") }
        if !delta.decidedPlans.isEmpty { reasons.append("\(delta.decidedPlans.count) plan(s) decided") }
        if newAlerts > 0 { reasons.append("\(newAlerts) new firing alert(s) from Alertmanager") }
        return reasons
    }

    /// Records that the model was told everything in `delta`.
    mutating func told(_ delta: ObservationDelta, at now: Date) {
        for finding in delta.new + delta.changed {
            findings[finding.id] = Told(severity: finding.severity, fix: finding.proposedCalls.map(\.fingerprint), at: now)
            let previous = subjects[finding.subject]
            if previous.map({ $0.severity <= finding.severity || now.timeIntervalSince($0.at) >= recall }) ?? true {
                subjects[finding.subject] = (finding.severity, now)
            }
        }
        for warning in delta.warnings { warnings[Self.key(warning)] = now }
        let horizon = now.addingTimeInterval(-recall)
        findings = findings.filter { $0.value.at > horizon }
        subjects = subjects.filter { $0.value.at > horizon }
        warnings = warnings.filter { $0.value > horizon }
    }

    /// Events of one object with one reason are one kind of news, whatever the Event object is called.
    private static func key(_ warning: WarningEvent) -> String { "\(warning.object) \(warning.reason)" }
}
