import AsyncHTTPClient
import Foundation
import NIOCore

/// A watch as an `AsyncSequence` of typed events.
///
/// It is pull-based: bytes are read from the server only as fast as the consumer takes events, so memory stays
/// bounded however slow the consumer is (no unbounded buffer). After a dropped connection or a server timeout it
/// reconnects from the last resourceVersion it saw (bookmarks included); after 410 Gone it lists again and emits the
/// differences (`ADDED`/`MODIFIED` for new or changed objects, `DELETED` for vanished ones), so no change is lost
/// and none is duplicated. Reconnects back off with the client's retry schedule (honouring a 429's `Retry-After`); a
/// failed open, a dropped connection, an in-stream error and a connection that ends at once without an object event
/// count as failures, and after `maxConsecutiveFailures` in a row the sequence throws.
public struct WatchStream<R: KubernetesResource>: AsyncSequence, Sendable {
    public typealias Element = WatchEvent<R>

    let resources: ResourceClient<R>
    let options: WatchOptions

    public func makeAsyncIterator() -> Iterator {
        var known: [String: R] = [:]
        for object in options.knownObjects {
            if let typed = object as? R { known[Iterator.key(typed)] = typed }
        }
        return Iterator(resources: resources, options: options, resourceVersion: options.resourceVersion, known: known)
    }

    /// The iterator; use it from one task at a time.
    public struct Iterator: AsyncIteratorProtocol {
        let resources: ResourceClient<R>
        let options: WatchOptions
        /// The last resourceVersion seen (event or bookmark); where a reconnect resumes.
        private(set) var resourceVersion: String?
        private var known: [String: R]
        private var pending: [WatchEvent<R>] = []
        private var pendingIndex = 0
        private var body: HTTPClientResponse.Body.AsyncIterator?
        private var lines = LineBuffer()
        private var finished = false
        private var failures = 0
        private var opened = false
        /// When the current connection was opened, and whether it has delivered an object event: a connection that
        /// ends sooner than ``shortConnection`` without one counts as a failure (backed off, counted towards
        /// `maxConsecutiveFailures`), so a server that closes every watch at once is not hammered in a hot loop.
        private var connectedAt: ContinuousClock.Instant?
        private var deliveredObjects = false

        init(resources: ResourceClient<R>, options: WatchOptions, resourceVersion: String?, known: [String: R]) {
            self.resources = resources
            self.options = options
            self.resourceVersion = resourceVersion
            self.known = known
        }

        static func key(_ object: R) -> String { "\(object.metadata.namespace ?? "")/\(object.metadata.name ?? "")" }

        public mutating func next() async throws -> WatchEvent<R>? {
            while true {
                if pendingIndex < pending.count {
                    let event = pending[pendingIndex]
                    pendingIndex += 1
                    if pendingIndex == pending.count {
                        pending.removeAll(keepingCapacity: true)
                        pendingIndex = 0
                    }
                    return event
                }
                if finished { return nil }
                try Task.checkCancellation()
                if body == nil {
                    if opened && !options.reconnect {
                        finished = true
                        return nil
                    }
                    try await open()
                    continue
                }
                if let line = try lines.nextLine() {
                    if !line.isEmpty { try await handle(line) }
                    continue
                }
                let chunk: ByteBuffer?
                do {
                    chunk = try await body?.next()
                } catch is CancellationError {
                    throw CancellationError()
                } catch {
                    if Task.isCancelled { throw CancellationError() }
                    try await connectionFailed(error)
                    continue
                }
                guard let chunk else {
                    // The server closed the stream (timeoutSeconds): reconnect or finish. A close that came at once
                    // with no object event counts as a failure, so it is backed off rather than retried in a loop.
                    if options.reconnect, !connectionWasHealthy {
                        try await connectionFailed(
                            KubeError(
                                code: .serverError,
                                message: "the server ended the watch of \(resources.resource.qualifiedResource) at once, without an event"))
                    } else {
                        if connectionWasHealthy { failures = 0 }
                        closeConnection()
                    }
                    continue
                }
                lines.append(chunk.readableBytesView)
            }
        }

        /// How long a connection must last, if it delivers no object event, to count as working.
        private var shortConnection: Duration {
            Swift.min(.seconds(1), .seconds(Swift.max(1, options.timeoutSeconds)) / 2)
        }

        /// Whether the current connection worked: it delivered an object event or lasted past ``shortConnection``.
        private var connectionWasHealthy: Bool {
            if deliveredObjects { return true }
            guard let connectedAt else { return false }
            return ContinuousClock.now - connectedAt >= shortConnection
        }

        private mutating func closeConnection() {
            body = nil
            lines = LineBuffer()
            connectedAt = nil
            deliveredObjects = false
        }

        private mutating func open() async throws {
            var query = options.selectors.queryItems.filter { $0.0 == "labelSelector" || $0.0 == "fieldSelector" }
            query.append(("watch", "true"))
            if options.allowBookmarks { query.append(("allowWatchBookmarks", "true")) }
            if let resourceVersion, !resourceVersion.isEmpty { query.append(("resourceVersion", resourceVersion)) }
            query.append(("timeoutSeconds", String(options.timeoutSeconds)))
            query.sort { $0.0 < $1.0 }
            let request = KubeRequest(
                method: "GET", path: resources.collectionPath(), query: query, resource: resources.resource)
            do {
                let response = try await resources.client.transport.stream(request)
                body = response.body.makeAsyncIterator()
                opened = true
                connectedAt = .now
                deliveredObjects = false
            } catch let error as KubeError where error.code == .gone {
                opened = true
                try await gone(error)
            } catch let error as KubeError where error.isRetryable {
                try await connectionFailed(error)
            }
        }

