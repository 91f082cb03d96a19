import Foundation
import Logging
import MCP

/// A transport that counts the requests it hands the server and the responses the server sends back, so a stdio
/// server whose client closed its input right after its last requests can still answer them before it exits.
actor MCPDrainingTransport: MCP.Transport {
    private let inner: any MCP.Transport
    private var received: Set<String> = []
    private var answered: Set<String> = []

    nonisolated let logger: Logger

    init(_ inner: any MCP.Transport, logger: Logger) {
        self.inner = inner
        self.logger = logger
    }

    func connect() async throws {
        try await inner.connect()
    }

    func disconnect() async {
        await inner.disconnect()
    }

    func send(_ data: Data) async throws {
        try await inner.send(data)
        if case .response(let id) = MCPHTTPTransport.classify(data) { answered.insert(id) }
    }

    func receive() -> AsyncThrowingStream<Data, any Error> {
        let upstream = inner
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: Data.self)
        let forward = Task {
            do {
                for try await data in await upstream.receive() {
                    if case .request(let id, _) = MCPHTTPTransport.classify(data) { self.noteRequest(id) }
                    continuation.yield(data)
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in forward.cancel() }
        return stream
    }

    /// Waits until every request read has been answered, or `limit` passed.
    func drain(within limit: Duration) async {
        let deadline = ContinuousClock.now + limit
        while !received.isSubset(of: answered), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    private func noteRequest(_ id: String) {
        received.insert(id)
    }
}
