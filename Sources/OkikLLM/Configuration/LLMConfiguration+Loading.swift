import Foundation
internal import OkikYAML

extension LLMConfiguration {
    /// Settings from one source (a file, the environment or command-line flags); `nil` leaves a value alone.
    public struct Overrides: Sendable, Hashable {
        /// Provider name, e.g. `openai`, `anthropic`, `ollama`.
        public var provider: String?
        /// Model id.
        public var model: String?
        /// API root URL.
        public var baseURL: String?
        /// The key itself.
        public var apiKey: APIKey?
        /// The name of an environment variable that holds the key.
        public var apiKeyEnvironmentVariable: String?
        /// Header carrying the key instead of the provider's standard one.
        public var apiKeyHeader: String?
        /// Extra headers, merged over earlier sources.
        public var headers: [String: String]?
        /// Query items, merged over earlier sources.
        public var queryParameters: [String: String]?
        /// Default output-token limit.
        public var maxOutputTokens: Int?
        /// Temperature handling.
        public var temperature: TemperatureSupport?
        /// Anthropic prompt caching.
        public var promptCaching: Bool?
        /// Per-attempt timeout in seconds (also the read timeout unless ``readTimeoutSeconds`` is set).
        public var timeoutSeconds: Double?
        /// Longest silence between bytes of a reply, in seconds.
        public var readTimeoutSeconds: Double?
        /// Longest wait for a connection, in seconds.
        public var connectTimeoutSeconds: Double?
        /// Attempts in total, the first included.
        public var maxAttempts: Int?

        /// Creates overrides; every field defaults to "not set".
        public init(
            provider: String? = nil,
            model: String? = nil,
            baseURL: String? = nil,
            apiKey: APIKey? = nil,
            apiKeyEnvironmentVariable: String? = nil,
            apiKeyHeader: String? = nil,
            headers: [String: String]? = nil,
            queryParameters: [String: String]? = nil,
            maxOutputTokens: Int? = nil,
            temperature: TemperatureSupport? = nil,
            promptCaching: Bool? = nil,
            timeoutSeconds: Double? = nil,
            maxAttempts: Int? = nil,
            readTimeoutSeconds: Double? = nil,
            connectTimeoutSeconds: Double? = nil
        ) {
            self.provider = provider
            self.model = model
            self.baseURL = baseURL
            self.apiKey = apiKey
            self.apiKeyEnvironmentVariable = apiKeyEnvironmentVariable
            self.apiKeyHeader = apiKeyHeader
            self.headers = headers
            self.queryParameters = queryParameters
            self.maxOutputTokens = maxOutputTokens
            self.temperature = temperature
            self.promptCaching = promptCaching
            self.timeoutSeconds = timeoutSeconds
            self.maxAttempts = maxAttempts
            self.readTimeoutSeconds = readTimeoutSeconds
            self.connectTimeoutSeconds = connectTimeoutSeconds
        }

        /// These settings with every value set in `other` taking precedence.
        public func merging(_ other: Overrides) -> Overrides {
            Overrides(
                provider: other.provider ?? provider,
                model: other.model ?? model,
                baseURL: other.baseURL ?? baseURL,
                apiKey: other.apiKey ?? (other.apiKeyEnvironmentVariable == nil ? apiKey : nil),
                apiKeyEnvironmentVariable: other.apiKeyEnvironmentVariable
                    ?? (other.apiKey == nil ? apiKeyEnvironmentVariable : nil),
                apiKeyHeader: other.apiKeyHeader ?? apiKeyHeader,
                headers: Self.merge(headers, other.headers),
                queryParameters: Self.merge(queryParameters, other.queryParameters),
                maxOutputTokens: other.maxOutputTokens ?? maxOutputTokens,
                temperature: other.temperature ?? temperature,
                promptCaching: other.promptCaching ?? promptCaching,
                timeoutSeconds: other.timeoutSeconds ?? timeoutSeconds,
                maxAttempts: other.maxAttempts ?? maxAttempts,
                readTimeoutSeconds: other.readTimeoutSeconds ?? readTimeoutSeconds,
                connectTimeoutSeconds: other.connectTimeoutSeconds ?? connectTimeoutSeconds
            )
        }

        private static func merge(_ base: [String: String]?, _ top: [String: String]?) -> [String: String]? {
            guard let top else { return base }
            return (base ?? [:]).merging(top) { _, new in new }
        }
    }

