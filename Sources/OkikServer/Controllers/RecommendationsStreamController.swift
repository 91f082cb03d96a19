import Hummingbird
import NIOCore
import OkikKit
import ServiceLifecycle

/// GET /recommendations/stream (viewer): the watchdog's feed as server-sent events, one `data:` JSON
/// ``Recommendation`` per entry added after the client connected, and a `: keep-alive` comment every
/// ``keepAlive`` while nothing happens. `?count=N` ends the stream after N recommendations (scripts, tests). A
/// graceful shutdown (SIGTERM) ends the stream cleanly, so it does not hold the server open.
struct RecommendationsStreamController {
    let runtime: OkikRuntime
    let keepAlive: Duration

    func stream(_ request: Request, context: OkikRequestContext) async throws -> Response {
        var count: Int?
        if let text = request.uri.queryParameters.get("count") {
            guard let value = Int(text), (1...10_000).contains(value) else {
                throw ServerError.badRequest("\"count\" must be a whole number from 1 to 10000", field: "count")
            }
            count = value
        }
        // Subscribed before the answer starts, so nothing added after the request is missed.
        let updates = await runtime.watchdog.feed.updates(bufferSize: 256)
        let frames = Self.frames(updates, count: count, keepAlive: keepAlive)
        return Response(status: .ok, headers: ServerSentEvents.headers, body: ResponseBody(asyncSequence: frames))
    }

    /// Merges the recommendations with the keep-alive ticks; ends after `count` recommendations, when the feed's
    /// stream ends, on graceful shutdown (the producers inherit the request's shutdown context), or when the client
    /// goes away (which cancels both producers and ends the subscription).
    static func frames(_ updates: AsyncStream<Recommendation>, count: Int?, keepAlive: Duration) -> AsyncStream<ByteBuffer> {
        let (frames, continuation) = AsyncStream<ByteBuffer>.makeStream(bufferingPolicy: .bufferingNewest(256))
        let forward = Task {
            await withGracefulShutdownHandler {
                var sent = 0
                for await recommendation in updates {
                    guard let frame = try? ServerSentEvents.event(recommendation) else { continue }
                    continuation.yield(frame)
                    sent += 1
                    if let count, sent >= count { break }
                }
            } onGracefulShutdown: {
                continuation.finish()
            }
            continuation.finish()
        }
        let ticks = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: keepAlive)
                if Task.isCancelled { break }
                continuation.yield(ServerSentEvents.keepAlive)
            }
        }
        continuation.onTermination = { _ in
            forward.cancel()
            ticks.cancel()
        }
        return frames
    }
}
