import AsyncHTTPClient
import Synchronization

/// The HTTP clients OkikLLM sends with when it is given none: one per pair of connect and read timeouts, made on
/// first use and kept for the life of the process, like `HTTPClient.shared` (so nobody has to shut them down).
///
/// `HTTPClient.shared` does not fit model servers: its 90 s read timeout cut off any non-streamed reply that took
/// longer, whatever the configured timeout, and it retried a refused connection until its 90 s connect timeout
/// (three attempts took 271 s to report a server that was not running). These clients take both timeouts from the
/// configuration, fail a refused connection at once, and do not follow redirects (a redirect would re-send
/// `x-api-key` or `api-key` to another host; it is reported naming the `Location`).
enum LLMHTTPClients {
    private struct Key: Hashable {
        var connectMilliseconds: Int64
        var readMilliseconds: Int64
    }

    private static let clients = Mutex<[Key: HTTPClient]>([:])

    /// The client for `timeout`'s connect and read timeouts. Configurations share a client when their timeouts are
    /// equal; the set stays as small as the number of distinct timeout pairs a program uses.
    static func client(for timeout: LLMConfiguration.Timeout) -> HTTPClient {
        let key = Key(
            connectMilliseconds: max(1, timeout.connect.wholeMilliseconds),
            readMilliseconds: max(1, timeout.effectiveRead.wholeMilliseconds))
        return clients.withLock { clients in
            if let client = clients[key] { return client }
            let client = HTTPClient.makeForLLM(
                readTimeout: .milliseconds(key.readMilliseconds), connectTimeout: .milliseconds(key.connectMilliseconds))
            clients[key] = client
            return client
        }
    }
}
