import Foundation
import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// Times a POST whose answer is server-sent events: from just before the request is sent to the arrival of the
/// first complete event of each kind (its `event:` name), and to the end of the stream.
///
/// ```swift
/// let timer = StreamTimer(url: "http://127.0.0.1:8000/chat/stream", headers: ["Authorization": "Bearer \(token)"])
/// let timing = try await timer.measure(body: #"{"message":"How is the cluster?"}"#, using: HTTPClient.shared)
/// print(timing.firstEvent["session"] ?? .zero)
/// ```
public struct StreamTimer: Sendable {
    /// One request's timings.
    public struct Timing: Sendable {
        /// The HTTP status of the answer.
        public var status: Int
        /// Per event name, when its first complete event arrived (from just before sending).
        public var firstEvent: [String: Duration]
        /// When the answer ended.
        public var total: Duration
    }

    /// The full URL to POST to.
    public var url: String
    /// Headers sent with the request (a bearer token); `Content-Type: application/json` is added.
    public var headers: [String: String]
    /// How long the whole answer may take.
    public var timeout: Duration

    /// Creates a timer for a URL.
    public init(url: String, headers: [String: String] = [:], timeout: Duration = .seconds(30)) {
        self.url = url
        self.headers = headers
        self.timeout = timeout
    }

    /// POSTs `body` and reads the answer to its end, noting when each event name first arrives.
    /// - Throws: a transport error or a timeout from AsyncHTTPClient.
    public func measure(body: String, using client: HTTPClient) async throws -> Timing {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
        let clock = ContinuousClock()
        let start = clock.now
        let response = try await client.execute(request, timeout: .nanoseconds(Int64(timeout / .nanoseconds(1))))
        var firstEvent: [String: Duration] = [:]
        var pending: [UInt8] = []
        for try await chunk in response.body {
            let arrived = clock.now - start
            pending.append(contentsOf: chunk.readableBytesView)
            for name in Self.completeEvents(in: &pending) where firstEvent[name] == nil {
                firstEvent[name] = arrived
            }
        }
        return Timing(status: Int(response.status.code), firstEvent: firstEvent, total: clock.now - start)
    }

    /// Takes the complete events (blocks ending in a blank line) off the front of `bytes` and returns their names
    /// (`message` for an event without an `event:` line); comments-only blocks (keep-alives) are skipped.
    static func completeEvents(in bytes: inout [UInt8]) -> [String] {
        var names: [String] = []
        let text = String(decoding: bytes, as: UTF8.self)
        guard let end = text.range(of: "\n\n", options: .backwards) else { return [] }
        for block in text[..<end.lowerBound].components(separatedBy: "\n\n") {
            let lines = block.split(separator: "\n")
            guard lines.contains(where: { !$0.hasPrefix(":") }) else { continue }
            let name = lines.first { $0.hasPrefix("event:") }
                .map { $0.dropFirst("event:".count).trimmingCharacters(in: .whitespaces) }
            names.append(name ?? "message")
        }
        bytes.removeFirst(text[..<end.upperBound].utf8.count)
        return names
    }
}
