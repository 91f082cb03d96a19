import Foundation

/// Selects and tunes a chat model: provider, model, endpoint, key and options.
///
/// Build one directly, or with ``resolve(file:environment:overrides:)`` from a file, the environment and flags.
/// The key is an ``APIKey`` and never appears in descriptions, logs or errors.
public struct LLMConfiguration: Sendable, Hashable {
    /// The wire protocol to speak.
    public var provider: LLMProvider
    /// The model id, e.g. `gpt-5-mini` or `claude-sonnet-4-6`.
    public var model: String
    /// The API root; `/chat/completions` or `/messages` is appended (e.g. `http://127.0.0.1:11434/v1`).
    public var baseURL: String
    /// The key, or `nil` for servers that need none.
    public var apiKey: APIKey?
    /// The header that carries the key instead of the provider's standard one (`api-key` for Azure OpenAI).
    public var apiKeyHeader: String?
    /// Extra headers sent with every request (`OpenAI-Organization`, `anthropic-beta`, ...).
    public var headers: [String: String]
    /// Query items added to every request URL (Azure OpenAI's `api-version`).
    public var queryParameters: [String: String]
    /// Provider options.
    public var options: Options
    /// Time limits.
    public var timeout: Timeout
    /// When to retry.
    public var retry: RetryPolicy

    /// Creates a configuration; a `nil` model or base URL takes the provider's default.
    public init(
        provider: LLMProvider = .openAI,
        model: String? = nil,
        baseURL: String? = nil,
        apiKey: APIKey? = nil,
        apiKeyHeader: String? = nil,
        headers: [String: String] = [:],
        queryParameters: [String: String] = [:],
        options: Options = .default,
        timeout: Timeout = .default,
        retry: RetryPolicy = .default
    ) {
        self.provider = provider
        self.model = model ?? provider.defaultModel
        self.baseURL = baseURL ?? provider.defaultBaseURL
        self.apiKey = apiKey
        self.apiKeyHeader = apiKeyHeader
        self.headers = headers
        self.queryParameters = queryParameters
        self.options = options
        self.timeout = timeout
        self.retry = retry
    }

    /// Provider options that rarely change.
    public struct Options: Sendable, Hashable {
        /// Output-token limit when a request sets none (Anthropic requires one).
        public var maxOutputTokens: Int
        /// Whether to send `temperature`.
        public var temperature: TemperatureSupport
        /// Anthropic: mark the system prompt and tool definitions as a cacheable prefix.
        public var promptCaching: Bool
        /// Anthropic: the `anthropic-version` header.
        public var anthropicVersion: String
        /// OpenAI: ask for a final usage chunk in streams (`stream_options.include_usage`).
        public var includeStreamUsage: Bool
        /// OpenAI: the field that carries the output limit; `nil` picks `max_completion_tokens` for OpenAI and
        /// `max_tokens` for OpenAI-compatible servers.
        public var maxTokensField: MaxTokensField?

        /// Creates options.
        public init(
            maxOutputTokens: Int = 4096,
            temperature: TemperatureSupport = .automatic,
            promptCaching: Bool = true,
            anthropicVersion: String = "2023-06-01",
            includeStreamUsage: Bool = true,
            maxTokensField: MaxTokensField? = nil
        ) {
            self.maxOutputTokens = maxOutputTokens
            self.temperature = temperature
            self.promptCaching = promptCaching
            self.anthropicVersion = anthropicVersion
            self.includeStreamUsage = includeStreamUsage
            self.maxTokensField = maxTokensField
        }

        /// 4096 output tokens, automatic temperature, prompt caching on, usage in streams.
        public static let `default` = Options()
    }

    /// Whether a request's temperature is sent.
    public enum TemperatureSupport: String, Sendable, Hashable, Codable {
        /// Sent, except to models known to reject it (OpenAI `o1`/`o3`/`o4`/`gpt-5` families); a 400 that names
        /// the temperature is answered by sending the request again without it.
        case automatic
        /// Always sent when the request sets one.
        case always
        /// Never sent.
        case never
    }

    /// The OpenAI request field for the output limit.
    public enum MaxTokensField: String, Sendable, Hashable, Codable {
        /// `max_completion_tokens`, required by OpenAI's reasoning models.
        case maxCompletionTokens = "max_completion_tokens"
        /// `max_tokens`, the older field that many compatible servers expect.
        case maxTokens = "max_tokens"
    }

