import Foundation
import OkikKit

/// Plans for people: a table of plans, one plan in detail (steps, previews, results, history), a decision.
struct PlanRenderer {
    let terminal: Terminal

    func list(_ plans: [ActionPlan], empty: String) -> String {
        var table = Table(headers: ["id", "state", "risk", "requester", "created", "steps", "rationale"])
        table.styles[1] = { padded in
            ActionPlan.State(rawValue: padded.trimmingCharacters(in: .whitespaces)).map { state($0, padded) } ?? padded
        }
        for plan in plans {
            table.add(
                shortID(plan.id), plan.state.rawValue, plan.risk.rawValue, plan.requester, timestamp(plan.createdAt),
                plan.steps.map(\.invocation.tool).joined(separator: ","), oneLine(plan.rationale, max: 70))
        }
        return table.render(empty: empty)
    }

    func detail(_ detail: PlanDetailResponse) -> String {
        let plan = detail.plan
        var lines = [
            terminal.bold("Plan \(plan.id.uuidString)") + "  " + state(plan.state),
            "  requested by \(Terminal.sanitise(plan.requester)) at \(timestamp(plan.createdAt)); expires \(timestamp(plan.expiresAt))",
            "  risk \(plan.risk.rawValue)",
            "  why: \(oneLine(plan.rationale, max: 200))",
        ]
        if let decidedBy = plan.decidedBy {
            lines.append("  decided by \(Terminal.sanitise(decidedBy))" + (plan.decidedAt.map { " at \(timestamp($0))" } ?? "")
                + (plan.reason.map { ": \(oneLine($0, max: 200))" } ?? ""))
        }
        lines.append(terminal.bold("Steps"))
        for (index, step) in plan.steps.enumerated() {
            lines.append("  \(index + 1). " + Terminal.sanitise("\(step.invocation.tool) \(step.invocation.arguments.jsonString())  [\(step.package.rawValue)]"))
            if let preview = step.preview {
                if let error = preview.error {
                    lines.append("     preview: " + terminal.yellow("could not be made: \(Terminal.sanitise(error))"))
                } else if let summary = preview.summary {
                    lines.append("     preview (dry run): \(Terminal.sanitise(summary))")
                } else if !preview.supported {
                    lines.append("     preview: this tool has no dry run")
                }
            }
            for result in plan.results where result.index == index {
                let mark = result.succeeded ? terminal.green("ran") : terminal.red("failed")
                lines.append("     \(mark) at \(timestamp(result.finishedAt)): \(oneLine(result.message, max: 200))")
            }
        }
        if !detail.history.isEmpty {
            lines.append(terminal.bold("History"))
            for entry in detail.history {
                var text = Terminal.sanitise("  \(timestamp(entry.timestamp))  \(entry.kind.rawValue)  \(entry.actor)")
                if let tool = entry.tool { text += "  \(Terminal.sanitise(tool))" }
                if let summary = entry.summary ?? entry.reason { text += ": \(oneLine(summary, max: 120))" }
                lines.append(text)
            }
        }
        return lines.joined(separator: "\n")
    }

    func decision(_ decision: PlanDecisionResponse) -> String {
        "plan \(shortID(decision.plan.id)) \(state(decision.plan.state)): \(Terminal.sanitise(decision.message))"
    }

    /// A state in its colour; `text` is what to show (the state's name by default, or it padded).
    private func state(_ state: ActionPlan.State, _ text: String? = nil) -> String {
        let text = text ?? state.rawValue
        switch state {
        case .pending, .approved, .executing: return terminal.yellow(text)
        case .executed: return terminal.green(text)
        case .failed: return terminal.red(text)
        case .rejected, .expired: return terminal.dim(text)
        }
    }
}

/// Text on one line, sanitised for the terminal (``Terminal/sanitise(_:)``), cut to `max` characters with an ellipsis.
func oneLine(_ text: String, max: Int) -> String {
    let flat = Terminal.sanitise(text.split(whereSeparator: \.isNewline).joined(separator: " "))
    return flat.count > max ? String(flat.prefix(max - 1)) + "…" : flat
}
