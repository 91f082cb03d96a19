import AsyncHTTPClient
import NIOCore

extension HTTPClient {
    /// Makes an `HTTPClient` suited to model providers: redirects are not followed (so headers such as
    /// `x-api-key` or `api-key` are never re-sent to another host), the read timeout allows long silent
    /// reasoning, and a refused connection fails at once instead of being retried until the connect timeout.
    /// The caller owns it and must `try await client.shutdown()` when done.
    ///
    /// Clients made without an `httpClient` use one like it, built from ``LLMConfiguration/Timeout``.
    /// - Parameters:
    ///   - readTimeout: the longest gap between bytes of a reply.
    ///   - connectTimeout: the longest wait for a connection.
    public static func makeForLLM(
        readTimeout: Duration = .seconds(300),
        connectTimeout: Duration = .seconds(10)
    ) -> HTTPClient {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(
                connect: .milliseconds(connectTimeout.wholeMilliseconds),
                read: .milliseconds(readTimeout.wholeMilliseconds)
            )
        )
        // OkikLLM's retry policy decides about retries; AsyncHTTPClient would otherwise keep reconnecting to a
        // refused port until the connect timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }
}

extension Duration {
    /// The duration in whole milliseconds.
    var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
