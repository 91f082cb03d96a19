import Foundation

/// An error from the Kubernetes API or from talking to it, carrying the API's `Status` when there is one.
///
/// Compare with the static codes: `if error.code == .notFound { ... }`.
public struct KubeError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure; stable, for `switch`-like checks and metrics labels.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// 400 BadRequest.
        public static let badRequest = Code("BadRequest")
        /// 401: no or wrong credentials.
        public static let unauthorized = Code("Unauthorized")
        /// 403: credentials lack permission.
        public static let forbidden = Code("Forbidden")
        /// 404: the object or resource does not exist.
        public static let notFound = Code("NotFound")
        /// 405: the verb is not supported on this resource.
        public static let methodNotAllowed = Code("MethodNotAllowed")
        /// 409 on create: the name is taken.
        public static let alreadyExists = Code("AlreadyExists")
        /// 409 otherwise: stale resourceVersion or a server-side apply conflict.
        public static let conflict = Code("Conflict")
        /// 410: the resourceVersion or continue token expired.
        public static let gone = Code("Gone")
        /// 413: the request body is too large.
        public static let requestEntityTooLarge = Code("RequestEntityTooLarge")
        /// 415: the patch or body type is not supported here.
        public static let unsupportedMediaType = Code("UnsupportedMediaType")
        /// 422: the object failed validation.
        public static let invalid = Code("Invalid")
        /// 429: throttled; see ``KubeError/retryAfterSeconds``.
        public static let tooManyRequests = Code("TooManyRequests")
        /// 429 from an eviction that a PodDisruptionBudget refused.
        public static let disruptionBudget = Code("DisruptionBudget")
        /// 5xx: the server failed.
        public static let serverError = Code("ServerError")
        /// 504 or a client-side timeout.
        public static let timeout = Code("Timeout")
        /// The connection failed (refused, reset, TLS handshake, DNS).
        public static let transport = Code("Transport")
        /// The response could not be decoded.
        public static let decoding = Code("Decoding")
        /// Obtaining credentials failed (exec plugin, token file).
        public static let credentials = Code("Credentials")
        /// The request could not be built (bad name, bad argument).
        public static let invalidRequest = Code("InvalidRequest")
        /// The client only sends dry runs (``KubeClient/dryRunOnly()``) and refused a real write.
        public static let writeRefused = Code("WriteRefused")
        /// Another HTTP status with no known mapping.
        public static let unexpectedStatus = Code("UnexpectedStatus")
    }

    /// The kind of failure.
    public let code: Code
    /// The HTTP status code, when a response was received.
    public let httpStatus: Int?
    /// The API's Status object, when the response carried one.
    public let status: Status?
    /// A message a person can act on.
    public let message: String
    /// Seconds the server asked the client to wait, from `Retry-After` or `details.retryAfterSeconds`.
    public let retryAfterSeconds: Int?
    /// The underlying error, when one caused this (a decoding or connection error).
    public let underlying: (any Error & Sendable)?

    /// Creates an error.
    public init(
        code: Code, message: String, httpStatus: Int? = nil, status: Status? = nil, retryAfterSeconds: Int? = nil,
        underlying: (any Error & Sendable)? = nil
    ) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.status = status
        self.retryAfterSeconds = retryAfterSeconds
        self.underlying = underlying
    }

    /// A stable short name, for metrics labels.
    public var shortDescription: String { code.description }

    public var description: String {
        if let httpStatus { return "\(message) (\(code), HTTP \(httpStatus))" }
        return "\(message) (\(code))"
    }

    /// True for failures worth retrying on an idempotent request: throttling, 5xx, timeouts, broken connections.
    public var isRetryable: Bool {
        code == .tooManyRequests || code == .serverError || code == .timeout || code == .transport
    }

    /// Builds the error for an HTTP response, using the Status body when it has one (as client-go does).
    public static func fromResponse(
        httpStatus: Int, body: [UInt8], method: String, retryAfterHeader: Int?, resource: GroupVersionResource?,
        name: String?
    ) -> KubeError {
        let status = try? KubeJSON.decoder.decode(Status.self, from: Data(body))
        let validStatus = (status?.code != nil || status?.reason != nil) ? status : nil
        let reason = validStatus?.reason ?? ""
        let retryAfter = retryAfterHeader ?? validStatus?.details?.retryAfterSeconds
        let code: Code
        switch (httpStatus, reason) {
        case (401, _): code = .unauthorized
        case (403, _): code = .forbidden
        case (404, _): code = .notFound
        case (405, _): code = .methodNotAllowed
        case (409, "AlreadyExists"): code = .alreadyExists
        case (409, ""): code = method == "POST" ? .alreadyExists : .conflict
        case (409, _): code = .conflict
        case (410, _): code = .gone
        case (413, _): code = .requestEntityTooLarge
        case (415, _): code = .unsupportedMediaType
        case (422, _): code = .invalid
        case (429, _):
            let budget = validStatus?.details?.causes?.contains { $0.reason == "DisruptionBudget" } == true
                || validStatus?.message?.contains("disruption budget") == true
            code = budget ? .disruptionBudget : .tooManyRequests
        case (504, _): code = .timeout
        case (400, _): code = .badRequest
        case (500..<600, _): code = .serverError
        default: code = .unexpectedStatus
        }
        var message = validStatus?.message ?? ""
        if message.isEmpty {
            let what = resource.map { gvr in name.map { "\(gvr.qualifiedResource) \"\($0)\"" } ?? gvr.qualifiedResource }
            switch code {
            case .notFound: message = what.map { "\($0) not found" } ?? "the server could not find the requested resource"
            case .tooManyRequests:
                message = "the server has received too many requests and has asked us to try again later"
            case .unauthorized: message = "Unauthorized: the server rejected the credentials"
            case .forbidden: message = "forbidden" + (what.map { ": \($0)" } ?? "")
            default:
                let text = String(decoding: body.prefix(300), as: UTF8.self)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                let looksLikeHTML = text.lowercased().hasPrefix("<")
                message = "the server responded with HTTP \(httpStatus)"
                    + (text.isEmpty || looksLikeHTML ? "" : ": \(text)")
            }
        }
        return KubeError(
            code: code, message: message, httpStatus: httpStatus, status: validStatus, retryAfterSeconds: retryAfter)
    }
}

extension KubeError {
    /// Whether this error means the object does not exist.
    public var isNotFound: Bool { code == .notFound }
    /// Whether this error is a 409 (stale version, apply conflict or name taken).
    public var isConflict: Bool { code == .conflict || code == .alreadyExists }
}
