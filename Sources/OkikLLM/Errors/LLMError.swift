/// An error from a chat model that a person can act on.
///
/// Compare with the static members to branch on the kind (`error == .rateLimited`); the properties carry the
/// context (HTTP status, the provider's message, how long to wait). The provider's message is scrubbed of API
/// keys before it is stored, so no key ever appears in ``description``.
public struct LLMError: Error, Sendable {
    private enum Code: String, Sendable, Hashable {
        case authentication = "authentication"
        case permissionDenied = "permission_denied"
        case notFound = "not_found"
        case rateLimited = "rate_limited"
        case quotaExceeded = "quota_exceeded"
        case contextTooLong = "context_too_long"
        case overloaded = "overloaded"
        case serverError = "server_error"
        case invalidRequest = "invalid_request"
        case malformedReply = "malformed_reply"
        case streamInterrupted = "stream_interrupted"
        case timeout = "timeout"
        case connectionFailed = "connection_failed"
        case missingAPIKey = "missing_api_key"
        case invalidConfiguration = "invalid_configuration"
    }

    private var code: Code
    /// The provider that answered, when a request was made.
    public var provider: LLMProvider?
    /// The HTTP status of the failed response, if there was one.
    public var statusCode: Int?
    /// The provider's error message (keys scrubbed, at most 500 characters) or OkikLLM's explanation.
    public var message: String?
    /// The provider's error type or code, e.g. `rate_limit_error`, `insufficient_quota`.
    public var providerErrorType: String?
    /// The request parameter the provider objected to (OpenAI `param`), if named.
    public var parameter: String?
    /// The provider's request id (`x-request-id`, `request-id`), to quote to their support.
    public var requestID: String?
    /// How long the provider asked us to wait before trying again (`retry-after-ms`, `retry-after`).
    public var retryAfter: Duration?
    /// The lower-level error (transport, decoding), if any.
    public var underlying: (any Error)?
    /// Set when trying again cannot help although the kind usually may (a refused connection).
    var isFinal = false

    private init(_ code: Code, message: String? = nil) {
        self.code = code
        self.message = message.map(LLMError.bounded)
    }

    private static func bounded(_ text: String) -> String {
        text.count > 500 ? String(text.prefix(500)) + "…" : text
    }

    /// The API key was missing, wrong or revoked (HTTP 401).
    public static let authentication = LLMError(.authentication)
    /// The key may not use this model or resource (HTTP 403).
    public static let permissionDenied = LLMError(.permissionDenied)
    /// The model or endpoint does not exist (HTTP 404); check the model id and base URL.
    public static let notFound = LLMError(.notFound)
    /// Too many requests (HTTP 429); ``retryAfter`` says how long to wait.
    public static let rateLimited = LLMError(.rateLimited)
    /// The account has no credit or quota left (OpenAI `insufficient_quota`, Anthropic `billing_error`).
    public static let quotaExceeded = LLMError(.quotaExceeded)
    /// The prompt does not fit the model's context window (or the request is too large).
    public static let contextTooLong = LLMError(.contextTooLong)
    /// The provider is overloaded (Anthropic 529 or `overloaded_error`, OpenAI 503).
    public static let overloaded = LLMError(.overloaded)
    /// The provider failed (HTTP 5xx).
    public static let serverError = LLMError(.serverError)
    /// The provider rejected the request (HTTP 400 and other 4xx); ``message`` says why.
    public static let invalidRequest = LLMError(.invalidRequest)
    /// The reply could not be understood: not JSON, an HTML page from a proxy, or missing fields.
    public static let malformedReply = LLMError(.malformedReply)
    /// The streamed reply stopped before its finish event.
    public static let streamInterrupted = LLMError(.streamInterrupted)
    /// The request took longer than the configured timeout.
    public static let timeout = LLMError(.timeout)
    /// No connection could be made or it broke before a reply arrived.
    public static let connectionFailed = LLMError(.connectionFailed)
    /// No API key is configured for a provider that needs one.
    public static let missingAPIKey = LLMError(.missingAPIKey)
    /// The configuration is invalid (unknown provider, bad URL, unreadable file).
    public static let invalidConfiguration = LLMError(.invalidConfiguration)

    /// The request was rejected; `message` says why.
    public static func invalidRequest(message: String) -> LLMError { LLMError(.invalidRequest, message: message) }
    /// The reply could not be understood; `message` says what was wrong.
    public static func malformedReply(message: String) -> LLMError { LLMError(.malformedReply, message: message) }
    /// The stream stopped early; `message` says where.
    public static func streamInterrupted(message: String) -> LLMError {
        LLMError(.streamInterrupted, message: message)
    }
    /// The request timed out; `message` says which limit.
    public static func timeout(message: String) -> LLMError { LLMError(.timeout, message: message) }
    /// The connection failed; `message` says how.
    public static func connectionFailed(message: String) -> LLMError {
        LLMError(.connectionFailed, message: message)
    }
    /// Too many requests; wait `retryAfter` when given.
    public static func rateLimited(retryAfter: Duration?, message: String? = nil) -> LLMError {
        var error = LLMError(.rateLimited, message: message)
        error.retryAfter = retryAfter
        return error
    }
    /// The provider is overloaded.
    public static func overloaded(message: String?) -> LLMError { LLMError(.overloaded, message: message) }
    /// No key for `provider`; `message` names the variable or setting to use.
    public static func missingAPIKey(message: String) -> LLMError { LLMError(.missingAPIKey, message: message) }
    /// The configuration is invalid; `message` says what.
    public static func invalidConfiguration(message: String) -> LLMError {
        LLMError(.invalidConfiguration, message: message)
    }

