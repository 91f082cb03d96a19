import Foundation

/// Why a chat session cannot be started, resumed or written.
public struct ChatSessionError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Sendable, Hashable {
        case notAPerson
        case unknownSession
        case sessionExists
        case sequenceConflict
        case notYourSession
    }

    private let code: Code
    /// What went wrong, in words.
    public let message: String
    /// The session concerned, if any.
    public let sessionID: UUID?

    private init(_ code: Code, _ message: String, sessionID: UUID? = nil) {
        self.code = code
        self.message = message
        self.sessionID = sessionID
    }

    /// Chat is for people: the caller is not of kind `human` with a name.
    public static func notAPerson(_ caller: Caller) -> ChatSessionError {
        ChatSessionError(
            .notAPerson, "a chat session is for a person (a human caller with a name), not \(caller.description)")
    }

    /// No session has this id.
    public static func unknownSession(_ id: UUID) -> ChatSessionError {
        ChatSessionError(.unknownSession, "there is no chat session with id \(id)", sessionID: id)
    }

    /// A session with this id exists already.
    public static func sessionExists(_ id: UUID) -> ChatSessionError {
        ChatSessionError(.sessionExists, "a chat session with id \(id) exists already", sessionID: id)
    }

    /// Another writer stored a message at the same position of the session first.
    public static func sequenceConflict(_ id: UUID, sequence: Int) -> ChatSessionError {
        ChatSessionError(
            .sequenceConflict, "chat session \(id) already has a message at position \(sequence) (resumed twice?)",
            sessionID: id)
    }

    /// The session belongs to another person.
    public static func notYourSession(_ id: UUID, owner: Caller, caller: Caller) -> ChatSessionError {
        ChatSessionError(
            .notYourSession, "chat session \(id) belongs to \(owner.description), not \(caller.description)",
            sessionID: id)
    }

    /// A short stable label for metrics and logs.
    public var shortDescription: String {
        switch code {
        case .notAPerson: "notAPerson"
        case .unknownSession: "unknownSession"
        case .sessionExists: "sessionExists"
        case .sequenceConflict: "sequenceConflict"
        case .notYourSession: "notYourSession"
        }
    }

    /// The message.
    public var description: String { message }
}
