import ArgumentParser
import Foundation
import OkikKit

/// A gated tool call for people, and the exit status it means: 0 ran or queued, 1 failed, 3 not found, 4 refused.
/// What the server and the cluster said is sanitised for the terminal before it is styled.
struct ToolRunRenderer {
    let terminal: Terminal

    func render(_ run: ToolRunResponse) -> String {
        let clean = Terminal.sanitise
        let tool = clean(run.tool)
        switch run.outcome {
        case .executed:
            var text = terminal.green("ran") + " \(tool)"
            if let output = run.output {
                text += ": \(clean(output.summary))"
                if output.dryRun { text += " (dry run: nothing changed)" }
                if output.data != [:] && output.data != .null {
                    text += "\n" + clean((try? OutputFormat.yaml.encode(output.data)) ?? output.data.jsonString())
                }
                if output.truncated { text += "\n" + terminal.dim("(truncated to fit; narrow the call to see more)") }
            }
            return text
        case .queued:
            let id = run.plan.map { shortID($0.id) } ?? "?"
            return terminal.yellow("queued") + " \(tool) as plan \(id): \(clean(run.reason))\n"
                + "It has not run. Approve it with: okikctl actions approve \(id)"
        case .denied:
            return terminal.red("refused") + " \(tool): \(clean(run.reason))"
                + (run.retryAfterSeconds.map { " (retry after \($0) s)" } ?? "")
        case .failed:
            return terminal.red("failed") + " \(tool): \(clean(run.error ?? "no detail"))"
        case .invalid:
            return terminal.red("invalid call") + " \(tool): \(clean(run.error ?? "no detail"))"
        }
    }

    /// The exit status of a call.
    static func status(_ run: ToolRunResponse) -> ExitStatus {
        switch run.outcome {
        case .executed, .queued: .success
        case .denied: .refused
        case .failed, .invalid: ["notFound", "NotFound", "unknownTool"].contains(run.errorCode ?? "") ? .notFound : .failure
        }
    }
}

/// Runs one tool through OKIK's gate and prints what happened; exits with the call's status.
func runGated(_ request: ToolRunRequest, options: GlobalOptions) async throws {
    let run = try await OkikSession.with(options, inProcess: true, logger: options.logger("okik.ctl")) {
        try await $0.server.runTool(request)
    }
    try options.show(run) { ToolRunRenderer(terminal: options.terminal).render(run) }
    let status = ToolRunRenderer.status(run)
    if status != .success { throw ExitCode(status.rawValue) }
}