    /// Time limits for requests.
    ///
    /// They govern the HTTP client OkikLLM makes for a configuration (when no `httpClient` is passed to a client);
    /// a client you pass keeps its own connect and read timeouts, and only ``request`` applies on top.
    public struct Timeout: Sendable, Hashable {
        /// The longest one attempt may take, from sending to the last byte of the reply (streams included).
        /// (`timeoutSeconds`, `OKIK_LLM_TIMEOUT`.)
        public var request: Duration
        /// The longest silence between bytes of a reply; `nil` means ``request``, since a server generating a
        /// non-streamed reply sends nothing until it is done. (`readTimeoutSeconds`, `OKIK_LLM_READ_TIMEOUT`.)
        public var read: Duration?
        /// The longest wait for a TCP connection. A refused connection fails at once and is not retried.
        /// (`connectTimeoutSeconds`, `OKIK_LLM_CONNECT_TIMEOUT`.)
        public var connect: Duration

        /// Creates time limits.
        public init(request: Duration = .seconds(600), read: Duration? = nil, connect: Duration = .seconds(5)) {
            self.request = request
            self.read = read
            self.connect = connect
        }

        /// The read timeout in force: ``read`` when set, else ``request``.
        public var effectiveRead: Duration { read ?? request }

        /// Ten minutes per attempt (and as the longest silence), five seconds to connect.
        public static let `default` = Timeout()
    }
}

extension LLMConfiguration {
    /// Checks that the configuration can be used.
    /// - Throws: ``LLMError/missingAPIKey`` or ``LLMError/invalidConfiguration``.
    public func validate() throws(LLMError) {
        if model.trimmingWhitespace().isEmpty {
            throw .invalidConfiguration(message: "no model is configured for provider \(provider.rawValue)")
        }
        if let problem = Self.baseURLProblem(baseURL) {
            throw .invalidConfiguration(message: "the base URL '\(baseURL)' \(problem)")
        }
        for (name, value) in [("timeout", timeout.request), ("read timeout", timeout.effectiveRead),
                              ("connect timeout", timeout.connect)] where value <= .zero {
            throw .invalidConfiguration(message: "the \(name) must be positive")
        }
        if let apiKey, apiKey.value.isEmpty {
            throw .missingAPIKey(message: "the configured API key for \(provider.rawValue) is empty")
        }
        if apiKey == nil, let variable = provider.apiKeyEnvironmentVariable {
            throw .missingAPIKey(
                message: "no API key for \(provider.rawValue): set \(variable) or apiKey in the configuration"
            )
        }
        if options.maxOutputTokens < 1 {
            throw .invalidConfiguration(message: "maxOutputTokens must be at least 1")
        }
    }

    /// What is wrong with `text` as a base URL (`is not an http(s) URL`, `has no host`, ...), or `nil`.
    ///
    /// The port is checked by hand: `URL.port` may hold a number that is not a TCP port, which crashed the
    /// connection code.
    public static func baseURLProblem(_ text: String) -> String? {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let separator = text.range(of: "://")
        else { return "is not an http(s) URL" }
        let authority = text[separator.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostAndPort = authority.lastIndex(of: "@").map { authority[authority.index(after: $0)...] } ?? authority
        var port: Substring?
        var host = hostAndPort
        if hostAndPort.hasPrefix("["), let close = hostAndPort.firstIndex(of: "]") {
            host = hostAndPort[...close]
            let rest = hostAndPort[hostAndPort.index(after: close)...]
            if rest.first == ":" { port = rest.dropFirst() }
        } else if let colon = hostAndPort.lastIndex(of: ":") {
            host = hostAndPort[..<colon]
            port = hostAndPort[hostAndPort.index(after: colon)...]
        }
        if host.isEmpty || url.host == nil { return "has no host" }
        if let port, !port.isEmpty {
            guard port.count <= 5, port.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(port),
                (1...65535).contains(value)
            else { return "has port \(port), which is not a TCP port (1-65535)" }
        }
        return nil
    }

    /// The endpoint URL for `path` with the configured query parameters.
    func endpoint(_ path: String) -> String {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        guard !queryParameters.isEmpty else { return base + path }
        var components = URLComponents()
        components.queryItems = queryParameters.sorted { $0.key < $1.key }.map {
            URLQueryItem(name: $0.key, value: $0.value)
        }
        let query = components.percentEncodedQuery ?? ""
        return base + path + (query.isEmpty ? "" : "?" + query)
    }

    /// Everything that must be scrubbed from errors and logs: the key and secret-looking header values.
    var secrets: [String] {
        var secrets = apiKey.map { [$0.value] } ?? []
        for (name, value) in headers {
            let lower = name.lowercased()
            if lower.contains("key") || lower.contains("token") || lower.contains("auth") || lower.contains("secret") {
                secrets.append(value)
            }
        }
        return secrets
    }
}
