import Synchronization

/// Container logs of the simulated pods: current and previous instance per container, with followers.
public final class PodLogStore: Sendable {
    /// Which container's log.
    public struct Key: Hashable, Sendable {
        /// Namespace of the pod.
        public var namespace: String
        /// Pod name.
        public var pod: String
        /// Container name.
        public var container: String
        /// Creates a key.
        public init(namespace: String, pod: String, container: String) {
            self.namespace = namespace
            self.pod = pod
            self.container = container
        }
    }

    private struct Entry {
        var current: [String] = []
        var previous: [String]?
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var followers: [Key: [Int: AsyncStream<String>.Continuation]] = [:]
        var nextFollower = 0
    }

    private let state = Mutex(State())
    /// Lines kept per container instance.
    public let maxLines: Int

    /// Creates an empty log store.
    public init(maxLines: Int = 5_000) {
        self.maxLines = maxLines
    }

    /// Appends lines to a container's current log and wakes followers.
    public func append(_ lines: [String], to key: Key) {
        let followers = state.withLock { state -> [AsyncStream<String>.Continuation] in
            var entry = state.entries[key] ?? Entry()
            entry.current.append(contentsOf: lines)
            if entry.current.count > maxLines { entry.current.removeFirst(entry.current.count - maxLines) }
            state.entries[key] = entry
            return Array(state.followers[key]?.values ?? [:].values)
        }
        for follower in followers {
            for line in lines { follower.yield(line) }
        }
    }

    /// Starts a new container instance: the current log becomes the previous one.
    public func restart(_ key: Key) {
        state.withLock { state in
            var entry = state.entries[key] ?? Entry()
            entry.previous = entry.current
            entry.current = []
            state.entries[key] = entry
        }
    }

    /// Forgets a pod's logs and ends its followers.
    public func remove(namespace: String, pod: String) {
        let ended = state.withLock { state -> [AsyncStream<String>.Continuation] in
            let keys = state.entries.keys.filter { $0.namespace == namespace && $0.pod == pod }
            var ended: [AsyncStream<String>.Continuation] = []
            for key in keys {
                state.entries[key] = nil
                ended += state.followers.removeValue(forKey: key)?.values.map { $0 } ?? []
            }
            return ended
        }
        for continuation in ended { continuation.finish() }
    }

    /// The lines of the current or previous instance; nil when there is none.
    public func lines(for key: Key, previous: Bool = false) -> [String]? {
        state.withLock { state in
            guard let entry = state.entries[key] else { return previous ? nil : [] }
            return previous ? entry.previous : entry.current
        }
    }

    /// New lines as they are appended.
    func follow(_ key: Key) -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(maxLines))
        let id = state.withLock { state -> Int in
            let id = state.nextFollower
            state.nextFollower += 1
            state.followers[key, default: [:]][id] = continuation
            return id
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { state in _ = state.followers[key]?.removeValue(forKey: id) }
        }
        return stream
    }

    /// Ends every follower (server shutdown).
    func finishAll() {
        let all = state.withLock { state -> [AsyncStream<String>.Continuation] in
            let all = state.followers.values.flatMap { $0.values }
            state.followers = [:]
            return all
        }
        for continuation in all { continuation.finish() }
    }
}
