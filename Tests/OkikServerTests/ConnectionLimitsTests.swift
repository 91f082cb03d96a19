import AsyncHTTPClient
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import OkikKit
import OkikServer
import OkikTesting
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a client can hold of the server without sending anything: a connection only until the idle timeout (while
/// an answer such as an event stream is still being written it stays), and a place on the feed's stream only while
/// there is room.
@Suite("Connection limits", .serialized)
struct ConnectionLimitsTests {
    /// Opens a TCP connection to the port, sends `text` (a request head cut short) and waits up to `wait` for the
    /// server to close it; true when it did.
    static func serverCloses(port: Int, after text: String, within wait: Duration) -> Bool {
        #if canImport(Glibc)
        let socketType = Int32(SOCK_STREAM.rawValue)
        #else
        let socketType = SOCK_STREAM
        #endif
        let fd = socket(AF_INET, socketType, 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return false }
        let seconds = wait.components.seconds
        var timeout = timeval(tv_sec: .init(seconds), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = text.withCString { send(fd, $0, strlen($0), 0) }
        var buffer = [UInt8](repeating: 0, count: 256)
        // 0: the server closed the connection; -1: the wait ran out with it still open.
        return recv(fd, &buffer, buffer.count, 0) == 0
    }

    @Test func aConnectionThatSendsNothingMoreIsClosedAfterTheIdleTimeout() async throws {
        try await ServerFixture.run(scenario: "healthy", testing: .live, idleTimeout: .milliseconds(500)) { server in
            let port = try #require(server.client.port)
            let started = ContinuousClock.now
            let closed = await Task.detached {
                Self.serverCloses(port: port, after: "GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthoriz", within: .seconds(4))
            }.value
            #expect(closed, "a request head cut short holds the connection")
            #expect(ContinuousClock.now - started < .seconds(3))
        }
    }

    @Test func anEventStreamQuieterThanTheIdleTimeoutIsNotCut() async throws {
        try await ServerFixture.run(
            scenario: "healthy", keepAlive: .milliseconds(1200), testing: .live, idleTimeout: .milliseconds(300)
        ) { server in
            let port = try #require(server.client.port)
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/recommendations/stream")
            request.headers.add(name: "Authorization", value: "Bearer \(ServerFixture.tokens[.viewer]!)")
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            #expect(response.status == .ok)
            // Two keep-alives, 1.2 s apart, each well past the idle timeout: the answer still being written, the
            // connection is not idle.
            let text = try await ServerFixture.within(.seconds(8)) {
                var text = ""
                for try await buffer in response.body {
                    text += String(buffer: buffer)
                    if text.components(separatedBy: ": keep-alive").count > 2 { break }
                }
                return text
            }
            #expect(text.components(separatedBy: ": keep-alive").count > 2, "\(text)")
        }
    }

    @Test func followersOfTheFeedAreCapped() async throws {
        try await ServerFixture.run(scenario: "crashloop", level: .l2, keepAlive: .milliseconds(50), maxStreamSubscribers: 1) {
            server in
            let feed = server.runtime.watchdog.feed
            let first = Task { try await server.send(.get, "/recommendations/stream?count=1", as: .viewer) }
            try await ServerFixture.eventually { await feed.subscriberCount == 1 }
            let refused = try await ServerFixture.value(
                of: Task { try await server.send(.get, "/recommendations/stream", as: .viewer) }, within: .seconds(5))
            #expect(refused.status == .serviceUnavailable)
            #expect(refused.headers[.retryAfter] == "30")
            #expect(String(buffer: refused.body).contains(#""error":"unavailable""#))
            #expect(await feed.subscriberCount == 1)

            // The first stream ends (after one recommendation): its place is free again.
            let watchdog = Task { try await server.runtime.watchdog.run() }
            defer { watchdog.cancel() }
            #expect(try await ServerFixture.value(of: first, within: .seconds(30)).status == .ok)
            try await ServerFixture.eventually { await feed.subscriberCount == 0 }
            let again = try await ServerFixture.value(
                of: Task { try await server.send(.get, "/recommendations/stream?replay=true&count=1", as: .viewer) },
                within: .seconds(10))
            #expect(again.status == .ok)
            watchdog.cancel()
            _ = await watchdog.result
        }
    }
}
