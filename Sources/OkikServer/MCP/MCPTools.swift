import Foundation
import MCP
import OkikKit

/// The tool registry as MCP tools, and one MCP tool call through the gate: the same path as POST /tools/run, the
/// answer built from the same redacted ``ToolRunResponse``.
enum MCPTools {
    /// Every tool of the registry with its JSON Schema. The listing is informative: what a call does is decided by the
    /// gate when it is made, at the level in force then.
    static func list(runtime: OkikRuntime) async throws -> [MCP.Tool] {
        let level = try await runtime.executor.controls.refresh().level
        return runtime.executor.registry.descriptors.sorted { $0.name < $1.name }.map { tool in
            MCP.Tool(
                name: tool.name, description: description(tool, level: level),
                inputSchema: MCP.Value(tool.inputSchema.json), annotations: annotations(tool.package))
        }
    }

    /// Runs one call through the gate as `caller` and turns its report into a tool result. An unknown tool is a
    /// protocol error (-32602) after the gate has audited it; everything else, refusals included, is a result.
    /// - Throws: `MCPError.invalidParams` for an unknown tool, or an audit store failure.
    static func call(_ parameters: CallTool.Parameters, caller: Caller, runtime: OkikRuntime) async throws -> CallTool.Result {
        let arguments = OkikKubeClient.JSONValue.object((parameters.arguments ?? [:]).mapValues { OkikKubeClient.JSONValue($0) })
        let report = try await runtime.executor.execute(
            ToolInvocation(tool: parameters.name, arguments: arguments), caller: caller, rationale: nil)
        let response = ToolRunResponse(report)
        if case .invalid(let error) = report.outcome, error.code == .unknownTool {
            throw MCPError.invalidParams(Redactor.standard.redact(error.message))
        }
        return try result(response, report: report)
    }

    /// The tool result for a call: its text for a model, the redacted ``ToolRunResponse`` as structured content, and
    /// `isError` when the call was refused, invalid or failed (a queued call is not an error: it waits for a person).
    /// - Throws: when the response cannot be encoded.
    static func result(_ response: ToolRunResponse, report: CallReport) throws -> CallTool.Result {
        let text: String
        let isError: Bool
        switch report.outcome {
        case .executed:
            text = report.textForModel
            isError = false
        case .queued:
            text = queuedText(response)
            isError = false
        case .denied:
            text = "Refused by OKIK's gate: \(response.reason)"
                + (response.retryAfterSeconds.map { " (retry after \($0)s)" } ?? "") + ". Nothing ran."
            isError = true
        case .failed:
            text = "The call ran and failed: \(response.error ?? "unknown error")"
            isError = true
        case .invalid:
            text = "Invalid call (\(response.errorCode ?? "invalid")): \(response.error ?? "the input was refused"). Nothing ran."
            isError = true
        }
        let structured: MCP.Value? = try MCP.Value.api(response)
        return CallTool.Result(
            content: [.text(text: Redactor.standard.redact(text), annotations: nil, _meta: nil)],
            structuredContent: structured, isError: isError)
    }

    /// What a queued call says: the plan's id, why it waits, its dry-run preview, and how a person approves it.
    static func queuedText(_ response: ToolRunResponse) -> String {
        guard let plan = response.plan else { return "Queued for approval: \(response.reason). It has not run." }
        var lines = [
            "Queued for human approval as plan \(plan.id.uuidString) (\(response.reason)). It has not run.",
        ]
        for step in plan.steps {
            guard let preview = step.preview else { continue }
            if let summary = preview.summary { lines.append("Preview (server-side dry run) of \(step.invocation.tool): \(summary)") }
            if let error = preview.error { lines.append("Preview of \(step.invocation.tool) failed: \(error)") }
            if let data = preview.data { lines.append(UntrustedFence.neutralize(data.jsonString())) }
        }
        lines.append(
            "A person approves it with `okikctl actions approve \(plan.id.uuidString)` (or POST /actions/approve/"
                + "\(plan.id.uuidString)); it expires at \(plan.expiresAt.formatted(.iso8601)).")
        return lines.joined(separator: "\n")
    }

    /// The tool's own description, then its risk package and what the gate does with it at the level in force.
    static func description(_ tool: ToolDescriptor, level: AutonomyLevel) -> String {
        let now: String
        if level == .l0 {
            now = "at \(level) (\(level.title)) no tool runs"
        } else if level.executesWithoutApproval(tool.package) {
            now = "at \(level) (\(level.title)) it runs when the gate allows it"
        } else {
            now = "at \(level) (\(level.title)) a call is queued as a plan for a person to approve"
        }
        return "\(tool.description)\n\nOKIK package: \(tool.package.rawValue) (risk \(tool.package.risk)). "
            + "OKIK's gate decides every call when it is made; \(now). Protected namespaces are never written."
    }

    /// Hints for clients (never trusted by OKIK, whose gate enforces the declared package).
    static func annotations(_ package: ToolPackage) -> MCP.Tool.Annotations {
        MCP.Tool.Annotations(
            readOnlyHint: package == .observe, destructiveHint: package.isWrite ? package >= .restart : nil,
            openWorldHint: false)
    }
}
