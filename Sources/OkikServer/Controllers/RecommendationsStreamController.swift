import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OkikKit
import ServiceLifecycle
import Synchronization

/// GET /recommendations/stream (viewer): the watchdog's feed as server-sent events, one `data:` JSON
/// ``Recommendation`` (with `id:` its id) per entry added after the client connected, and a `: keep-alive` comment
/// every ``keepAlive`` while nothing happens. A client that reconnects with `Last-Event-ID` first gets the entries
/// the feed still holds after that one (all it holds when the id is no longer there), so a dropped connection loses
/// nothing the feed kept. `?replay=true` first sends all the feed holds, read after subscribing, so a client that
/// shows the feed and then follows it misses nothing added in between (`okikctl watch`). `?count=N` ends the stream
/// after N recommendations, replayed ones included (scripts, tests). A graceful shutdown
/// (SIGTERM) ends the stream cleanly, so it does not hold the server open. At most `maxSubscribers` clients follow
/// at once; one more gets 503 `unavailable` with `Retry-After`.
struct RecommendationsStreamController {
    let runtime: OkikRuntime
    let keepAlive: Duration
    let subscribers: StreamSlots

    init(runtime: OkikRuntime, keepAlive: Duration, maxSubscribers: Int) {
        self.runtime = runtime
        self.keepAlive = keepAlive
        self.subscribers = StreamSlots(limit: maxSubscribers)
    }

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
        guard subscribers.take() else {
            throw ServerError.unavailable("too many clients follow the feed; try again later", retryAfter: 30)
        }
        // The slot is given back when the stream ends, however it ends, or when the body never runs (the client
        // left before the head was written): the subscription is made in the body, so nothing is left behind then.
        let subscribers = subscribers
        let lease = Lease { subscribers.give() }
        let feed = runtime.watchdog.feed
        let lastEventID = request.headers[HTTPField.Name("Last-Event-ID")!]
        let keepAlive = keepAlive
        let (limit, replayingAll) = (count, replayAll)
        return Response(
            status: .ok, headers: ServerSentEvents.headers,
            body: ResponseBody { writer in
                defer { lease.release() }
                // Subscribed before the feed is read, so nothing added meanwhile is missed (an entry both replayed
                // and streamed is sent once).
                let updates = await feed.updates(bufferSize: 256)
                var replay: [Recommendation] = []
                if let last = lastEventID {
                    let held = await feed.recommendations()
                    let position = held.firstIndex { $0.id.uuidString == last.uppercased() }
                    replay = Array(held[(position.map { $0 + 1 } ?? 0)...])
                } else if replayingAll {
                    replay = await feed.recommendations()
                }
                let (frames, end) = Self.frames(updates, replay: replay, count: limit, keepAlive: keepAlive)
                // A write that fails (the client left) ends the producers and the subscription too.
                defer { end() }
                for await frame in frames {
                    try await writer.write(frame)
                }
                try await writer.finish(nil)
            })
    }

    /// Merges the recommendations with the keep-alive ticks; ends after `count` recommendations, when the feed's
    /// stream ends, on graceful shutdown (the producers inherit the request's shutdown context), or when the client
    /// goes away (which cancels both producers and ends the subscription).
    static func frames(
        _ updates: AsyncStream<Recommendation>, replay: [Recommendation], count: Int?, keepAlive: Duration,
        onTermination: @escaping @Sendable () -> Void = {}
    ) -> (frames: AsyncStream<ByteBuffer>, end: @Sendable () -> Void) {
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
            onTermination()
        }
        return (frames, { continuation.finish() })
    }
}

/// A count of slots taken, up to a limit (the stream's followers).
final class StreamSlots: Sendable {
    private let limit: Int
    private let taken = Mutex(0)

    init(limit: Int) {
        self.limit = limit
    }

    /// Takes a slot; false when all are taken.
    func take() -> Bool {
        taken.withLock { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
    }

    /// Gives a slot back.
    func give() {
        taken.withLock { $0 = max($0 - 1, 0) }
    }
}