        private mutating func handle(_ line: ArraySlice<UInt8>) async throws {
            let decoded: WatchLine<R>
            do {
                decoded = try KubeJSON.decoder.decode(WatchLine<R>.self, from: Data(line))
            } catch let error as DecodingError {
                if options.skipUndecodable, let identity = try? KubeJSON.decoder.decode(WatchIdentityLine.self, from: Data(line)) {
                    skip(identity, error)
                    return
                }
                throw KubeError(
                    code: .decoding,
                    message: "cannot decode a watch event of \(resources.resource.qualifiedResource): \(KubeClient.describe(error))",
                    underlying: error)
            }
            switch decoded.payload {
            case .object(let object):
                if let version = object.metadata.resourceVersion { resourceVersion = version }
                deliveredObjects = true
                failures = 0
                let key = Self.key(object)
                switch decoded.type {
                case "ADDED":
                    known[key] = object
                    pending.append(.added(object))
                case "MODIFIED":
                    known[key] = object
                    pending.append(.modified(object))
                default:
                    known[key] = nil
                    pending.append(.deleted(object))
                }
            case .bookmark(let version):
                if !version.isEmpty {
                    resourceVersion = version
                    pending.append(.bookmark(resourceVersion: version))
                }
            case .error(let status):
                let error = KubeError(
                    code: status.code == 410 ? .gone : .serverError,
                    message: status.message ?? "watch error", httpStatus: status.code, status: status)
                if error.code == .gone {
                    closeConnection()
                    try await gone(error)
                } else {
                    try await connectionFailed(error)
                }
            }
        }

        /// Leaves out an event whose object cannot be decoded: the watch moves past it, and a known object that became
        /// unreadable is reported deleted, so the store never holds a stale version of it. An undecodable `DELETED`
        /// is reported through `onUndecodableDeleted` (the object is gone, so nothing is left out any more).
        private mutating func skip(_ identity: WatchIdentityLine, _ error: DecodingError) {
            let metadata = identity.object?.metadata
            if let version = metadata?.resourceVersion { resourceVersion = version }
            let key = "\(metadata?.namespace ?? "")/\(metadata?.name ?? "")"
            if let old = known.removeValue(forKey: key) { pending.append(.deleted(old)) }
            if identity.type == "DELETED" {
                // Gone from the cluster: nothing is left out any more.
                options.onUndecodableDeleted?(metadata?.namespace, metadata?.name)
                return
            }
            options.onUndecodable?(
                UndecodableItem(
                    kind: R.groupVersionKind.kind, namespace: metadata?.namespace, name: metadata?.name, index: 0,
                    error: error))
        }

        /// The resourceVersion is too old: list again and turn the difference into events.
        private mutating func gone(_ error: KubeError) async throws {
            guard options.relistOnGone else { throw error }
            var listOptions = options.selectors
            listOptions.resourceVersion = nil
            listOptions.continue = nil
            let list: ResourceList<R>
            if options.skipUndecodable {
                let lenient = try await resources.listLenient(listOptions)
                for item in lenient.skipped { options.onUndecodable?(item) }
                options.onUndecodableRelisted?(lenient.skipped)
                list = lenient.list
            } else {
                list = try await resources.list(listOptions)
            }
            var seen = Set<String>()
            for object in list.items {
                let key = Self.key(object)
                seen.insert(key)
                if let previous = known[key] {
                    if previous.metadata.resourceVersion != object.metadata.resourceVersion {
                        pending.append(.modified(object))
                    }
                } else {
                    pending.append(.added(object))
                }
                known[key] = object
            }
            for (key, object) in known where !seen.contains(key) {
                known[key] = nil
                pending.append(.deleted(object))
            }
            resourceVersion = list.metadata.resourceVersion
            // The list's version, after the differences: a consumer that tracks the version from events (an
            // informer) ends at the list's version, not at the old version a `DELETED` difference carries.
            if let version = list.metadata.resourceVersion, !version.isEmpty {
                pending.append(.bookmark(resourceVersion: version))
            }
            closeConnection()
        }

        /// A failed open, a dropped connection, an in-stream error or a connection that ended at once: backs off
        /// (honouring the server's `Retry-After`) or, after `maxConsecutiveFailures` in a row, throws.
        private mutating func connectionFailed(_ error: any Error) async throws {
            if connectionWasHealthy { failures = 0 }  // it worked for a while before it failed
            closeConnection()
            failures += 1
            guard options.reconnect, failures < options.maxConsecutiveFailures else {
                if let error = error as? KubeError { throw error }
                throw KubeTransport.transportError(
                    error, request: KubeRequest(method: "GET", path: resources.collectionPath()), timeout: nil)
            }
            let delay = resources.client.transport.backoff(
                attempt: failures, retryAfterSeconds: (error as? KubeError)?.retryAfterSeconds)
            try await Task.sleep(for: delay)
        }
    }
}

extension ResourceClient {
    /// Watches this collection; see ``WatchStream`` for reconnection and relist behaviour.
    ///
    /// ```swift
    /// for try await event in client.namespaced(Pod.self, in: .allNamespaces).watch() {
    ///     print(event.type, event.object?.name ?? "")
    /// }
    /// ```
    public func watch(_ options: WatchOptions = WatchOptions()) -> WatchStream<R> {
        WatchStream(resources: self, options: options)
    }
}
