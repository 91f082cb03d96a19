import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// What both provider clients share: configuration, transport, usage recording, JSON coding and stream setup.
struct ClientCore: Sendable {
    let configuration: LLMConfiguration
    let transport: HTTPTransport
    let usageTracker: UsageTracker?
    let logger: Logger

    init(
        configuration: LLMConfiguration,
        httpClient: HTTPClient?,
        logger: Logger,
        usageTracker: UsageTracker?,
        clock: any Clock<Duration>,
        random: @escaping @Sendable () -> Double,
        classify: @escaping @Sendable (HTTPTransport.ErrorReply) -> LLMError
    ) {
        self.configuration = configuration
        self.usageTracker = usageTracker
        self.logger = logger
        self.transport = HTTPTransport(
            httpClient: httpClient ?? LLMHTTPClients.client(for: configuration.timeout),
            ownTimeouts: httpClient == nil ? configuration.timeout : nil,
            baseURL: configuration.baseURL,
            logger: logger,
            provider: configuration.provider,
            retry: configuration.retry,
            requestTimeout: configuration.timeout.request,
            clock: clock,
            random: random,
            scrubber: SecretScrubber(secrets: configuration.secrets),
            classify: classify
        )
    }

    /// Standard headers plus the configured extra headers.
    func headers(authentication: [(String, String)], stream: Bool) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/json")
        headers.add(name: "accept", value: stream ? "text/event-stream" : "application/json")
        headers.add(name: "user-agent", value: "okik-llm/\(OkikLLMInfo.version)")
        for (name, value) in authentication { headers.replaceOrAdd(name: name, value: value) }
        for (name, value) in configuration.headers.sorted(by: { $0.key < $1.key }) {
            headers.replaceOrAdd(name: name, value: value)
        }
        return headers
    }

    /// Encodes a wire body with sorted keys, so equal requests are equal bytes (and cache well).
    func encode<Body: Encodable>(_ body: Body) throws(LLMError) -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return ByteBuffer(data: try encoder.encode(body))
        } catch {
            throw LLMError.invalidRequest(message: "the request could not be encoded as JSON")
                .with(provider: configuration.provider, underlying: error)
        }
    }

    /// Decodes a 2xx body, reporting HTML pages and other foreign bodies as ``LLMError/malformedReply``.
    func decode<Reply: Decodable>(_ type: Reply.Type, from body: ByteBuffer) throws(LLMError) -> Reply {
        do {
            return try JSONDecoder().decode(Reply.self, from: body)
        } catch {
            let what = ErrorBodyText.describe(body, headers: HTTPHeaders()) ?? "an empty body"
            let detail = body.readableBytes > 0 && String(buffer: body).trimmingWhitespace().hasPrefix("{")
                ? "the reply is JSON but not in the provider's shape" : "the reply was \(what)"
            throw LLMError.malformedReply(message: detail)
                .with(provider: configuration.provider, underlying: error)
        }
    }

    /// Adds a finished reply's usage to the tracker.
    func record(_ response: ChatResponse, requestedModel: String) async {
        await usageTracker?.record(response.usage, model: requestedModel)
        logger.debug(
            "llm reply",
            metadata: [
                "okik.llm.provider": "\(configuration.provider.rawValue)",
                "okik.llm.model": "\(requestedModel)",
                "okik.llm.input_tokens": "\(response.usage.inputTokens)",
                "okik.llm.output_tokens": "\(response.usage.outputTokens)",
            ]
        )
    }

    /// Runs `produce` in a task feeding a new stream; the task is cancelled when the stream is dropped.
    func makeStream(
        requestedModel: String,
        _ produce: @escaping @Sendable (AsyncThrowingStream<ChatEvent, any Error>.Continuation) async throws
            -> ChatResponse
    ) -> AsyncThrowingStream<ChatEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: ChatEvent.self, throwing: (any Error).self)
        let core = self
        let task = Task {
            do {
                let response = try await produce(continuation)
                await core.record(response, requestedModel: requestedModel)
                continuation.yield(.finished(response))
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}
