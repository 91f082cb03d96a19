import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import OkikLLM

/// A request the local server received, as the client sent it.
public struct RecordedRequest: Sendable {
    /// The method.
    public var method: String
    /// The path and query.
    public var path: String
    /// Header values by lowercased name (repeated headers joined with ", ").
    public var headers: [String: String]
    /// The body bytes.
    public var body: Data

    /// The body parsed as JSON (`null` when it is not JSON).
    public var json: JSONValue {
        (try? JSONValue(parsing: String(decoding: body, as: UTF8.self))) ?? .null
    }

    /// The body as UTF-8 text.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// What the server answers to one request.
public enum ScriptedReply: Sendable {
    /// A complete reply.
    case reply(status: Int = 200, headers: [String: String] = ["content-type": "application/json"], body: String)
    /// A streamed body, written chunk by chunk exactly as given.
    case chunks(status: Int = 200, headers: [String: String] = ["content-type": "text/event-stream"], [String])
    /// Some chunks, then the connection is dropped without finishing the body.
    case cut(headers: [String: String] = ["content-type": "text/event-stream"], [String])
    /// Headers never come: the server waits (up to 30 s) so the client's timeout fires.
    case hang
    /// Headers come, then nothing: the body stays open and silent for `seconds`, then the connection is dropped (a
    /// half-open stream, as behind a lost load balancer).
    case stall(headers: [String: String] = ["content-type": "application/json"], seconds: Int = 120)
    /// A complete reply sent only after `delay` of silence (a server that generates a long non-streamed reply).
    indirect case delayed(Duration, ScriptedReply)
}

/// A local HTTP server on 127.0.0.1 (ephemeral port) that answers each request with the next scripted reply, or
/// with what a responder makes of it, and records what it received. Replies are written byte for byte as a provider
/// would.
public actor ScriptedProviderServer {
    /// Decides the reply to a request; it sees every request received so far, this one last.
    public typealias Responder = @Sendable (_ request: RecordedRequest, _ earlier: [RecordedRequest]) -> ScriptedReply

    private var replies: [ScriptedReply]
    private let responder: Responder?
    /// The requests received, in order.
    public private(set) var requests: [RecordedRequest] = []
    /// The port it listens on.
    public nonisolated let port: Int

    private init(port: Int, replies: [ScriptedReply], responder: Responder?) {
        self.port = port
        self.replies = replies
        self.responder = responder
    }

    /// The base URL a client is configured with (`http://127.0.0.1:<port>/v1`).
    public nonisolated var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    private func take(_ request: RecordedRequest) -> ScriptedReply {
        let earlier = requests
        requests.append(request)
        if let responder { return responder(request, earlier) }
        guard !replies.isEmpty else {
            return .reply(status: 500, body: #"{"error":{"message":"no scripted reply left","type":"server_error"}}"#)
        }
        return replies.removeFirst()
    }

    private struct Cut: Error {}

    /// Starts a server with `replies`, runs `body`, then stops the server.
    public static func with<T: Sendable>(
        _ replies: [ScriptedReply],
        _ body: @Sendable (ScriptedProviderServer) async throws -> T
    ) async throws -> T {
        try await serve(replies: replies, responder: nil, body)
    }

    /// Starts a server that answers every request with what `responder` decides (for a client that asks an unknown
    /// number of times, such as the agent's loop), runs `body`, then stops the server.
    public static func with<T: Sendable>(
        responder: @escaping Responder,
        _ body: @Sendable (ScriptedProviderServer) async throws -> T
    ) async throws -> T {
        try await serve(replies: [], responder: responder, body)
    }

    private static func serve<T: Sendable>(
        replies: [ScriptedReply], responder: Responder?,
        _ body: @Sendable (ScriptedProviderServer) async throws -> T
    ) async throws -> T {
        let holder = Holder()
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let httpResponder = CallbackResponder<BasicRequestContext> { request, _ in
            var headers: [String: String] = [:]
            for field in request.headers {
                let name = field.name.canonicalName
                headers[name] = headers[name].map { $0 + ", " + field.value } ?? field.value
            }
            let bytes = try await request.body.collect(upTo: 16 * 1024 * 1024)
            let recorded = RecordedRequest(
                method: request.method.rawValue,
                path: request.uri.description,
                headers: headers,
                body: Data(bytes.readableBytesView)
            )
            guard let server = await holder.server else { throw Cut() }
            var reply = await server.take(recorded)
            while case .delayed(let delay, let inner) = reply {
                try await Task.sleep(for: delay)
                reply = inner
            }
            switch reply {
            case .reply(let status, let headers, let text):
                return Response(
                    status: .init(code: status),
                    headers: fields(headers),
                    body: ResponseBody(byteBuffer: ByteBuffer(string: text))
                )
            case .chunks(let status, let headers, let chunks):
                return Response(
                    status: .init(code: status),
                    headers: fields(headers),
                    body: ResponseBody { writer in
                        for chunk in chunks {
                            try await writer.write(ByteBuffer(string: chunk))
                            try await Task.sleep(for: .milliseconds(1))
                        }
                        try await writer.finish(nil)
                    }
                )
            case .cut(let headers, let chunks):
                return Response(
                    status: .ok,
                    headers: fields(headers),
                    body: ResponseBody { writer in
                        for chunk in chunks {
                            try await writer.write(ByteBuffer(string: chunk))
                        }
                        try await Task.sleep(for: .milliseconds(20))
                        throw Cut()
                    }
                )
            case .hang:
                try await Task.sleep(for: .seconds(30))
                throw Cut()
            case .stall(let headers, let seconds):
                return Response(
                    status: .ok,
                    headers: fields(headers),
                    body: ResponseBody { _ in
                        try await Task.sleep(for: .seconds(seconds))
                        throw Cut()
                    }
                )
            case .delayed:
                throw Cut()
            }
        }
        var logger = Logger(label: "okik.llm.tests.server")
        logger.logLevel = .critical
        let app = Application(
            responder: httpResponder,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: logger
        )
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else { throw Cut() }
            let server = ScriptedProviderServer(port: port, replies: replies, responder: responder)
            await holder.set(server)
            do {
                let result = try await body(server)
                group.cancelAll()
                return result
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }

    private actor Holder {
        var server: ScriptedProviderServer?
        func set(_ server: ScriptedProviderServer) { self.server = server }
    }
}

private func fields(_ headers: [String: String]) -> HTTPFields {
    var fields = HTTPFields()
    for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
        if let name = HTTPField.Name(name) { fields.append(HTTPField(name: name, value: value)) }
    }
    return fields
}

/// SSE framing helpers for writing provider streams in tests.
public enum SSE {
    /// `data: <json>\n\n` events, as OpenAI sends them.
    public static func data(_ payloads: [String]) -> String {
        payloads.map { "data: \($0)\n\n" }.joined()
    }

    /// `event: <type>\ndata: <json>\n\n` events, as Anthropic sends them.
    public static func events(_ pairs: [(String, String)]) -> String {
        pairs.map { "event: \($0.0)\ndata: \($0.1)\n\n" }.joined()
    }

    /// Splits text into pieces of `size` bytes (boundaries may fall anywhere, even inside a line).
    public static func split(_ text: String, every size: Int) -> [String] {
        let bytes = Array(text.utf8)
        return stride(from: 0, to: bytes.count, by: size).map {
            String(decoding: bytes[$0..<min($0 + size, bytes.count)], as: UTF8.self)
        }
    }
}

