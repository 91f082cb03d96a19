import Foundation
import OkikKubeClient

/// POST /tools/run: one tool call, made by the person holding the token, through the gate like any other caller's.
public struct ToolRunRequest: APIRequest, Hashable {
    /// The members.
    public static let fieldNames: Set<String> = ["tool", "arguments", "rationale"]
    /// The tool's snake_case name.
    public var tool: String
    /// Its arguments (an object; `{}` when omitted).
    public var arguments: JSONValue?
    /// Why the call is made (kept with a plan when the call is queued).
    public var rationale: String?

    /// Creates a body.
    public init(tool: String, arguments: JSONValue? = nil, rationale: String? = nil) {
        self.tool = tool
        self.arguments = arguments
        self.rationale = rationale
    }
}

/// POST /tools/run: what the gate did with the call and, when it ran, the tool's (redacted) output.
public struct ToolRunResponse: Codable, Sendable, Hashable {
    /// The call's id in the audit (`GET /audit/actions/{id}`).
    public var callID: UUID
    /// The tool.
    public var tool: String
    /// The gate's decision.
    public var decision: GateDecision.Kind
    /// Why the gate decided so.
    public var reason: String
    /// What happened.
    public var outcome: CallOutcome
    /// The tool's output (redacted), when it ran.
    public var output: ToolOutput?
    /// Why it failed, or why its input was refused.
    public var error: String?
    /// The failure's stable code (`notFound`, `unknownTool`, `missingField`, ...), with ``error``.
    public var errorCode: String?
    /// The plan it waits in, when it was queued.
    public var plan: ActionPlan?
    /// Seconds to wait before trying again, when a rate limit refused it.
    public var retryAfterSeconds: Int?

    /// Creates a body.
    public init(
        callID: UUID, tool: String, decision: GateDecision.Kind, reason: String, outcome: CallOutcome,
        output: ToolOutput? = nil, error: String? = nil, plan: ActionPlan? = nil, retryAfterSeconds: Int? = nil
    ) {
        self.callID = callID
        self.tool = tool
        self.decision = decision
        self.reason = reason
        self.outcome = outcome
        self.output = output
        self.error = error
        self.plan = plan
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// The body for an executor's report; the output is redacted again, whatever was done before.
    public init(_ report: CallReport) {
        self.init(
            callID: report.callID, tool: report.invocation.tool, decision: report.decision.kind,
            reason: report.decision.reason, outcome: CallOutcome(report.outcome))
        switch report.outcome {
        case .executed(let output): self.output = Redactor.standard.redact(output)
        case .failed(let failure):
            error = Redactor.standard.redact(failure.message)
            errorCode = failure.code
        case .queued(let plan): self.plan = plan.redacted()
        case .denied(_, let retryAfter): retryAfterSeconds = retryAfter.map { Int($0.timeInterval.rounded(.up)) }
        case .invalid(let failure):
            error = Redactor.standard.redact(failure.message)
            errorCode = failure.code.description
        }
    }
}
