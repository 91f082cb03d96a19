import Foundation

extension ChatSession {
    /// The cluster summary sent with a question: where things stand, the plans waiting, and the most severe objects
    /// with their findings, everything read from the cluster fenced in `<cluster-data>` and redacted.
    func clusterContext(policy: GatePolicy) async -> String {
        let snapshot: ClusterSnapshot
        do {
            snapshot = try await snapshotSource()
        } catch {
            return "# Cluster state\nThe cluster could not be read just now (\(Redactor.standard.redact("\(error)"))); "
                + "use the observe tools.\n"
        }
        let report = Optimizer(remediation: executor.configuration.remediation).evaluate(snapshot)
        let pending: Int?
        do {
            pending = try await executor.approvals.pending().count
        } catch {
            pending = nil
        }
        return Self.summary(
            report: report, policy: policy, pendingPlans: pending, maxTokens: configuration.contextTokens)
    }

    /// The summary text for a report, within `maxTokens` (the head is always sent).
    static func summary(report: OptimizationReport, policy: GatePolicy, pendingPlans: Int?, maxTokens: Int) -> String {
        let estimate = TokenEstimate()
        let redactor = Redactor.standard
        let empty = ObservationDelta(new: [], changed: [], resolved: [], warnings: [], decidedPlans: [])
        var text = ContextBuilder(maxTokens: maxTokens / 2, estimate: estimate, redactor: redactor)
            .build(report: report, delta: empty, policy: policy).text
        if let pendingPlans {
            text += "Plans waiting for a person's approval: \(pendingPlans).\n"
        }
        var used = estimate.tokens(text)
        var bySubject: [(ResourceRef, [Finding])] = []
        for finding in report.findings.sorted(by: Finding.reportOrder) {
            if let index = bySubject.firstIndex(where: { $0.0 == finding.subject }) {
                bySubject[index].1.append(finding)
            } else {
                bySubject.append((finding.subject, [finding]))
            }
        }
        guard !bySubject.isEmpty else { return text }
        text += "\n## Most severe objects\n"
        var shown = 0
        for (subject, findings) in bySubject.prefix(10) {
            var block = "### \(subject)\n<cluster-data>\n"
            for finding in findings.prefix(4) { block += ContextBuilder.line("OPEN", finding, redactor: redactor) }
            block += "</cluster-data>\n"
            let cost = estimate.tokens(block)
            guard used + cost <= maxTokens else { break }
            text += block
            used += cost
            shown += 1
        }
        if bySubject.count > shown {
            text += "(\(bySubject.count - shown) more object(s) with findings; read them with the observe tools)\n"
        }
        return text
    }
}
