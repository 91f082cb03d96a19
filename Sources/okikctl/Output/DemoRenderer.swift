import Foundation
import OkikKit

/// Renders `okikctl demo` for people: found, watchdog, fixed, waiting, reasoning, audit, and the score's change.
/// Messages and the model's answer are sanitised for the terminal before they are styled.
struct DemoRenderer {
    let terminal: Terminal
    var details = false

    func render(_ result: ClusterDemo.Result, scenario: String, seconds: Double) -> String {
        let reports = ReportRenderer(terminal: terminal, details: details)
        let clean = Terminal.sanitise
        var out: [String] = []
        func section(_ title: String) {
            out.append("")
            out.append(terminal.bold(terminal.magenta("== \(title)")))
        }
        out.append(terminal.bold("OKIK demo: a simulated cluster (\(scenario)) with \(result.before.objects["pods"] ?? 0) pods on \(result.before.objects["nodes"] ?? 0) nodes; \(Int(result.elapsed.seconds / 60)) minutes of cluster time in \(String(format: "%.1f", seconds)) s"))

        section("1. What the watchdog saw while time passed (deterministic rules, no model)")
        if result.recommendations.isEmpty { out.append("nothing fired") }
        for recommendation in result.recommendations {
            let action = recommendation.action.map { " → \(reports.outcome($0.outcome).trimmingCharacters(in: .whitespaces)) \($0.invocation.tool)" } ?? ""
            out.append("\(reports.severity(recommendation.severity)) \(clean(recommendation.message))\(action)")
            out.append("         \(terminal.dim("→")) \(clean(recommendation.recommendation))")
        }

        section("2. What the optimizer found")
        out.append(reports.render(result.before, title: "scan before fixes"))

        section("3. What OKIK fixed on its own (autonomy \(result.level) \(result.level.title))")
        let fixed = result.recommendations.compactMap { recommendation -> String? in
            guard let action = recommendation.action, action.outcome == .executed else { return nil }
            return clean("watchdog   \(action.invocation.tool): \(action.message)")
        } + result.reconcile.actions(.executed).map { clean("optimizer  \($0.invocation.tool): \($0.message)") }
        out.append(fixed.isEmpty ? "nothing (the autonomy level allows no changes)" : fixed.map { terminal.green("✔ ") + $0 }.joined(separator: "\n"))
        let failedOutcomes: Set<CallOutcome> = [.denied, .failed, .invalid]
        let refused = result.reconcile.actions.filter { failedOutcomes.contains($0.outcome) }.map { ($0.outcome, $0.call, $0.message) }
            + result.recommendations.compactMap(\.action).filter { failedOutcomes.contains($0.outcome) }
            .map { ($0.outcome, $0.invocation.description, $0.message) }
        for (outcome, call, message) in refused {
            out.append(terminal.red("✘ ") + clean("\(outcome.rawValue): \(call): \(message)"))
        }

        section("4. What waits for your approval")
        if result.pendingPlans.isEmpty { out.append("no plans are waiting") }
        for plan in result.pendingPlans {
            let steps = plan.steps.map(\.invocation.description).joined(separator: "; ")
            out.append("\(terminal.yellow("plan \(plan.id.uuidString.prefix(8))")) [\(plan.risk.rawValue)] \(clean(steps))")
            out.append("         \(terminal.dim("why:")) \(clean(plan.rationale))")
            if let preview = plan.steps.first?.preview?.summary {
                out.append("         \(terminal.dim("dry run:")) \(clean(preview))")
            }
        }

        if let look = result.agent {
            section("5. The agent's assessment (\(look.model))")
            if let offline = look.offline { out.append(terminal.yellow("offline: \(clean(offline)); the offline reasoner answers")) }
            for call in look.calls {
                out.append("\(call.outcome == .executed ? terminal.green("✔ ") : call.outcome == .queued ? terminal.yellow("⏸ ") : terminal.red("✘ "))" + clean("\(call.outcome.rawValue): \(call.call): \(call.decision)"))
            }
            out.append(clean(look.answer))
            out.append(terminal.dim("\(look.modelCalls) model call(s), \(look.tokens) tokens"))
        }
        section(result.agent == nil ? "5. The offline reasoner's assessment (no model: set OPENAI_API_KEY or ANTHROPIC_API_KEY for the agent)" : "The offline reasoner's assessment")
        out.append(clean(result.assessment.summary))
        for incident in result.assessment.incidents.prefix(details ? 1000 : 6) {
            out.append("\(reports.severity(incident.severity)) " + clean("\(incident.subject): \(incident.headline)"))
            for line in incident.done { out.append("         \(terminal.green("done:")) \(clean(line))") }
            for line in incident.waiting { out.append("         \(terminal.yellow("waiting:")) \(clean(line))") }
            for line in incident.refused { out.append("         \(terminal.red("refused:")) \(clean(line))") }
            out.append("         \(terminal.dim("next:")) \(clean(incident.next))")
        }

        section("6. Audit trail (\(result.audit.count) entries)")
        let entries = details ? result.audit : Array(result.audit.suffix(15))
        if entries.count < result.audit.count { out.append(terminal.dim("… \(result.audit.count - entries.count) earlier entries (use --details)")) }
        let formatter = ISO8601DateFormatter()
        for entry in entries {
            let what = [entry.tool, entry.decision?.rawValue, entry.outcome?.rawValue].compactMap { $0 }.joined(separator: " ")
            let why = entry.summary ?? entry.reason ?? ""
            out.append("\(terminal.dim(formatter.string(from: entry.timestamp))) \(pad(entry.kind.rawValue, 8)) \(clean("\(pad(entry.actor, 26)) \(what)\(why.isEmpty ? "" : ": \(why)")"))")
        }

        section("7. Score")
        out.append("before \(reports.score(result.before.score, grade: result.before.grade)) → after \(reports.score(result.after.score, grade: result.after.grade)) (\(result.after.findings.count) findings left; the rest need a person or more time)")
        out.append("")
        out.append(terminal.dim("Next: `okikctl optimise --sim all --details` to explore the findings, `okikctl sim start --scenario all` to use kubectl against the same cluster."))
        return out.joined(separator: "\n")
    }
}
