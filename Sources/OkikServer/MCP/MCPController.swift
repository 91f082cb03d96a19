import Foundation
import HTTPTypes
import Hummingbird
import MCP
import NIOCore
import ServiceLifecycle

/// GET, POST and DELETE /mcp (operator): MCP's streamable HTTP transport for the token's holder, whose tool calls
/// the gate decides as `mcp:NAME`. Bridges Hummingbird's requests to ``MCPHTTPSessions`` and back; a GET's event
/// stream carries a keep-alive comment while idle and ends on graceful shutdown.
struct MCPController {
    let sessions: MCPHTTPSessions
    let maxBodyBytes: Int
    let keepAlive: Duration

    func handle(_ request: Hummingbird.Request, context: OkikRequestContext) async throws -> Hummingbird.Response {
        guard let identity = context.identity else { throw ServerError.unauthorized("a token is required") }
        var request = request
        var body: Data?
        if request.method == .post {
            let buffer: ByteBuffer
            do {
                buffer = try await request.collectBody(upTo: maxBodyBytes)
            } catch is NIOTooManyBytesError {
                throw ServerError.payloadTooLarge(limit: maxBodyBytes)
            }
            body = Data(buffer.readableBytesView)
        }
        var headers: [String: String] = [:]
        for field in request.headers {
            let name = field.name.canonicalName
            headers[name] = headers[name].map { "\($0), \(field.value)" } ?? field.value
        }
        let answer = await sessions.handle(
            MCP.HTTPRequest(method: request.method.rawValue, headers: headers, body: body, path: request.uri.path),
            owner: identity.name)
        return response(answer)
    }

    private func response(_ answer: MCP.HTTPResponse) -> Hummingbird.Response {
        var fields = HTTPFields()
        for (name, value) in answer.headers.sorted(by: { $0.key < $1.key }) {
            if let name = HTTPField.Name(name) { fields[name] = value }
        }
        let status = HTTPTypes.HTTPResponse.Status(code: answer.statusCode)
        if case .stream(let stream, _) = answer {
            fields[HTTPField.Name("X-Accel-Buffering")!] = "no"
            return Hummingbird.Response(
                status: status, headers: fields, body: ResponseBody(asyncSequence: Self.frames(stream, keepAlive: keepAlive)))
        }
        return Hummingbird.Response(
            status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.bodyData ?? Data())))
    }

    /// The session's event stream with `: keep-alive` comments while idle; ends when the session's stream ends, the
    /// client goes away, or the server shuts down gracefully.
    static func frames(_ stream: AsyncThrowingStream<Data, any Error>, keepAlive: Duration) -> AsyncStream<ByteBuffer> {
        let (frames, continuation) = AsyncStream<ByteBuffer>.makeStream(bufferingPolicy: .bufferingNewest(256))
        let forward = Task {
            await withGracefulShutdownHandler {
                do {
                    for try await data in stream { continuation.yield(ByteBuffer(bytes: data)) }
                } catch {}
            } onGracefulShutdown: {
                continuation.finish()
            }
            continuation.finish()
        }
        let ticks = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: keepAlive)
                if Task.isCancelled { break }
                continuation.yield(ByteBuffer(string: ": keep-alive\n\n"))
            }
        }
        continuation.onTermination = { _ in
            forward.cancel()
            ticks.cancel()
        }
        return frames
    }
}
