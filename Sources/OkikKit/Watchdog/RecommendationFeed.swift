/// The watchdog's recommendations, newest last, bounded in memory; the server exposes it, and subscribers get each
/// new entry as it is added.
public actor RecommendationFeed {
    private var entries: [Recommendation] = []
    private var subscribers: [Int: AsyncStream<Recommendation>.Continuation] = [:]
    private var nextSubscriber = 0
    /// How many entries are kept; older ones are dropped first.
    public let capacity: Int

    /// Creates an empty feed.
    public init(capacity: Int = 1000) {
        self.capacity = max(1, capacity)
    }

    /// Adds an entry and hands it to subscribers.
    public func append(_ recommendation: Recommendation) {
        entries.append(recommendation)
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
        for continuation in subscribers.values { continuation.yield(recommendation) }
    }

    /// The entries, oldest first, optionally only the last `limit`.
    public func recommendations(limit: Int? = nil) -> [Recommendation] {
        guard let limit else { return entries }
        return Array(entries.suffix(max(0, limit)))
    }

    /// The number of entries held.
    public var count: Int { entries.count }

    /// How many ``updates(bufferSize:)`` streams are open (server-sent event clients, `okikctl watch`).
    public var subscriberCount: Int { subscribers.count }

    /// Every entry added from now on.
    public func updates(bufferSize: Int = 1000) -> AsyncStream<Recommendation> {
        let (stream, continuation) = AsyncStream<Recommendation>.makeStream(bufferingPolicy: .bufferingNewest(bufferSize))
        let id = nextSubscriber
        nextSubscriber += 1
        subscribers[id] = continuation
        continuation.onTermination = { _ in Task { await self.unsubscribe(id) } }
        return stream
    }

    private func unsubscribe(_ id: Int) {
        subscribers[id] = nil
    }
}
