import Foundation
import OkikKit

/// `okikctl status` for people: OKIK's controls, then the cluster by namespace and workload (tree) or by section
/// (classic). Text from the server or the cluster is sanitised for the terminal before it is styled.
struct StatusRenderer {
    let terminal: Terminal

    private func clean(_ text: String) -> String { Terminal.sanitise(text) }

    /// Level, automation, stop, queue, version and leader: also what `autonomy` prints.
    func controls(_ status: StatusResponse) -> String {
        var lines = [
            "level:           \(terminal.bold(clean(status.level))) (\(clean(status.levelTitle))), automation \(status.automation ? "on" : terminal.yellow("off"))",
            "emergency stop:  " + (status.emergencyStop
                ? terminal.red("ON") + (status.emergencyStopReason.map { " (\(oneLine($0, max: 200)))" } ?? "") : "off"),
            "changed by:      \(clean(status.changedBy)) (control version \(status.controlVersion))",
            "pending plans:   \(status.pendingPlans)",
            "mode:            \(status.mode.rawValue)",
        ]
        if let agent = status.agent {
            var text = "agent:           \(clean(agent.model ?? "no model"))"
            if let offline = agent.offlineReason { text += ", " + terminal.yellow("offline: \(clean(offline))") }
            text += "; \(agent.ticks) ticks, \(agent.modelCalls) model calls; tokens \(agent.tokensLastHour) last hour, "
                + "\(agent.tokensLastDay) last day"
            if let refusal = agent.budgetRefusal { text += "; " + terminal.yellow("budget: \(clean(refusal))") }
            lines.append(text)
        }
        lines.append(clean("version:         \(status.version); leader: \(status.leader)"))
        return lines.joined(separator: "\n")
    }

    func header(_ report: StatusReport) -> String {
        var lines = [terminal.bold("OKIK") + clean(" via \(report.mode == "server" ? "server \(report.place)" : "this process (state in \(report.place))")")]
        lines.append(controls(report.okik))
        if let cluster = report.cluster {
            let categories = cluster.categories.sorted { $0.key < $1.key }.map { clean("\($0.key) \($0.value)") }.joined(separator: ", ")
            lines.append("cluster score:   \(colour(score: cluster.score)) (\(cluster.grade)); \(categories)")
        } else if let error = report.clusterError {
            lines.append("cluster score:   " + terminal.yellow("not available: \(clean(error))"))
        }
        return lines.joined(separator: "\n")
    }

    func classic(_ report: StatusReport) -> String {
        var sections = [header(report)]
        let findings = (report.cluster?.findings ?? []).sorted { $0.severity > $1.severity }
        var problems = Table(headers: ["severity", "code", "object", "problem"])
        for finding in findings.prefix(30) {
            problems.add(finding.severity.rawValue, finding.code.description, finding.subject.description, oneLine(finding.message, max: 90))
        }
        sections.append(terminal.bold("Problems") + "\n" + problems.render(empty: "none found")
            + (findings.count > 30 ? "\n… and \(findings.count - 30) more (okikctl optimise)" : ""))
        var feed = Table(headers: ["time", "rule", "object", "what happened"])
        for entry in report.recommendations.suffix(15) {
            feed.add(timestamp(entry.createdAt), entry.rule, entry.subject.description, oneLine(entry.action?.message ?? entry.message, max: 80))
        }
        sections.append(terminal.bold("Watchdog") + "\n" + feed.render(empty: "nothing seen"))
        sections.append(terminal.bold("Plans waiting for approval") + "\n"
            + PlanRenderer(terminal: terminal).list(report.pendingPlans, empty: "none"))
        var actions = Table(headers: ["time", "tool", "actor", "status", "summary"])
        for action in report.recentActions.prefix(10) {
            actions.add(timestamp(action.startedAt), action.tool, action.actor, action.status.rawValue, oneLine(action.summary ?? action.error ?? "", max: 70))
        }
        sections.append(terminal.bold("Recent actions") + "\n" + actions.render(empty: "none"))
        var quarantine = Table(headers: ["deployment", "since", "reason"])
        for entry in report.quarantined { quarantine.add("\(entry.namespace)/\(entry.name)", entry.at ?? "", oneLine(entry.reason ?? "", max: 80)) }
        sections.append(terminal.bold("Quarantined") + "\n" + quarantine.render(empty: "none"))
        return sections.joined(separator: "\n\n")
    }

    func tree(_ report: StatusReport) -> String {
        // namespace -> workload -> lines
        var tree: [String: [String: [String]]] = [:]
        func add(_ namespace: String?, _ workload: String, _ line: String) {
            tree[namespace ?? "(cluster)", default: [:]][workload, default: []].append(line)
        }
        for finding in report.cluster?.findings ?? [] {
            let mark = finding.severity >= .high ? terminal.red("✗") : terminal.yellow("!")
            add(finding.subject.namespace, "\(finding.subject.kind)/\(finding.subject.name)",
                "\(mark) \(clean(finding.code.description)) \(oneLine(finding.message, max: 90))")
        }
        for entry in report.recommendations {
            add(entry.subject.namespace, "\(entry.subject.kind)/\(entry.subject.name)",
                "\(terminal.blue("watchdog")) \(clean(entry.rule)): \(oneLine(entry.action?.message ?? entry.message, max: 90))")
        }
        for plan in report.pendingPlans {
            for step in plan.steps {
                let target = step.targets.first
                add(target?.namespace, target.map { "\($0.kind)/\($0.name ?? "*")" } ?? step.invocation.tool,
                    "\(terminal.yellow("plan \(shortID(plan.id))")) waits: \(clean(step.invocation.tool)) (okikctl actions approve \(shortID(plan.id)))")
            }
        }
        for action in report.recentActions.prefix(20) {
            add(action.namespace, action.targets ?? action.tool,
                "\(terminal.dim(timestamp(action.startedAt))) " + clean("\(action.tool) by \(action.actor): \(action.status.rawValue)"))
        }
        for entry in report.quarantined {
            add(entry.namespace, "Deployment/\(entry.name)", terminal.magenta("quarantined") + (entry.reason.map { ": \(oneLine($0, max: 80))" } ?? ""))
        }
        var lines = [header(report), ""]
        if tree.isEmpty { lines.append(terminal.green("No problems, plans or recent actions.")) }
        for namespace in tree.keys.sorted() {
            lines.append(terminal.bold(clean(namespace)))
            let workloads = tree[namespace] ?? [:]
            let names = workloads.keys.sorted()
            for (index, workload) in names.enumerated() {
                let last = index == names.count - 1
                lines.append((last ? "└─ " : "├─ ") + clean(workload))
                for item in workloads[workload] ?? [] { lines.append((last ? "   " : "│  ") + "  " + item) }
            }
        }
        return lines.joined(separator: "\n")
    }

    private func colour(score: Int) -> String {
        score >= 90 ? terminal.green("\(score)") : score >= 70 ? terminal.yellow("\(score)") : terminal.red("\(score)")
    }
}
