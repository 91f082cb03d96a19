import Foundation

extension Optimizer {
    /// Sends every proposed call of the report's findings through the gatekeeper, most severe finding first, each
    /// distinct call once. What runs, what is queued for approval and what is denied depends on the autonomy level
    /// and the safety controls, never on the optimizer; everything is audited by the executor.
    /// - Throws: only when the audit store fails.
    public static func reconcile(
        _ report: OptimizationReport, executor: GatedToolExecutor, caller: Caller = Caller(.optimizer, "okik-optimizer")
    ) async throws -> ReconcileReport {
        var seen = Set<ToolInvocation>()
        var actions: [ReconcileReport.Action] = []
        for finding in report.findings {
            for invocation in finding.proposedCalls where seen.insert(invocation).inserted {
                let report = try await executor.execute(
                    invocation, caller: caller, rationale: "\(finding.code) \(finding.subject): \(finding.message)")
                let outcome: String
                let message: String
                var planID: UUID?
                switch report.outcome {
                case .executed(let output):
                    outcome = "executed"
                    message = output.summary
                case .failed(let failure):
                    outcome = "failed"
                    message = failure.message
                case .queued(let plan):
                    outcome = "queued"
                    message = "waits for approval as plan \(plan.id): \(report.decision.reason)"
                    planID = plan.id
                case .denied(let reason, _):
                    outcome = "denied"
                    message = reason
                case .invalid(let error):
                    outcome = "invalid"
                    message = error.message
                }
                actions.append(
                    ReconcileReport.Action(
                        findingID: finding.id, call: invocation.description, invocation: invocation, outcome: outcome,
                        message: message, planID: planID))
            }
        }
        return ReconcileReport(actions: actions)
    }
}
