import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// The HTTP plumbing both providers share: sending over AsyncHTTPClient, retries, timeouts, cancellation,
/// error classification hooks and secret scrubbing.
struct HTTPTransport: Sendable {
    /// A request ready to send.
    struct Outgoing: Sendable {
        var url: String
        var headers: HTTPHeaders
        var body: ByteBuffer
    }

    /// A non-2xx reply, handed to the provider's classifier.
    struct ErrorReply: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: ByteBuffer
    }

    var httpClient: HTTPClient
    /// The timeouts `httpClient` was made with, when OkikLLM made it (`nil` for a client the caller passed).
    var ownTimeouts: LLMConfiguration.Timeout?
    /// The configured base URL, named in connection errors.
    var baseURL: String
    var logger: Logger
    var provider: LLMProvider
    var retry: RetryPolicy
    var requestTimeout: Duration
    var clock: any Clock<Duration>
    var random: @Sendable () -> Double
    var scrubber: SecretScrubber
    /// Turns a provider's error reply into an ``LLMError``.
    var classify: @Sendable (ErrorReply) -> LLMError

    private static let maxReplyBytes = 32 * 1024 * 1024
    private static let maxErrorBytes = 64 * 1024

    /// Sends a request and returns the body of a 2xx reply, retrying as the policy allows.
    func send(_ outgoing: Outgoing) async throws -> ByteBuffer {
        try await withRetries { attempt in
            try await withTimeout {
                let response = try await execute(outgoing, attempt: attempt)
                do {
                    return try await response.body.collect(upTo: Self.maxReplyBytes)
                } catch {
                    throw mapTransportError(error, duringBody: true)
                }
            }
        }
    }

    /// Sends a streaming request and feeds its server-sent events through `decoder` into `continuation`.
    /// Retries only while nothing has been yielded. The final `.finished` event is not yielded but returned,
    /// so the caller can record usage before the consumer sees the end.
    func stream<Decoder: StreamDecoder>(
        _ outgoing: Outgoing,
        decoder: Decoder,
        into continuation: AsyncThrowingStream<ChatEvent, any Error>.Continuation
    ) async throws -> ChatResponse {
        try await withRetries { attempt in
            try await withTimeout {
                try await streamOnce(outgoing, attempt: attempt, decoder: decoder, into: continuation)
            }
        }
    }

    private func streamOnce<Decoder: StreamDecoder>(
        _ outgoing: Outgoing,
        attempt: Int,
        decoder initial: Decoder,
        into continuation: AsyncThrowingStream<ChatEvent, any Error>.Continuation
    ) async throws -> ChatResponse {
        let response = try await execute(outgoing, attempt: attempt)
        let contentType = (response.headers.first(name: "content-type") ?? "").lowercased()
        if contentType.contains("html") || contentType.contains("json") {
            // Not an event stream: a proxy page, or a server that ignored `stream: true`.
            let body = try? await response.body.collect(upTo: Self.maxErrorBytes)
            let what = body.flatMap { ErrorBodyText.describe($0, headers: response.headers) } ?? contentType
            throw LLMError.malformedReply(message: "expected an event stream, got \(what)").with(provider: provider)
        }
        var decoder = initial
        var parser = SSEParser()
        var yieldedOutput = false
        var final: ChatResponse?
        func deliver(_ events: [ChatEvent]) {
            for event in events {
                if case .finished(let response) = event {
                    final = response
                    continue
                }
                yieldedOutput = true
                continuation.yield(event)
            }
        }
        do {
            reading: for try await chunk in response.body {
                for event in parser.feed(chunk.readableBytesView) {
                    deliver(try decoder.consume(event))
                    if decoder.isComplete { break reading }
                }
            }
            if !decoder.isComplete {
                for event in parser.finish() where !decoder.isComplete {
                    deliver(try decoder.consume(event))
                }
            }
            deliver(try decoder.finish())
        } catch {
            let mapped = mapTransportError(error, duringBody: true)
            guard yieldedOutput else { throw mapped }
            // Output already reached the caller: never retried.
            throw DoNotRetry(error: mapped)
        }
        guard let final else {
            throw LLMError.streamInterrupted(message: "the stream ended without a reply").with(provider: provider)
        }
        return final
    }

    /// Runs `operation`; if the provider rejected the temperature, runs it once more without one.
    func withTemperatureFallback<T>(
        sendTemperature: Bool,
        allowed: Bool,
        _ operation: (Bool) async throws -> T
    ) async throws -> T {
        do {
            return try await operation(sendTemperature)
        } catch let error as LLMError
            where sendTemperature && allowed && error == .invalidRequest
            && (error.parameter == "temperature" || (error.message ?? "").lowercased().contains("temperature"))
        {
            logger.info(
                "llm provider rejected the temperature; sending the request again without it",
                metadata: ["okik.llm.provider": "\(provider.rawValue)"]
            )
            return try await operation(false)
        }
    }

    /// Executes one attempt and returns the response of a 2xx status; throws the classified error otherwise.
    private func execute(_ outgoing: Outgoing, attempt: Int) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: outgoing.url)
        request.method = .POST
        request.headers = outgoing.headers
        request.body = .bytes(outgoing.body)
        logger.debug(
            "llm request",
            metadata: [
                "okik.llm.provider": "\(provider.rawValue)",
                "okik.llm.url": "\(scrubber.scrub(outgoing.url))",
                "okik.llm.attempt": "\(attempt)",
            ]
        )
        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(request, deadline: .distantFuture, logger: logger)
        } catch {
            throw mapTransportError(error, duringBody: false)
        }
        let status = Int(response.status.code)
        if (200..<300).contains(status) { return response }

        var body = ByteBuffer()
        do {
            for try await chunk in response.body {
                var chunk = chunk
                let room = Self.maxErrorBytes - body.readableBytes
                if room <= 0 { break }
                if chunk.readableBytes > room { chunk = chunk.getSlice(at: chunk.readerIndex, length: room) ?? chunk }
                body.writeBuffer(&chunk)
            }
        } catch {
            // The status is what matters; a broken error body still yields an error from the status.
        }
        var error: LLMError
        if (300..<400).contains(status) {
            let location = response.headers.first(name: "location").map { " to \($0)" } ?? ""
            error = .fromProvider(
                kind: .invalidConfiguration,
                provider: provider,
                statusCode: status,
                message: "the server redirected\(location); set the base URL to the final address",
                providerErrorType: nil,
                requestID: nil,
                retryAfter: nil
            )
        } else {
            error = classify(ErrorReply(status: status, headers: response.headers, body: body))
        }
        error.message = scrubber.scrub(error.message)
        error.provider = provider
        logger.info(
            "llm request failed",
            metadata: [
                "okik.llm.provider": "\(provider.rawValue)",
                "okik.llm.status": "\(status)",
                "okik.llm.error": "\(error.shortDescription)",
                "okik.llm.request_id": "\(error.requestID ?? "-")",
            ]
        )
        throw error
    }

    /// Runs `operation`, retrying retryable ``LLMError``s after the policy's delay.
    private func withRetries<T>(_ operation: (Int) async throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await operation(attempt)
            } catch let error as DoNotRetry {
                throw error.error
            } catch let error as LLMError {
                guard let delay = retry.delay(after: error, attempt: attempt, random: random()) else { throw error }
                logger.info(
                    "llm request will be retried",
                    metadata: [
                        "okik.llm.provider": "\(provider.rawValue)",
                        "okik.llm.error": "\(error.shortDescription)",
                        "okik.llm.attempt": "\(attempt)",
                        "okik.llm.delay": "\(delay.secondsText)",
                    ]
                )
                try await clock.sleep(for: delay)
                attempt += 1
            }
        }
    }

    /// Runs `operation` under the per-attempt timeout, cancelling it when the time is up.
    private func withTimeout<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        let limit = requestTimeout
        let clock = clock
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await clock.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw LLMError.timeout(message: "no complete reply within \(limit.secondsText)")
                    .with(provider: provider)
            }
            return value
        }
    }

    /// Maps AsyncHTTPClient and NIO errors to ``LLMError`` (or `CancellationError`).
    private func mapTransportError(_ error: any Error, duringBody: Bool) -> any Error {
        if error is LLMError || error is DoNotRetry || error is CancellationError { return error }
        if Task.isCancelled { return CancellationError() }
        let text = scrubber.scrub(String(describing: error))
        let base = scrubber.scrub(baseURL)
        if let httpError = error as? HTTPClientError {
            switch httpError {
            case .cancelled:
                return CancellationError()
            case .readTimeout:
                var message = "nothing arrived from \(base) for"
                if let ownTimeouts {
                    message += " \(ownTimeouts.effectiveRead.secondsText) (the read timeout: set OKIK_LLM_READ_TIMEOUT"
                        + " or readTimeoutSeconds, or OKIK_LLM_TIMEOUT, for a server that is silent for longer)"
                } else {
                    message += " longer than the read timeout of the HTTP client that was passed in"
                }
                return LLMError.timeout(message: message).with(provider: provider, underlying: httpError)
            case .deadlineExceeded, .writeTimeout:
                return LLMError.timeout(message: "the provider sent nothing for too long (\(text))")
                    .with(provider: provider, underlying: httpError)
            case .connectTimeout:
                let limit = ownTimeouts.map { " within \($0.connect.secondsText)" } ?? ""
                return LLMError.connectionFailed(
                    message: "cannot connect to \(base): no connection\(limit) (the connect timeout:"
                        + " OKIK_LLM_CONNECT_TIMEOUT or connectTimeoutSeconds)"
                ).with(provider: provider, underlying: httpError)
            case .remoteConnectionClosed where duringBody:
                return LLMError.streamInterrupted(message: "the connection closed before the reply was complete")
                    .with(provider: provider, underlying: httpError)
            default:
                break
            }
        }
        if duringBody {
            return LLMError.streamInterrupted(message: "the reply broke off: \(text)")
                .with(provider: provider, underlying: error)
        }
        if ConnectionFailure.isRefused(error) {
            // Nothing listens there: trying again in a second will not change that.
            var refused = LLMError.connectionFailed(
                message: "cannot connect to \(base): connection refused (is the server running and listening there?)")
                .with(provider: provider, underlying: error)
            refused.isFinal = true
            return refused
        }
        return LLMError.connectionFailed(message: "cannot connect to \(base): \(text)")
            .with(provider: provider, underlying: error)
    }
}

/// Wraps an error that must not be retried because output already reached the caller.
private struct DoNotRetry: Error {
    var error: any Error
}
