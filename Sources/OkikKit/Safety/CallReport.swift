import Foundation
import OkikKubeClient

/// A failed run: a stable code and a message.
public struct ToolFailure: Sendable, Hashable, Codable, CustomStringConvertible {
    /// `notFound`, `Conflict`, `precondition`, ... (a ``ToolError`` or ``OkikKubeClient/KubeError`` code).
    public var code: String
    /// What went wrong.
    public var message: String
    /// What the call had changed before it failed (a write of several steps); nil when it changed nothing.
    public var applied: [String]?

    /// Describes an error.
    public init(_ error: any Error) {
        if let partial = error as? PartlyAppliedError {
            let cause = ToolFailure(partial.underlying)
            code = cause.code
            message = partial.description
            applied = partial.applied
            return
        }
        switch error {
        case let error as ToolError:
            code = error.code.description
            message = error.message
        case let error as KubeError:
            code = error.code.description
            message = error.description
        default:
            code = "error"
            message = "\(error)"
        }
    }

    /// A readable form.
    public var description: String { message }
}

/// What happened to one call.
public struct CallReport: Sendable {
    /// The outcome.
    public enum Outcome: Sendable {
        /// It ran.
        case executed(ToolOutput)
        /// It ran and failed.
        case failed(ToolFailure)
        /// It was queued in a plan.
        case queued(ActionPlan)
        /// It was refused.
        case denied(reason: String, retryAfter: Duration?)
        /// Its input was invalid (or the tool unknown).
        case invalid(ToolError)
    }

    /// The call's id in the audit.
    public var callID: UUID
    /// The call.
    public var invocation: ToolInvocation
    /// The gate decision.
    public var decision: GateDecision
    /// What happened.
    public var outcome: Outcome

    /// A text for a model: the output, or what happened instead.
    public var textForModel: String {
        switch outcome {
        case .executed(let output): output.textForModel
        case .failed(let failure): "The call failed: \(Redactor.standard.redact(failure.message))"
        case .queued(let plan): "Queued for human approval as plan \(plan.id) (\(decision.reason)). It has not run."
        case .denied(let reason, let retryAfter):
            "Denied: \(reason)" + (retryAfter.map { " (retry after \(Int($0.timeInterval.rounded(.up)))s)" } ?? "")
        case .invalid(let error): "Invalid call: \(Redactor.standard.redact(error.message))"
        }
    }
}

/// The result of proposing a plan.
public struct ProposalReport: Sendable {
    /// The queued plan, or nil when refused.
    public var plan: ActionPlan?
    /// Why it was refused.
    public var refusals: [String]
}

/// The result of an approval.
public struct PlanReport: Sendable {
    /// The plan as it stands now.
    public var plan: ActionPlan
    /// True when this approval ran the steps; false for a repeated approval.
    public var ranNow: Bool
    /// What happened.
    public var message: String
}
