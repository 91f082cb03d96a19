import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OkikKit
import ServiceLifecycle

/// GET /recommendations/stream (viewer): the watchdog's feed as server-sent events, one `data:` JSON
/// ``Recommendation`` (with `id:` its id) per entry added after the client connected, and a `: keep-alive` comment
/// every ``keepAlive`` while nothing happens. A client that reconnects with `Last-Event-ID` first gets the entries
/// the feed still holds after that one (all it holds when the id is no longer there), so a dropped connection loses
/// nothing the feed kept. `?replay=true` first sends all the feed holds, read after subscribing, so a client that
/// shows the feed and then follows it misses nothing added in between (`okikctl watch`). `?count=N` ends the stream
/// after N recommendations, replayed ones included (scripts, tests). A graceful shutdown
/// (SIGTERM) ends the stream cleanly, so it does not hold the server open.
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
        var replayAll = false
        if let text = request.uri.queryParameters.get("replay") {
            guard let value = Bool(String(text)) else {
                throw ServerError.badRequest("\"replay\" must be true or false", field: "replay")
            }
            replayAll = value
        }
        // Subscribed before the feed is read and before the answer starts, so nothing added meanwhile is missed
        // (an entry both replayed and streamed is sent once).
        let feed = runtime.watchdog.feed
        let updates = await feed.updates(bufferSize: 256)
        var replay: [Recommendation] = []
        if let last = request.headers[HTTPField.Name("Last-Event-ID")!] {
            let held = await feed.recommendations()
            let position = held.firstIndex { $0.id.uuidString == last.uppercased() }
            replay = Array(held[(position.map { $0 + 1 } ?? 0)...])
        } else if replayAll {
            replay = await feed.recommendations()
        }
        let frames = Self.frames(updates, replay: replay, count: count, keepAlive: keepAlive)
        return Response(status: .ok, headers: ServerSentEvents.headers, body: ResponseBody(asyncSequence: frames))
    }

    /// Merges the recommendations with the keep-alive ticks; ends after `count` recommendations, when the feed's
    /// stream ends, on graceful shutdown (the producers inherit the request's shutdown context), or when the client
    /// goes away (which cancels both producers and ends the subscription).
    static func frames(
        _ updates: AsyncStream<Recommendation>, replay: [Recommendation], count: Int?, keepAlive: Duration
    ) -> AsyncStream<ByteBuffer> {
        let (frames, continuation) = AsyncStream<ByteBuffer>.makeStream(bufferingPolicy: .bufferingNewest(256 + replay.count))
        let forward = Task {
            await withGracefulShutdownHandler {
                var sent = 0
                let replayed = Set(replay.map(\.id))
                func send(_ recommendation: Recommendation) -> Bool {
                    guard let frame = try? ServerSentEvents.event(recommendation, id: recommendation.id.uuidString) else {
                        return true
                    }
                    continuation.yield(frame)
                    sent += 1
                    return count.map { sent < $0 } ?? true
                }
                for recommendation in replay where !send(recommendation) {
                    continuation.finish()
                    return
                }
                for await recommendation in updates where !replayed.contains(recommendation.id) {
                    if !send(recommendation) { break }
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
