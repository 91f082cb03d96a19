import Foundation

/// One event of a chat turn, streamed as it happens: model text, each tool call's start, the gate's decision and its
/// result, plans queued, errors, and finally the answer.
public enum ChatSessionEvent: Sendable, Hashable {
    /// What the gate did with one tool call.
    public enum Decision: Sendable, Hashable {
        /// It ran.
        case executed
        /// It ran and failed (the message says why).
        case failed(String)
        /// It waits for a person's approval as a plan; nothing ran.
        case queued(planID: UUID)
        /// The gate or the guards refused it.
        case denied(reason: String)
        /// Its arguments were garbled or invalid, or the tool is unknown; nothing ran.
        case invalid(reason: String)
    }

    /// A piece of the answer's Markdown.
    case textDelta(String)
    /// The model started a tool call (its provider id and the tool's name).
    case toolCallStarted(callID: String, tool: String)
    /// The gate decided a tool call, made as the chat's person.
    case toolCallDecided(callID: String, invocation: ToolInvocation, decision: Decision)
    /// A tool call is done; `result` is the bounded, redacted text the model reads.
    case toolCallFinished(callID: String, tool: String, result: String, isError: Bool)
    /// A plan waits for approval.
    case planQueued(UUID)
    /// Something went wrong; the turn goes on (offline, when the model failed).
    case error(String)
    /// The turn is over: the whole answer.
    case done(ChatAnswer)
}

extension ChatSessionEvent.Decision {
    /// Whether the model should read the result as an error (the call failed or could not be made).
    var isError: Bool {
        switch self {
        case .failed, .invalid: true
        case .executed, .queued, .denied: false
        }
    }

    /// The decision in a few words, for Markdown.
    var summary: String {
        switch self {
        case .executed: "ran"
        case .failed(let message): "failed: \(OfflineChat.cell(message))"
        case .queued(let planID): "queued as plan `\(planID)`"
        case .denied(let reason): "denied: \(OfflineChat.cell(reason))"
        case .invalid(let reason): "not run: \(OfflineChat.cell(reason))"
        }
    }
}
