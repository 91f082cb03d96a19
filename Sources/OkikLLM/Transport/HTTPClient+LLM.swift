import AsyncHTTPClient
import NIOCore

extension HTTPClient {
    /// Makes an `HTTPClient` suited to model providers: redirects are not followed (so headers such as
    /// `x-api-key` or `api-key` are never re-sent to another host) and the read timeout allows long silent
    /// reasoning. The caller owns it and must `try await client.shutdown()` when done.
    /// - Parameters:
    ///   - readTimeout: the longest gap between bytes of a reply.
    ///   - connectTimeout: the longest wait for a connection.
    public static func makeForLLM(
        readTimeout: Duration = .seconds(300),
        connectTimeout: Duration = .seconds(10)
    ) -> HTTPClient {
        let configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(
                connect: .milliseconds(connectTimeout.wholeMilliseconds),
                read: .milliseconds(readTimeout.wholeMilliseconds)
            )
        )
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
