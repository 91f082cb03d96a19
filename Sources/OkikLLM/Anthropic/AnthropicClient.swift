import AsyncHTTPClient
import Logging
import NIOCore
import NIOHTTP1

/// A ``ChatModel`` over the Anthropic Messages API.
///
/// ```swift
/// let client = try AnthropicClient(configuration: LLMConfiguration(provider: .anthropic, apiKey: APIKey(key)))
/// let reply = try await client.respond(to: ChatRequest(systemPrompt: "Be brief.", messages: [.user("Hi")]))
/// ```
/// By default it sends with an `HTTPClient` that OkikLLM keeps for the configuration's connect and read timeouts
/// (no shutdown needed; redirects refused). A client you pass is never shut down by this one, and its own connect
/// and read timeouts apply: whoever creates it (for example with `HTTPClient.makeForLLM()`) shuts it down.
public struct AnthropicClient: ChatModel {
    let core: ClientCore

    /// The configuration this client was made with.
    public var configuration: LLMConfiguration { core.configuration }

    /// The configured model id.
    public var model: String { core.configuration.model }

    /// Creates a client.
    /// - Parameters:
    ///   - configuration: provider `.anthropic`, model, base URL, key and options.
    ///   - httpClient: the HTTP client to send with, never shut down by this client; by default one that OkikLLM
    ///     keeps for the configuration's connect and read timeouts (``LLMConfiguration/Timeout``).
    ///   - logger: where request outcomes go (label `okik.llm`); keys are never logged.
    ///   - usageTracker: receives every finished reply's usage.
    ///   - clock: the clock retries and timeouts sleep on.
    ///   - random: a source of values in `0..<1` for retry jitter.
    /// - Throws: ``LLMError/missingAPIKey`` or ``LLMError/invalidConfiguration``.
    public init(
        configuration: LLMConfiguration,
        httpClient: HTTPClient? = nil,
        logger: Logger = LLMLogging.disabled,
        usageTracker: UsageTracker? = nil,
        clock: any Clock<Duration> = ContinuousClock(),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) throws(LLMError) {
        guard configuration.provider == .anthropic else {
            throw .invalidConfiguration(message: "AnthropicClient needs provider anthropic")
        }
        try configuration.validate()
        core = ClientCore(
            configuration: configuration,
            httpClient: httpClient,
            logger: logger,
            usageTracker: usageTracker,
            clock: clock,
            random: random,
            classify: { [keyConfigured = configuration.apiKey != nil] reply in
                AnthropicClient.classify(reply, keyConfigured: keyConfigured)
            }
        )
    }

    /// Sends the request to `/messages` and returns the complete reply.
    /// - Throws: ``LLMError``, or `CancellationError` when the task is cancelled.
    public func respond(to request: ChatRequest) async throws -> ChatResponse {
        try request.validate()
        let model = request.model ?? configuration.model
        let response = try await core.transport.withTemperatureFallback(
            sendTemperature: shouldSendTemperature(request),
            allowed: configuration.options.temperature == .automatic
        ) { sendTemperature in
            let body = try core.encode(
                wireRequest(for: request, model: model, stream: false, sendTemperature: sendTemperature)
            )
            let reply = try await core.transport.send(outgoing(body, stream: false))
            let wire = try core.decode(AnthropicResponse.self, from: reply)
            return try Self.response(from: wire, request: request, model: model)
        }
        await core.record(response, requestedModel: model)
        return response
    }

    /// Streams the reply over server-sent events.
    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatEvent, any Error> {
        let model = request.model ?? configuration.model
        let client = self
        return core.makeStream(requestedModel: model) { continuation in
            try request.validate()
            return try await client.core.transport.withTemperatureFallback(
                sendTemperature: client.shouldSendTemperature(request),
                allowed: client.configuration.options.temperature == .automatic
            ) { sendTemperature in
                let body = try client.core.encode(
                    client.wireRequest(for: request, model: model, stream: true, sendTemperature: sendTemperature)
                )
                return try await client.core.transport.stream(
                    client.outgoing(body, stream: true),
                    decoder: AnthropicStreamDecoder(request: request, model: model),
                    into: continuation
                )
            }
        }
    }

    private func outgoing(_ body: ByteBuffer, stream: Bool) -> HTTPTransport.Outgoing {
        var authentication: [(String, String)] = [("anthropic-version", configuration.options.anthropicVersion)]
        if let key = configuration.apiKey {
            switch configuration.apiKeyHeader?.lowercased() {
            case "authorization"?: authentication.append(("authorization", "Bearer \(key.value)"))
            case let header?: authentication.append((header, key.value))
            case nil: authentication.append(("x-api-key", key.value))
            }
        }
        return HTTPTransport.Outgoing(
            url: configuration.endpoint("/messages"),
            headers: core.headers(authentication: authentication, stream: stream),
            body: body
        )
    }
}
