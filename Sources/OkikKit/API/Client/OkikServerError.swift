import Foundation

/// Why a call to okik-server failed: the server's JSON error (with its status), an answer that is not what the
/// route promises, or no answer at all.
public struct OkikServerError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Hashable {
        /// The server answered with an error status and (usually) its JSON error body.
        case refused(status: Int, body: APIErrorBody?)
        /// The answer could not be read as the route's type.
        case undecodable(status: Int, detail: String)
        /// The server could not be reached, or the connection broke.
        case unreachable(detail: String)
    }

    /// What went wrong.
    public var kind: Kind
    /// The request, as `METHOD /path`.
    public var request: String

    /// Creates an error.
    public init(_ kind: Kind, request: String) {
        self.kind = kind
        self.request = request
    }

    /// The HTTP status, when the server answered.
    public var status: Int? {
        switch kind {
        case .refused(let status, _), .undecodable(let status, _): status
        case .unreachable: nil
        }
    }

    /// The server's error body, when it sent one.
    public var body: APIErrorBody? {
        if case .refused(_, let body) = kind { return body }
        return nil
    }

    /// `POST /actions/approve/…: 409 conflict: the plan expired` and the like.
    public var description: String {
        switch kind {
        case .refused(let status, let body?):
            "\(request): \(status) \(body.error): \(body.message)\(body.field.map { " (field \($0))" } ?? "")"
        case .refused(let status, nil):
            "\(request): HTTP \(status)"
        case .undecodable(let status, let detail):
            "\(request): HTTP \(status) with an answer OKIK cannot read: \(detail)"
        case .unreachable(let detail):
            "\(request): okik-server cannot be reached: \(detail)"
        }
    }
}
