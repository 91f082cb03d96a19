import Foundation
import HTTPTypes
import Hummingbird
import OkikKit

/// An API failure with its status and JSON body (``APIErrorBody``).
public struct ServerError: Error, Sendable, HTTPResponseError, CustomStringConvertible {
    /// The HTTP status.
    public let status: HTTPResponse.Status
    /// The body.
    public let body: APIErrorBody
    /// Extra headers (`WWW-Authenticate` on a 401).
    public let headers: HTTPFields

    private init(_ status: HTTPResponse.Status, _ code: String, _ message: String, field: String? = nil, headers: HTTPFields = [:]) {
        self.status = status
        self.body = APIErrorBody(error: code, message: message, field: field)
        self.headers = headers
    }

    /// `error: message`.
    public var description: String { "\(body.error): \(body.message)" }

    /// 401: no token, or one the server does not know.
    public static func unauthorized(_ message: String) -> ServerError {
        ServerError(.unauthorized, "unauthorized", message, headers: [.wwwAuthenticate: "Bearer realm=\"okik\""])
    }

    /// 403: the token's role is below the route's.
    public static func forbidden(_ message: String) -> ServerError { ServerError(.forbidden, "forbidden", message) }

    /// 404: no such route or object.
    public static func notFound(_ message: String) -> ServerError { ServerError(.notFound, "not_found", message) }

    /// 400: the request is malformed; `field` names the member at fault.
    public static func badRequest(_ message: String, field: String? = nil) -> ServerError {
        ServerError(.badRequest, "bad_request", message, field: field)
    }

    /// 409: the object's state does not allow it now.
    public static func conflict(_ message: String) -> ServerError { ServerError(.conflict, "conflict", message) }

    /// 409 `no_agent`: the change needs an agent, and none runs (watchdog mode, or no model configured).
    public static func noAgent(_ message: String) -> ServerError { ServerError(.conflict, "no_agent", message) }

    /// 503 `unavailable` with `Retry-After`: the server is at a limit; try again after `retryAfter` seconds.
    public static func unavailable(_ message: String, retryAfter: Int) -> ServerError {
        ServerError(.serviceUnavailable, "unavailable", message, headers: [.retryAfter: "\(retryAfter)"])
    }

    /// 413: the body is over the limit.
    public static func payloadTooLarge(limit: Int) -> ServerError {
        ServerError(.contentTooLarge, "payload_too_large", "the request body is larger than \(limit) bytes")
    }

    /// Any other status Hummingbird raised (405, ...).
    public static func http(_ status: HTTPResponse.Status, message: String?) -> ServerError {
        let code = status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_")
        return ServerError(status, code.isEmpty ? "http_\(status.code)" : code, message ?? status.reasonPhrase)
    }

    /// 500: the message never carries the cause (which is logged instead).
    public static let `internal` = ServerError(.internalServerError, "internal", "the server failed to answer; see its log")

    /// Renders the JSON body.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try JSONBody.response(body, status: status)
        for field in headers { response.headers.append(field) }
        return response
    }
}
