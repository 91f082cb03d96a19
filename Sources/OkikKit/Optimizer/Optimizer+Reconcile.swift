import Foundation

extension Optimizer {
    /// Sends the proposed calls of the report's findings through the gatekeeper and the remediation guards as one
    /// ``RemediationPass``, most severe finding first: within the report's namespace (a namespace scan never writes
    /// outside it), one write per workload, each distinct call once. A finding marked ``Finding/planOnly`` becomes one
    /// plan for a person. What runs, what is queued and what is refused depends on the level, the safety controls and
    /// the guards, never on the optimizer; everything is audited by the executor.
    /// - Throws: only when the audit store fails.
    public static func reconcile(
        _ report: OptimizationReport, executor: GatedToolExecutor, caller: Caller = Caller(.optimizer, "okik-optimizer")
    ) async throws -> ReconcileReport {
        let pass = RemediationPass(namespace: report.namespace)
        var seen = Set<String>()
        var actions: [ReconcileReport.Action] = []
        for finding in report.findings where !finding.proposedCalls.isEmpty {
            let rationale = "\(finding.code) \(finding.subject): \(finding.message)"
            if finding.planOnly {
                let key = finding.proposedCalls.map(\.fingerprint).joined(separator: " ; ")
                guard seen.insert(key).inserted else { continue }
                let proposal = try await executor.approvals.propose(finding.proposedCalls, caller: caller, rationale: rationale, pass: pass)
                let call = finding.proposedCalls.map(\.description).joined(separator: " ; ")
                if let plan = proposal.plan {
                    actions.append(
                        ReconcileReport.Action(
                            findingID: finding.id, call: call, invocation: finding.proposedCalls[0], outcome: .queued,
                            message: "proposed as plan \(plan.id) for a person to approve", planID: plan.id))
                } else {
                    actions.append(
                        ReconcileReport.Action(
                            findingID: finding.id, call: call, invocation: finding.proposedCalls[0], outcome: .denied,
                            message: proposal.refusals.joined(separator: "; ")))
                }
                continue
            }
            for invocation in finding.proposedCalls where seen.insert(invocation.fingerprint).inserted {
                let report = try await executor.execute(invocation, caller: caller, rationale: rationale, pass: pass)
                actions.append(ReconcileReport.Action(finding: finding, report: report))
            }
        }
        return ReconcileReport(actions: actions)
    }
}

extension ReconcileReport.Action {
    /// What became of one call.
    init(finding: Finding, report: CallReport) {
        var planID: UUID?
        let outcome: CallOutcome
        let message: String
        switch report.outcome {
        case .executed(let output):
            outcome = .executed
            message = output.summary
        case .failed(let failure):
            outcome = .failed
            message = failure.message
        case .queued(let plan):
            outcome = .queued
            message = "waits for approval as plan \(plan.id): \(report.decision.reason)"
            planID = plan.id
        case .denied(let reason, _):
            outcome = .denied
            message = reason
        case .invalid(let error):
            outcome = .invalid
            message = error.message
        }
        self.init(
            findingID: finding.id, call: report.invocation.description, invocation: report.invocation, outcome: outcome,
            message: message, planID: planID)
    }
}