    /// Builds a configuration from, in increasing precedence: a YAML or JSON file, the environment, and
    /// `overrides` (command-line flags).
    ///
    /// The file is `file`, else `$OKIK_LLM_CONFIG`, else none. Environment: `OKIK_LLM_PROVIDER`,
    /// `OKIK_LLM_MODEL`, `OKIK_LLM_BASE_URL`, `OKIK_LLM_API_KEY`, `OKIK_LLM_MAX_OUTPUT_TOKENS`,
    /// `OKIK_LLM_TIMEOUT`, `OKIK_LLM_READ_TIMEOUT`, `OKIK_LLM_CONNECT_TIMEOUT` (seconds). When no key is set explicitly, OpenAI uses `OPENAI_API_KEY` and Anthropic
    /// `ANTHROPIC_API_KEY`; OpenAI-compatible servers get no key unless one is configured. With no provider
    /// named anywhere, Anthropic is chosen when only `ANTHROPIC_API_KEY` is set, otherwise OpenAI.
    /// ```swift
    /// let configuration = try LLMConfiguration.resolve(overrides: .init(model: "gpt-4.1-mini"))
    /// let model = try configuration.makeChatModel()
    /// ```
    /// - Throws: ``LLMError/invalidConfiguration`` for an unreadable file, an unknown key in it or a bad value.
    public static func resolve(
        file: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        overrides: Overrides = Overrides()
    ) throws(LLMError) -> LLMConfiguration {
        var settings = Overrides()
        if let path = file ?? environment["OKIK_LLM_CONFIG"].flatMap({ $0.isEmpty ? nil : $0 }) {
            settings = try Self.overrides(fromFile: path)
        }
        settings = settings.merging(try Self.overrides(fromEnvironment: environment))
        settings = settings.merging(overrides)
        return try Self.build(from: settings, environment: environment)
    }

