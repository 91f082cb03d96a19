import Foundation
import OkikKubeClient

extension NotificationEvent {
    /// The event an audit entry stands for, or nil when the entry is not worth a notification. Every text passes the
    /// redactor.
    /// - Parameters:
    ///   - entry: The audit entry.
    ///   - plan: The entry's plan, when it has one and the store still holds it (its steps, requester, expiry).
    ///   - redactor: What removes secrets from the text.
    public init?(_ entry: AuditEntry, plan: ActionPlan? = nil, redactor: Redactor = .standard) {
        let kind: Kind
        let severity: Severity
        let title: String
        var lines: [String] = []
        switch entry.kind {
        case .planCreated:
            kind = .planWaiting
            severity = .warning
            title = "A plan waits for approval: \(Self.tools(entry, plan))"
            lines.append("Proposed by \(plan?.requester ?? entry.actor)\(entry.targets.map { " on \($0)" } ?? "").")
            if let rationale = plan?.rationale ?? entry.reason, !rationale.isEmpty { lines.append("Why: \(rationale)") }
            if let plan { lines.append("Expires at \(Timestamp(plan.expiresAt).rfc3339) unless approved.") }
            if let id = entry.planID { lines.append("Approve or reject it: POST /actions/approve/\(id) or /actions/reject/\(id).") }
        case .planExecuted, .planFailed:
            let failed = entry.kind == .planFailed
            kind = failed ? .planFailed : .planExecuted
            severity = failed ? .critical : .info
            title = "A plan \(failed ? "failed" : "ran"): \(Self.tools(entry, plan))"
            lines.append("Approved by \(plan?.decidedBy ?? entry.actor)\(entry.targets.map { " on \($0)" } ?? "").")
            if failed, let reason = entry.reason ?? plan?.reason { lines.append("Failure: \(reason)") }
        case .outcome:
            guard entry.tool == QuarantineDeploymentTool.name, entry.outcome == .succeeded, !entry.dryRun,
                entry.planID == nil
            else { return nil }
            kind = .quarantine
            severity = .critical
            // The Deployment comes first; an HPA the quarantine holds follows it.
            title = "Quarantined \(entry.targets?.components(separatedBy: ", ").first ?? "a Deployment")"
            lines.append("By \(entry.actor): scaled to zero, the original replicas are kept in okik.io/ annotations.")
            if let summary = entry.summary { lines.append(summary) }
            lines.append("Undo with unquarantine_deployment once the cause is fixed.")
        case .emergencyStopEngaged, .emergencyStopLifted:
            let engaged = entry.kind == .emergencyStopEngaged
            kind = engaged ? .emergencyStopEngaged : .emergencyStopLifted
            severity = engaged ? .critical : .warning
            title = "Emergency stop \(engaged ? "engaged" : "lifted") by \(entry.actor)"
            lines.append(
                engaged
                    ? "Every write is refused and approvals wait until it is lifted."
                    : "Writes pass the gate again at the current autonomy level.")
            if let reason = entry.reason { lines.append("Reason: \(reason)") }
        case .budgetExhausted:
            kind = .budgetExhausted
            severity = .warning
            title = "The agent's token budget is spent"
            lines.append("The offline reasoner answers until it refills; the watchdog and the gate are not affected.")
            if let reason = entry.reason { lines.append(reason) }
        default:
            return nil
        }
        let summary = plan.map { plan in
            Plan(
                id: plan.id, state: plan.state.rawValue, requester: redactor.redact(plan.requester),
                tools: plan.steps.map(\.invocation.tool),
                targets: plan.steps.flatMap(\.targets).map(\.description).joined(separator: ", "),
                risk: plan.risk.rawValue, expiresAt: plan.state == .pending ? plan.expiresAt : nil)
        }
        self.init(
            kind: kind, title: redactor.redact(title), text: redactor.redact(lines.joined(separator: "\n")),
            severity: severity, at: entry.timestamp, plan: summary, auditID: entry.id)
    }

    /// `scale_deployment, rollout_restart`: the plan's tools, or the entry's one.
    private static func tools(_ entry: AuditEntry, _ plan: ActionPlan?) -> String {
        if let plan, !plan.steps.isEmpty { return plan.steps.map(\.invocation.tool).joined(separator: ", ") }
        return entry.tool ?? "a change"
    }
}
