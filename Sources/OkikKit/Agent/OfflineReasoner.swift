/// The reasoner OKIK uses when no model is configured: deterministic, no network. It groups the optimizer's findings
/// and the watchdog's recommendations by the object at fault, ranks them, and says what was done, what waits for a
/// person, and what to do next.
public struct OfflineReasoner: Sendable {
    /// Creates the reasoner.
    public init() {}

    /// Assesses a report together with what the watchdog and reconcile did.
    public func assess(
        _ report: OptimizationReport, recommendations: [Recommendation] = [], reconcile: ReconcileReport? = nil
    ) -> Assessment {
        var findingsBySubject: [ResourceRef: [Finding]] = [:]
        for finding in report.findings { findingsBySubject[finding.subject, default: []].append(finding) }
        var recommendationsBySubject: [ResourceRef: [Recommendation]] = [:]
        for recommendation in recommendations { recommendationsBySubject[recommendation.subject, default: []].append(recommendation) }
        var actionsByFinding: [String: [ReconcileReport.Action]] = [:]
        for action in reconcile?.actions ?? [] { actionsByFinding[action.findingID, default: []].append(action) }

        var incidents: [Assessment.Incident] = []
        for subject in Set(findingsBySubject.keys).union(recommendationsBySubject.keys) {
            let findings = (findingsBySubject[subject] ?? []).sorted(by: Finding.reportOrder)
            let alerts = (recommendationsBySubject[subject] ?? []).sorted { $0.severity > $1.severity }
            var done: [String] = []
            var waiting: [String] = []
            var refused: [String] = []
            func file(_ outcome: CallOutcome, _ text: String) {
                switch outcome {
                case .executed: done.append(text)
                case .queued: waiting.append(text)
                case .denied, .failed, .invalid: refused.append(text)
                }
            }
            for alert in alerts {
                if let action = alert.action { file(action.outcome, "watchdog: \(action.invocation.tool): \(action.message)") }
            }
            for finding in findings {
                for action in actionsByFinding[finding.id] ?? [] {
                    file(action.outcome, "optimizer: \(action.invocation.tool): \(action.message)")
                }
            }
            let worstFinding = findings.first
            let worstAlert = alerts.first
            let severity = max(worstFinding?.severity ?? .info, worstAlert?.severity ?? .info)
            let leadIsAlert = worstAlert.map { $0.severity > (worstFinding?.severity ?? .info) } ?? false
            let headline = leadIsAlert ? worstAlert?.message ?? "" : worstFinding?.message ?? worstAlert?.message ?? ""
            var next = (leadIsAlert ? worstAlert?.recommendation : worstFinding?.recommendation) ?? ""
            if !waiting.isEmpty {
                next = "Review the waiting approval\(waiting.count > 1 ? "s" : ""), then: " + next
            } else if !done.isEmpty && refused.isEmpty {
                next = "Fixed automatically; confirm it holds. " + next
            }
            incidents.append(
                Assessment.Incident(
                    subject: subject, severity: severity, headline: headline, codes: findings.map(\.code),
                    related: Array(findings.dropFirst().map(\.message)) + alerts.filter { leadIsAlert ? $0 != worstAlert : true }.map(\.message),
                    done: done, waiting: waiting, refused: refused, next: next))
        }
        incidents.sort { lhs, rhs in
            if lhs.severity != rhs.severity { return lhs.severity > rhs.severity }
            if lhs.codes.count != rhs.codes.count { return lhs.codes.count > rhs.codes.count }
            return lhs.subject < rhs.subject
        }
        return Assessment(incidents: incidents, summary: Self.summary(report, incidents))
    }

    static func summary(_ report: OptimizationReport, _ incidents: [Assessment.Incident]) -> String {
        guard !incidents.isEmpty else {
            return "Score \(report.score)/100 (\(report.grade)): nothing to do."
        }
        let bySeverity = Severity.allCases.reversed().compactMap { severity -> String? in
            let count = incidents.filter { $0.severity == severity }.count
            return count > 0 ? "\(count) \(severity)" : nil
        }
        let done = incidents.filter { !$0.done.isEmpty }.count
        let waiting = incidents.filter { !$0.waiting.isEmpty }.count
        let refused = incidents.filter { !$0.refused.isEmpty }.count
        var text = "Score \(report.score)/100 (\(report.grade)). \(incidents.count) object\(incidents.count == 1 ? "" : "s") need attention (\(bySeverity.joined(separator: ", ")))."
        if done > 0 { text += " \(done) fixed automatically within the autonomy level." }
        if waiting > 0 { text += " \(waiting) wait for a person's approval." }
        if refused > 0 { text += " \(refused) had an action refused or failed." }
        if let first = incidents.first { text += " Start with \(first.subject): \(first.headline)." }
        return text
    }
}