    /// Reads settings from a YAML or JSON file.
    /// - Throws: ``LLMError/invalidConfiguration`` when the file cannot be read or parsed.
    public static func overrides(fromFile path: String) throws(LLMError) -> Overrides {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .invalidConfiguration(message: "cannot read LLM configuration file \(path)")
        }
        return try overrides(fromYAML: text, source: path)
    }

    /// Reads settings from YAML or JSON text.
    /// - Throws: ``LLMError/invalidConfiguration`` when the text cannot be parsed or has unknown keys.
    public static func overrides(fromYAML text: String, source: String = "configuration") throws(LLMError)
        -> Overrides
    {
        if text.trimmingWhitespace().isEmpty { return Overrides() }
        let file: FileSettings
        do {
            // SafeYAML refuses alias bombs ("billion laughs") before anything is expanded.
            let keys = try SafeYAML.decode(KeyProbe.self, from: text).keys
            let unknown = keys.subtracting(FileSettings.CodingKeys.allCases.map(\.rawValue))
            if !unknown.isEmpty {
                throw LLMError.invalidConfiguration(
                    message: "\(source): unknown key(s) \(unknown.sorted().joined(separator: ", "))"
                )
            }
            file = try SafeYAML.decode(FileSettings.self, from: text)
        } catch let error as LLMError {
            throw error
        } catch {
            var failure = LLMError.invalidConfiguration(message: "\(source): \(Self.describe(error))")
            // Only the alias-bomb refusal is kept as the cause: Yams' parse errors carry the whole text, keys included.
            if let refusal = error as? SafeYAMLError { failure.underlying = refusal }
            throw failure
        }
        var temperature: TemperatureSupport?
        if let value = file.temperature {
            guard let parsed = TemperatureSupport(rawValue: value == "auto" ? "automatic" : value) else {
                throw .invalidConfiguration(message: "\(source): temperature must be automatic, always or never")
            }
            temperature = parsed
        }
        if let provider = file.provider, LLMProvider(name: provider) == nil {
            throw .invalidConfiguration(message: "\(source): unknown provider '\(provider)'")
        }
        return Overrides(
            provider: file.provider,
            model: file.model,
            baseURL: file.baseURL,
            apiKey: file.apiKey.map(APIKey.init),
            apiKeyEnvironmentVariable: file.apiKeyEnv,
            apiKeyHeader: file.apiKeyHeader,
            headers: file.headers,
            queryParameters: file.queryParameters,
            maxOutputTokens: file.maxOutputTokens,
            temperature: temperature,
            promptCaching: file.promptCaching,
            timeoutSeconds: file.timeoutSeconds,
            maxAttempts: file.maxAttempts,
            readTimeoutSeconds: file.readTimeoutSeconds,
            connectTimeoutSeconds: file.connectTimeoutSeconds
        )
    }

    /// Reads the `OKIK_LLM_*` settings from an environment.
    /// - Throws: ``LLMError/invalidConfiguration`` for a value that does not parse.
    public static func overrides(fromEnvironment environment: [String: String]) throws(LLMError) -> Overrides {
        func value(_ name: String) -> String? {
            guard let text = environment[name]?.trimmingWhitespace(), !text.isEmpty else { return nil }
            return text
        }
        var settings = Overrides(
            provider: value("OKIK_LLM_PROVIDER"),
            model: value("OKIK_LLM_MODEL"),
            baseURL: value("OKIK_LLM_BASE_URL"),
            apiKey: value("OKIK_LLM_API_KEY").map(APIKey.init)
        )
        if let text = value("OKIK_LLM_MAX_OUTPUT_TOKENS") {
            guard let number = Int(text) else {
                throw .invalidConfiguration(message: "OKIK_LLM_MAX_OUTPUT_TOKENS must be a whole number")
            }
            settings.maxOutputTokens = number
        }
        func seconds(_ name: String) throws(LLMError) -> Double? {
            guard let text = value(name) else { return nil }
            guard let seconds = Double(text), seconds > 0, seconds.isFinite else {
                throw .invalidConfiguration(message: "\(name) must be a positive number of seconds, not '\(text)'")
            }
            return seconds
        }
        settings.timeoutSeconds = try seconds("OKIK_LLM_TIMEOUT")
        settings.readTimeoutSeconds = try seconds("OKIK_LLM_READ_TIMEOUT")
        settings.connectTimeoutSeconds = try seconds("OKIK_LLM_CONNECT_TIMEOUT")
        return settings
    }

    private static func build(from settings: Overrides, environment: [String: String]) throws(LLMError)
        -> LLMConfiguration
    {
        func nonEmpty(_ name: String) -> String? {
            guard let text = environment[name], !text.isEmpty else { return nil }
            return text
        }
        let provider: LLMProvider
        if let name = settings.provider {
            guard let parsed = LLMProvider(name: name) else {
                throw .invalidConfiguration(
                    message: "unknown provider '\(name)' (use openai, openai-compatible or anthropic)"
                )
            }
            provider = parsed
        } else if nonEmpty("ANTHROPIC_API_KEY") != nil, nonEmpty("OPENAI_API_KEY") == nil {
            provider = .anthropic
        } else {
            provider = .openAI
        }
        var apiKey = settings.apiKey
        if apiKey == nil, let variable = settings.apiKeyEnvironmentVariable {
            guard let key = nonEmpty(variable) else {
                throw .missingAPIKey(message: "the configuration names \(variable) for the key, but it is not set")
            }
            apiKey = APIKey(key)
        }
        if apiKey == nil, let variable = provider.apiKeyEnvironmentVariable, let key = nonEmpty(variable) {
            apiKey = APIKey(key)
        }
        var options = Options.default
        if let value = settings.maxOutputTokens { options.maxOutputTokens = value }
        if let value = settings.temperature { options.temperature = value }
        if let value = settings.promptCaching { options.promptCaching = value }
        func duration(_ seconds: Double?, _ name: String) throws(LLMError) -> Duration? {
            guard let seconds else { return nil }
            guard seconds > 0, seconds.isFinite, seconds < 1e9 else {
                throw .invalidConfiguration(message: "\(name) must be a positive number of seconds")
            }
            return .milliseconds(Int64((seconds * 1000).rounded()))
        }
        var timeout = Timeout.default
        if let value = try duration(settings.timeoutSeconds, "the timeout") { timeout.request = value }
        if let value = try duration(settings.readTimeoutSeconds, "the read timeout") { timeout.read = value }
        if let value = try duration(settings.connectTimeoutSeconds, "the connect timeout") { timeout.connect = value }
        var retry = RetryPolicy.default
        if let attempts = settings.maxAttempts { retry.maxAttempts = max(1, attempts) }
        return LLMConfiguration(
            provider: provider,
            model: settings.model,
            baseURL: settings.baseURL,
            apiKey: apiKey,
            apiKeyHeader: settings.apiKeyHeader,
            headers: settings.headers ?? [:],
            queryParameters: settings.queryParameters ?? [:],
            options: options,
            timeout: timeout,
            retry: retry
        )
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case let error as SafeYAMLError:
            return error.description
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
            DecodingError.dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        case DecodingError.keyNotFound(let key, _):
            return "missing key \(key.stringValue)"
        default:
            return "not valid YAML or JSON (\(error))"
        }
    }
}

/// The keys a configuration file may contain.
private struct FileSettings: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case provider, model, baseURL, apiKey, apiKeyEnv, apiKeyHeader, headers, queryParameters
        case maxOutputTokens, temperature, promptCaching, timeoutSeconds, maxAttempts
        case readTimeoutSeconds, connectTimeoutSeconds
    }

    var provider: String?
    var model: String?
    var baseURL: String?
    var apiKey: String?
    var apiKeyEnv: String?
    var apiKeyHeader: String?
    var headers: [String: String]?
    var queryParameters: [String: String]?
    var maxOutputTokens: Int?
    var temperature: String?
    var promptCaching: Bool?
    var timeoutSeconds: Double?
    var maxAttempts: Int?
    var readTimeoutSeconds: Double?
    var connectTimeoutSeconds: Double?
}

/// Collects the top-level keys of a mapping, to reject typos.
private struct KeyProbe: Decodable {
    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { return nil }
    }

    var keys: Set<String>

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        keys = Set(container.allKeys.map(\.stringValue))
    }
}
