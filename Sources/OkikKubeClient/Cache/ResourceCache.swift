import Logging
import Synchronization

/// An informer: keeps a local store of one kind current from a list and a watch, and hands out consistent
/// snapshots and a stream of changes.
///
/// Call ``run()`` in a task (it returns when the task is cancelled); read with ``snapshot()``, ``object(namespace:name:)``
/// and ``changes(bufferSize:)``. Dropped watches resume from the last resourceVersion; a 410 relists and turns the
/// difference into events, so the store never loses or duplicates an object.
public actor ResourceCache<R: KubernetesResource> {
    private let resources: ResourceClient<R>
    private let selectors: ListOptions
    private let watchTimeoutSeconds: Int
    private let logger: Logger
    private var lastActivity = ContinuousClock.now
    private var watchStarted = ContinuousClock.now
    private var store: [String: R] = [:]
    private var subscribers: [Int: AsyncStream<WatchEvent<R>>.Continuation] = [:]
    private var nextSubscriber = 0
    private var syncWaiters: [CheckedContinuation<Void, Never>] = []
    /// True once the initial list has been stored.
    public private(set) var hasSynced = false
    /// The resourceVersion the store reflects.
    public private(set) var resourceVersion: String?
    /// Objects the model cannot decode, left out of the store (by `namespace/name`), so one bad object never stops
    /// the informer.
    private nonisolated let unreadableObjects = UndecodableObjects()

    /// Creates a cache over a resource client (one namespace or all) with optional selectors. Each watch request
    /// asks the server to end it after `watchTimeoutSeconds`; a watch that brings nothing for that long and a margin
    /// (a tenth, at least 5 s) is opened again, so a connection gone silent (a lost API server node, a flow a load
    /// balancer dropped) cannot leave the cache stale while it looks current.
    public init(
        _ resources: ResourceClient<R>, selectors: ListOptions = ListOptions(), watchTimeoutSeconds: Int = 300,
        logger: Logger
    ) {
        self.resources = resources
        self.selectors = selectors
        self.watchTimeoutSeconds = max(1, watchTimeoutSeconds)
        self.logger = logger
    }

    /// How long a watch may bring nothing before it counts as stalled.
    private var stallLimit: Duration {
        .seconds(watchTimeoutSeconds + max(5, watchTimeoutSeconds / 10))
    }

    /// A watch that brought nothing for longer than ``stallLimit``.
    private struct WatchStalled: Error, CustomStringConvertible {
        var limit: Duration
        var description: String { "the watch brought nothing for \(limit); opening it again" }
    }

    /// Lists, then watches until the calling task is cancelled. Transient failures are retried with backoff.
    /// - Throws: `CancellationError` when cancelled; ``KubeError`` for failures that retrying cannot cure
    ///   (unauthorized, forbidden, not found).
    public func run() async throws {
        var failures = 0
        while !Task.isCancelled {
            do {
                if !hasSynced || resourceVersion == nil { try await relist() }
                let unreadable = unreadableObjects
                let stream = resources.watch(
                    WatchOptions(
                        selectors: selectors, resourceVersion: resourceVersion, knownObjects: Array(store.values),
                        timeoutSeconds: watchTimeoutSeconds, skipUndecodable: true,
                        onUndecodable: { item in unreadable.record(item) },
                        onUndecodableDeleted: { namespace, name in unreadable.forget("\(namespace ?? "")/\(name ?? "")") },
                        onUndecodableRelisted: { items in unreadable.replace(with: items) }))
                lastActivity = .now
                watchStarted = lastActivity
                let limit = stallLimit
                // The watch in one child task, a monitor in another: a watch silent past the limit is cancelled
                // (which closes its connection) and opened again from the last resourceVersion.
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for try await event in stream { await self.receive(event) }
                    }
                    group.addTask {
                        while true {
                            try await Task.sleep(for: .seconds(1))
                            if await ContinuousClock.now - self.lastActivity > limit { throw WatchStalled(limit: limit) }
                        }
                    }
                    defer { group.cancelAll() }
                    try await group.next()
                }
                failures = 0
            } catch let stalled as WatchStalled {
                logger.debug(
                    "resource cache watch stalled; opening it again",
                    metadata: [
                        "okik.kube.resource": "\(R.groupVersionResource.qualifiedResource)", "okik.kube.error": "\(stalled)",
                    ])
                if Task.isCancelled { break }
            } catch is CancellationError {
                break
            } catch let error as KubeError where [.unauthorized, .forbidden, .notFound].contains(error.code) {
                finishSubscribers()
                throw error
            } catch {
                if lastActivity > watchStarted { failures = 0 }  // it worked for a while before it failed
                failures += 1
                logger.warning(
                    "resource cache watch failed; retrying",
                    metadata: [
                        "okik.kube.resource": "\(R.groupVersionResource.qualifiedResource)",
                        "okik.kube.error": "\(error)",
                    ])
                let delay = resources.client.transport.backoff(attempt: min(failures, 8), retryAfterSeconds: nil)
                do { try await Task.sleep(for: delay) } catch { break }
            }
        }
        finishSubscribers()
        if Task.isCancelled { throw CancellationError() }
    }

    /// Suspends until the initial list is in the store.
    public func waitUntilSynced() async {
        if hasSynced { return }
        await withCheckedContinuation { syncWaiters.append($0) }
    }

    /// Every cached object, sorted by namespace and name.
    public func snapshot() -> [R] {
        store.keys.sorted().compactMap { store[$0] }
    }

    /// The number of cached objects.
    public var count: Int { store.count }

    /// Objects left out because the model cannot decode them, sorted by namespace and name.
    public nonisolated var unreadable: [UndecodableItem] {
        unreadableObjects.all
    }

    /// One cached object.
    public func object(namespace: String?, name: String) -> R? {
        store["\(namespace ?? "")/\(name)"]
    }

    /// A stream of every change applied to the store from now on.
    ///
    /// If the consumer falls more than `bufferSize` events behind, its stream finishes (it should take a new
    /// ``snapshot()`` and subscribe again) rather than silently missing changes.
    public func changes(bufferSize: Int = 10_000) -> AsyncStream<WatchEvent<R>> {
        let (stream, continuation) = AsyncStream<WatchEvent<R>>.makeStream(bufferingPolicy: .bufferingOldest(bufferSize))
        let id = nextSubscriber
        nextSubscriber += 1
        subscribers[id] = continuation
        continuation.onTermination = { [weak self] _ in
            Task { await self?.unsubscribe(id) }
        }
        return stream
    }

    private func unsubscribe(_ id: Int) {
        subscribers[id] = nil
    }

    private func relist() async throws {
        let lenient = try await resources.listLenient(selectors)
        let list = lenient.list
        unreadableObjects.replace(with: lenient.skipped)
        for item in lenient.skipped {
            logger.warning(
                "left out an object that cannot be decoded",
                metadata: ["okik.kube.object": "\(item.objectDescription)", "okik.kube.error": "\(item.path): \(item.reason)"])
        }
        var fresh: [String: R] = [:]
        for object in list.items { fresh[Self.key(object)] = object }
        if hasSynced {
            for (key, object) in fresh {
                if let old = store[key] {
                    if old.metadata.resourceVersion != object.metadata.resourceVersion { broadcast(.modified(object)) }
                } else {
                    broadcast(.added(object))
                }
            }
            for (key, object) in store where fresh[key] == nil { broadcast(.deleted(object)) }
        }
        store = fresh
        resourceVersion = list.metadata.resourceVersion
        if !hasSynced {
            hasSynced = true
            for waiter in syncWaiters { waiter.resume() }
            syncWaiters = []
        }
    }

    /// One event from the watch: applied, and the watch counts as alive.
    private func receive(_ event: WatchEvent<R>) {
        lastActivity = .now
        apply(event)
    }

    private func apply(_ event: WatchEvent<R>) {
        switch event {
        case .added(let object), .modified(let object):
            store[Self.key(object)] = object
            unreadableObjects.forget(Self.key(object))
            advance(to: object.metadata.resourceVersion)
        case .deleted(let object):
            store[Self.key(object)] = nil
            unreadableObjects.forget(Self.key(object))
            advance(to: object.metadata.resourceVersion)
        case .bookmark(let version):
            advance(to: version)
            return
        }
        broadcast(event)
    }

    /// Moves the store's resourceVersion to `version`, never backwards: the differences a relist reports carry the
    /// objects' own (older) versions, a `DELETED` difference even the version the object had before it went. The
    /// API calls versions opaque, but every server issues integers; two that are not both integers are taken as
    /// they come.
    private func advance(to version: String?) {
        guard let version, !version.isEmpty else { return }
        if let current = resourceVersion.flatMap(UInt64.init), let next = UInt64(version), next < current { return }
        resourceVersion = version
    }

    private func broadcast(_ event: WatchEvent<R>) {
        for (id, continuation) in subscribers {
            if case .dropped = continuation.yield(event) {
                continuation.finish()
                subscribers[id] = nil
            }
        }
    }

    private func finishSubscribers() {
        for continuation in subscribers.values { continuation.finish() }
        subscribers = [:]
    }

    private static func key(_ object: R) -> String {
        "\(object.metadata.namespace ?? "")/\(object.metadata.name ?? "")"
    }
}

/// The objects an informer left out, by `namespace/name`; shared with the watch's callback, hence a locked box.
final class UndecodableObjects: Sendable {
    private let items = Mutex<[String: UndecodableItem]>([:])

    private static func key(_ item: UndecodableItem) -> String { "\(item.namespace ?? "")/\(item.name ?? "")" }

    func record(_ item: UndecodableItem) { items.withLock { $0[Self.key(item)] = item } }

    func replace(with list: [UndecodableItem]) {
        items.withLock { items in
            items = Dictionary(list.map { (Self.key($0), $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    func forget(_ key: String) { items.withLock { _ = $0.removeValue(forKey: key) } }

    var all: [UndecodableItem] { items.withLock { items in items.keys.sorted().compactMap { items[$0] } } }
}
