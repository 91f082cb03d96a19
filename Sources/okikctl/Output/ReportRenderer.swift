import Foundation
import OkikKit

/// Renders optimizer reports, reconcile results and plans as text tables for people. Their text (findings carry
/// annotations, messages and names from the cluster) is sanitised for the terminal before it is styled.
struct ReportRenderer {
    let terminal: Terminal
    /// Show each finding's evidence and proposed calls.
    var details = false
    /// Example findings shown per group of one code and severity.
    var examples = 3

    func severity(_ severity: Severity) -> String {
        let text = pad(severity.rawValue, 8)
        switch severity {
        case .critical: return terminal.bold(terminal.red(text))
        case .high: return terminal.red(text)
        case .medium: return terminal.yellow(text)
        case .low: return terminal.blue(text)
        case .info: return terminal.dim(text)
        }
    }

    func score(_ value: Int, grade: String, width: Int = 0) -> String {
        let text = pad("\(value)/100 (\(grade))", width)
        switch value {
        case 90...: return terminal.green(text)
        case 70..<90: return terminal.yellow(text)
        default: return terminal.red(text)
        }
    }

    func render(_ report: OptimizationReport, title: String) -> String {
        var lines: [String] = []
        let clean = Terminal.sanitise
        lines.append(terminal.bold(clean(title)))
        lines.append(clean("snapshot \(report.snapshotTime) · \(report.namespace.map { "namespace \($0)" } ?? "all namespaces") · \(report.objects["pods"] ?? 0) pods, \(report.objects["nodes"] ?? 0) nodes"))
        lines.append("Score \(score(report.score, grade: report.grade))")
        lines.append("")
        lines.append(terminal.bold("CATEGORY                 SCORE         EVALUATED  CRIT  HIGH  MED   LOW   INFO"))
        for category in report.categories {
            let counts = Severity.allCases.reversed().map { pad(String(category.findings[$0.rawValue] ?? 0), 5) }
            lines.append(
                pad(clean(category.title), 24) + " " + score(category.score, grade: category.grade, width: 13) + " "
                    + pad(String(category.evaluated), 10) + " " + counts.joined(separator: " "))
        }
        lines.append("")
        if report.findings.isEmpty {
            lines.append(terminal.green("No findings."))
        } else {
            let groups = report.groupedFindings(examples: examples)
            lines.append(terminal.bold("FINDINGS (\(report.findings.count) in \(groups.count) groups)"))
            for group in groups {
                let more = group.count - group.examples.count
                lines.append(
                    "\(severity(group.severity)) \(terminal.bold(clean(group.code.description))) \(clean(group.code.title))"
                        + (group.count > 1 ? " · \(group.count) findings" : ""))
                for finding in group.examples {
                    lines.append("         \(clean(finding.message))")
                    lines.append("           \(terminal.dim("→")) \(clean(finding.recommendation))")
                    if details {
                        for (key, value) in finding.evidence.sorted(by: { $0.key < $1.key }) {
                            lines.append("           \(terminal.dim("\(clean(key)):")) \(clean(value))")
                        }
                        for call in finding.proposedCalls {
                            lines.append("           \(terminal.dim(finding.planOnly ? "proposed (plan):" : "proposed:")) \(clean("\(call)"))")
                        }
                    }
                }
                if more > 0 {
                    lines.append(terminal.dim("         … and \(more) more like these (-o json lists every finding)"))
                }
            }
        }
        let skipped = report.categories.flatMap(\.skipped)
        if !skipped.isEmpty {
            lines.append("")
            lines.append(terminal.dim(clean("not run: " + skipped.joined(separator: "; "))))
        }
        for diagnostic in report.diagnostics {
            lines.append(terminal.yellow(clean("note: \(diagnostic)")))
        }
        return lines.joined(separator: "\n")
    }

    func render(_ reconcile: ReconcileReport) -> String {
        guard !reconcile.actions.isEmpty else { return "Reconcile: no finding proposes a safe fix." }
        var lines = [terminal.bold("RECONCILE (\(reconcile.actions.count) calls through the gatekeeper)")]
        for action in reconcile.actions {
            lines.append("\(outcome(action.outcome)) \(Terminal.sanitise("\(action.call)"))")
            lines.append("         \(terminal.dim("→")) \(Terminal.sanitise(action.message))")
        }
        return lines.joined(separator: "\n")
    }

    func outcome(_ outcome: CallOutcome) -> String {
        let text = pad(outcome.rawValue, 8)
        switch outcome {
        case .executed: return terminal.green(text)
        case .queued: return terminal.yellow(text)
        case .denied, .failed, .invalid: return terminal.red(text)
        }
    }
}
