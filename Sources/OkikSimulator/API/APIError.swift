import OkikKubeClient

/// An error the simulated API server answers with: an HTTP code and a Kubernetes `Status` body, built with the
/// same reasons and message forms as `k8s.io/apimachinery/pkg/api/errors`.
public struct APIError: Error, Sendable {
    /// The Status body.
    public var status: Status
    /// Seconds for the `Retry-After` header.
    public var retryAfterSeconds: Int?

    /// The HTTP code.
    public var code: Int { status.code ?? 500 }

    init(code: Int, reason: String, message: String, details: StatusDetails? = nil, retryAfterSeconds: Int? = nil) {
        self.status = Status(status: "Failure", message: message, reason: reason, details: details, code: code)
        self.retryAfterSeconds = retryAfterSeconds
    }

    static func notFound(_ definition: ResourceDefinition, _ name: String) -> APIError {
        APIError(
            code: 404, reason: "NotFound", message: "\(definition.qualifiedName) \"\(name)\" not found",
            details: StatusDetails(name: name, group: definition.group, kind: definition.plural))
    }

    static func alreadyExists(_ definition: ResourceDefinition, _ name: String) -> APIError {
        APIError(
            code: 409, reason: "AlreadyExists", message: "\(definition.qualifiedName) \"\(name)\" already exists",
            details: StatusDetails(name: name, group: definition.group, kind: definition.plural))
    }

    static func conflict(_ definition: ResourceDefinition, _ name: String) -> APIError {
        APIError(
            code: 409, reason: "Conflict",
            message:
                "Operation cannot be fulfilled on \(definition.qualifiedName) \"\(name)\": the object has been modified; please apply your changes to the latest version and try again",
            details: StatusDetails(name: name, group: definition.group, kind: definition.plural))
    }

    static func invalid(_ definition: ResourceDefinition, _ name: String, causes: [StatusCause]) -> APIError {
        let summary = causes.map { cause in
            [cause.field, cause.message].compactMap { $0 }.joined(separator: ": ")
        }
        let joined = summary.count == 1 ? summary[0] : "[" + summary.joined(separator: ", ") + "]"
        return APIError(
            code: 422, reason: "Invalid", message: "\(definition.qualifiedKind) \"\(name)\" is invalid: \(joined)",
            details: StatusDetails(name: name, group: definition.group, kind: definition.kind, causes: causes))
    }

    /// The 422 for invalid write options (`dryRun`, `fieldValidation`): `CreateOptions.meta.k8s.io "" is invalid: ...`.
    static func invalidOptions(_ kind: String, causes: [StatusCause]) -> APIError {
        let summary = causes.map { cause in [cause.field, cause.message].compactMap { $0 }.joined(separator: ": ") }
        let joined = summary.count == 1 ? summary[0] : "[" + summary.joined(separator: ", ") + "]"
        return APIError(
            code: 422, reason: "Invalid", message: "\(kind).meta.k8s.io \"\" is invalid: \(joined)",
            details: StatusDetails(group: "meta.k8s.io", kind: kind, causes: causes))
    }

    static func badRequest(_ message: String) -> APIError {
        APIError(code: 400, reason: "BadRequest", message: message)
    }

    static func methodNotAllowed(_ action: String, _ definition: ResourceDefinition) -> APIError {
        APIError(
            code: 405, reason: "MethodNotAllowed",
            message: "\(action) is not supported on resources of kind \"\(definition.qualifiedName)\"")
    }

    static func gone(_ message: String) -> APIError {
        APIError(code: 410, reason: "Expired", message: message)
    }

    static func unsupportedMediaType(_ contentType: String) -> APIError {
        APIError(
            code: 415, reason: "UnsupportedMediaType",
            message: "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got \(contentType))")
    }

    static func tooLarge(limit: Int) -> APIError {
        APIError(code: 413, reason: "RequestEntityTooLarge", message: "Request entity too large: limit is \(limit)")
    }

    static func serviceUnavailable(_ message: String) -> APIError {
        APIError(code: 503, reason: "ServiceUnavailable", message: message)
    }

    static func pathNotFound() -> APIError {
        APIError(code: 404, reason: "NotFound", message: "the server could not find the requested resource")
    }

    static func internalError(_ message: String) -> APIError {
        APIError(code: 500, reason: "InternalError", message: "Internal error occurred: \(message)")
    }

    static func tooManyRequests(_ message: String, retryAfter: Int) -> APIError {
        APIError(
            code: 429, reason: "TooManyRequests", message: message,
            details: StatusDetails(retryAfterSeconds: retryAfter), retryAfterSeconds: retryAfter)
    }

    static func unauthorized() -> APIError {
        APIError(code: 401, reason: "Unauthorized", message: "Unauthorized")
    }

    static func forbidden(_ message: String) -> APIError {
        APIError(code: 403, reason: "Forbidden", message: message)
    }
}