    /// Builds an error from a provider's error reply.
    static func fromProvider(
        kind: LLMError,
        provider: LLMProvider,
        statusCode: Int?,
        message: String?,
        providerErrorType: String?,
        parameter: String? = nil,
        requestID: String?,
        retryAfter: Duration?
    ) -> LLMError {
        var error = LLMError(kind.code, message: message)
        error.provider = provider
        error.statusCode = statusCode
        error.providerErrorType = providerErrorType
        error.parameter = parameter
        error.requestID = requestID
        error.retryAfter = retryAfter
        return error
    }

    /// The same error attributed to `provider`, with an underlying cause.
    func with(provider: LLMProvider?, underlying: (any Error)? = nil) -> LLMError {
        var copy = self
        if copy.provider == nil { copy.provider = provider }
        if let underlying { copy.underlying = underlying }
        return copy
    }

    /// A short, bounded identifier of the kind, for metric labels and logs (e.g. `rate_limited`).
    public var shortDescription: String { code.rawValue }

    /// Whether trying the same request again later may succeed.
    public var isRetryable: Bool {
        if isFinal { return false }
        switch code {
        case .rateLimited, .overloaded, .serverError, .connectionFailed, .streamInterrupted, .timeout:
            return true
        default:
            return false
        }
    }

    /// What a person can do about it.
    public var suggestion: String {
        switch code {
        case .authentication:
            switch provider {
            case .openAICompatible?:
                return "Check the key: OKIK_LLM_API_KEY, or apiKey or apiKeyEnv in the configuration file."
            case .openAI?:
                return "Check the key: OKIK_LLM_API_KEY or OPENAI_API_KEY, or apiKey or apiKeyEnv in the configuration file."
            case .anthropic?:
                return "Check the key: OKIK_LLM_API_KEY or ANTHROPIC_API_KEY, or apiKey or apiKeyEnv in the configuration"
                    + " file."
            case nil:
                return "Check the API key (OKIK_LLM_API_KEY, the provider's variable or the configuration file)."
            }
        case .permissionDenied:
            return "The key is not allowed to use this model or endpoint; check the account's access."
        case .notFound:
            return "Check the model id and the base URL."
        case .rateLimited:
            return "Wait and try again, or lower the request rate."
        case .quotaExceeded:
            return "The account has no quota left; check billing with the provider."
        case .contextTooLong:
            return "Shorten the conversation or the tool results, or use a model with a larger context window."
        case .overloaded, .serverError:
            return "The provider is having trouble; try again shortly."
        case .invalidRequest:
            return "The provider rejected the request; see its message."
        case .malformedReply:
            return "The server did not answer in the provider's format; check the base URL and any proxy."
        case .streamInterrupted:
            return "The connection dropped mid-reply; ask again."
        case .timeout:
            return "Try again, or raise the timeout."
        case .connectionFailed:
            return "Check the network and the base URL."
        case .missingAPIKey:
            return "Set the provider's API key in the environment or the configuration."
        case .invalidConfiguration:
            return "Fix the LLM configuration."
        }
    }
}

extension LLMError: Equatable, Hashable {
    /// Two errors are equal when they are of the same kind; context is ignored.
    public static func == (lhs: LLMError, rhs: LLMError) -> Bool { lhs.code == rhs.code }

    /// Hashes the kind only.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}

extension LLMError: CustomStringConvertible {
    /// A one-line account of the error; never contains an API key.
    public var description: String {
        var context: [String] = []
        if let provider { context.append(provider.rawValue) }
        if let statusCode { context.append("HTTP \(statusCode)") }
        if let providerErrorType { context.append(providerErrorType) }
        if let parameter { context.append("param \(parameter)") }
        if let requestID { context.append("request \(requestID)") }
        var text = "LLMError.\(code.rawValue)"
        if !context.isEmpty { text += " (" + context.joined(separator: ", ") + ")" }
        if let message { text += ": " + message }
        if let retryAfter { text += "; retry after \(retryAfter.secondsText)" }
        return text
    }
}

extension Duration {
    /// The duration as seconds with up to three decimals, e.g. `1.5s`.
    var secondsText: String {
        let (seconds, attoseconds) = components
        let millis = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        if millis % 1000 == 0 { return "\(millis / 1000)s" }
        return "\(Double(millis) / 1000)s"
    }
}
