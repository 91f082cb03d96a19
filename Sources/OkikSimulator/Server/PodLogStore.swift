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

        /// Appends lines, keeping the newest `limit`.
        mutating func append(_ lines: [String], keeping limit: Int) {
            current.append(contentsOf: lines)
            if current.count > limit { current.removeFirst(current.count - limit) }
        }

        /// A new container instance: the current log becomes the previous one.
        mutating func restart() {
            previous = current
            current = []
        }
    }

    /// A pod, whose containers' logs are kept together so a pod's removal finds them at once.
    private struct PodID: Hashable {
        var namespace: String
        var pod: String

        init(_ key: Key) {
            namespace = key.namespace
            pod = key.pod
        }

        init(namespace: String, pod: String) {
            self.namespace = namespace
            self.pod = pod
        }
    }

    private struct State {
        /// Logs by pod, then by container name.
        var entries: [PodID: [String: Entry]] = [:]
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
        let maxLines = self.maxLines
        let followers = state.withLock { state -> [AsyncStream<String>.Continuation] in
            // Changed in place: a copy of the entry would copy its lines on every append.
            state.entries[PodID(key), default: [:]][key.container, default: Entry()].append(lines, keeping: maxLines)
            return state.followers.isEmpty ? [] : Array(state.followers[key]?.values ?? [:].values)
        }
        for follower in followers {
            for line in lines { follower.yield(line) }
        }
    }

    /// Starts a new container instance: the current log becomes the previous one.
    public func restart(_ key: Key) {
        state.withLock { state in
            state.entries[PodID(key), default: [:]][key.container, default: Entry()].restart()
        }
    }

    /// Forgets a pod's logs and ends its followers.
    public func remove(namespace: String, pod: String) {
        let ended = state.withLock { state -> [AsyncStream<String>.Continuation] in
            state.entries[PodID(namespace: namespace, pod: pod)] = nil
            var ended: [AsyncStream<String>.Continuation] = []
            let following = state.followers.keys.filter { $0.namespace == namespace && $0.pod == pod }
            for key in following {
                ended += state.followers.removeValue(forKey: key)?.values.map { $0 } ?? []
            }
            return ended
        }
        for continuation in ended { continuation.finish() }
    }

    /// The lines of the current or previous instance; nil when there is none.
    public func lines(for key: Key, previous: Bool = false) -> [String]? {
        state.withLock { state in
            guard let entry = state.entries[PodID(key)]?[key.container] else { return previous ? nil : [] }
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
