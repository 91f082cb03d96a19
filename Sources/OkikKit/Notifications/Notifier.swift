import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import OkikKubeClient
import ServiceLifecycle
import Synchronization

/// Sends notifications to webhooks: it tails the audit trail (every plan change, safety change and tool call is an
/// entry already), turns the entries worth a person's attention into ``NotificationEvent``s, and delivers each to
/// the ``WebhookTarget``s that want it, retrying with exponential backoff. Each delivery, or its final failure, is an
/// audit entry naming the target, never its URL.
///
/// Nothing waits for it: it only reads the store, and its queue is bounded (when full the oldest notification is
/// dropped with a warning), so a slow or dead webhook never delays the gate, the watchdog or the agent.
///
/// ```swift
/// let notifier = Notifier(store: store, configuration: NotifierConfiguration(targets: targets), logger: logger)
/// // run it in the ServiceGroup next to the runtime's other services
/// ```
public final class Notifier: ServiceLifecycle.Service, Sendable {
    /// The configuration.
    public let configuration: NotifierConfiguration
    private let store: any AuditStore
    private let clock: any WallClock
    private let logger: Logger
    private let client: HTTPClient
    private let queue: AsyncStream<NotificationEvent>
    private let queueInput: AsyncStream<NotificationEvent>.Continuation
    private let counters = Mutex<(dropped: Int, delivered: Int, failed: Int)>((0, 0, 0))
    private let position = Mutex<Int64?>(nil)

    /// The actor of the notifier's audit entries.
    public static let actor = "system:notifier"

    /// Creates a notifier; nothing happens until ``run()``.
    /// - Parameters:
    ///   - store: The audit trail it tails and records deliveries in.
    ///   - configuration: The targets, queue and retry policy.
    ///   - clock: The time of its audit entries.
    ///   - client: The HTTP client (`HTTPClient.shared` by default; it is not shut down).
    public init(
        store: any AuditStore, configuration: NotifierConfiguration, clock: any WallClock = SystemWallClock(),
        client: HTTPClient = .shared, logger: Logger
    ) {
        self.store = store
        self.configuration = configuration
        self.clock = clock
        self.client = client
        self.logger = logger
        (queue, queueInput) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(max(1, configuration.queueCapacity)))
    }

    /// The id of the last audit entry read; nil until ``run()`` has found the end of the trail.
    public var cursor: Int64? { position.withLock { $0 } }

    /// Notifications dropped because the queue was full, delivered, and given up on, since the start.
    public var counts: (dropped: Int, delivered: Int, failed: Int) { counters.withLock { $0 } }

    /// Queues a notification for delivery and returns at once; when the queue is full the oldest waiting one is
    /// dropped (and logged).
    public func enqueue(_ event: NotificationEvent) {
        guard configuration.targets.contains(where: { $0.wants(event.kind) }) else { return }
        if case .dropped(let old) = queueInput.yield(event) {
            counters.withLock { $0.dropped += 1 }
            logger.warning(
                "notification queue full: dropped the oldest notification",
                metadata: ["okik.notification.kind": "\(old.kind.rawValue)", "okik.notification.title": "\(old.title)"])
        }
    }

    /// Tails the audit trail from its end (history is not replayed) every ``NotifierConfiguration/pollInterval`` and
    /// delivers, until graceful shutdown; then it stops reading, lets a delivery under way finish without further
    /// retries, and drops what is still queued (counted in one warning), so a dead webhook cannot hold up a shutdown.
    public func run() async throws {
        guard !configuration.targets.isEmpty else {
            try? await gracefulShutdown()
            return
        }
        await withDiscardingTaskGroup { group in
            group.addTask {
                var abandoned = 0
                for await event in self.queue {
                    guard !Task.isShuttingDownGracefully && !Task.isCancelled else {
                        abandoned += 1
                        continue
                    }
                    await self.deliver(event)
                }
                if abandoned > 0 {
                    self.counters.withLock { $0.dropped += abandoned }
                    self.logger.warning("notifier: shutting down with \(abandoned) notification(s) not sent")
                }
            }
            await self.tail()
            self.queueInput.finish()
        }
    }

    /// Reads new entries until graceful shutdown or cancellation.
    private func tail() async {
        var cursor = (try? await store.entries(AuditQuery(afterID: 0, limit: 1, newestFirst: true)).first?.id) ?? 0
        position.withLock { $0 = cursor }
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                cursor = try await poll(after: cursor)
            } catch {
                logger.warning("notifier: the audit trail cannot be read", metadata: ["okik.error": "\(error)"])
            }
            let interval = configuration.pollInterval
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }

    /// Queues the notifications of the entries after `cursor`; returns the new cursor.
    func poll(after cursor: Int64) async throws -> Int64 {
        var cursor = cursor
        while true {
            let batch = try await store.entries(AuditQuery(afterID: cursor, limit: 500, newestFirst: false))
            for entry in batch {
                cursor = max(cursor, entry.id ?? cursor)
                guard let event = try await event(for: entry) else { continue }
                enqueue(event)
            }
            position.withLock { [cursor] in $0 = cursor }
            if batch.count < 500 { return cursor }
        }
    }

    /// The notification an entry stands for, with its plan when it has one.
    private func event(for entry: AuditEntry) async throws -> NotificationEvent? {
        guard NotificationEvent(entry, redactor: configuration.redactor) != nil else { return nil }
        var plan: ActionPlan?
        if let id = entry.planID { plan = try await store.plan(id: id) }
        return NotificationEvent(entry, plan: plan, redactor: configuration.redactor)
    }

    // MARK: - Delivery

    /// Delivers one notification to every target that wants it, concurrently.
    func deliver(_ event: NotificationEvent) async {
        await withDiscardingTaskGroup { group in
            for target in configuration.targets where target.wants(event.kind) {
                group.addTask { await self.deliver(event, to: target) }
            }
        }
    }

    /// What one attempt came to.
    enum Attempt: Sendable {
        /// A 2xx.
        case delivered(status: Int)
        /// Worth another try: a connection error, a timeout, 429 or 5xx.
        case retry(String, status: Int?)
        /// Not worth another try: another 4xx, or a 3xx.
        case refused(String, status: Int)
    }

    private func deliver(_ event: NotificationEvent, to target: WebhookTarget) async {
        let body = WebhookPayload.body(event, format: target.format)
        let started = ContinuousClock.now
        var attempts = 0
        while true {
            attempts += 1
            let attempt = await send(body, to: target)
            switch attempt {
            case .delivered(let status):
                await record(event, target: target, attempts: attempts, status: status, problem: nil, since: started)
                return
            case .refused(let problem, let status):
                await record(event, target: target, attempts: attempts, status: status, problem: problem, since: started)
                return
            case .retry(let problem, let status):
                guard attempts < configuration.retry.attempts, !Task.isShuttingDownGracefully, !Task.isCancelled else {
                    await record(event, target: target, attempts: attempts, status: status, problem: problem, since: started)
                    return
                }
                do {
                    try await Task.sleep(for: configuration.retry.backoff(after: attempts))
                } catch {
                    await record(event, target: target, attempts: attempts, status: status, problem: problem, since: started)
                    return
                }
            }
        }
    }

    /// One POST.
    private func send(_ body: Data, to target: WebhookTarget) async -> Attempt {
        var request = HTTPClientRequest(url: target.url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "okik-notifier")
        request.body = .bytes(ByteBuffer(bytes: body))
        let timeout = TimeAmount.milliseconds(
            configuration.timeout.components.seconds * 1000 + configuration.timeout.components.attoseconds / 1_000_000_000_000_000)
        do {
            let response = try await client.execute(request, timeout: timeout)
            _ = try? await response.body.collect(upTo: 64 * 1024)
            let status = Int(response.status.code)
            switch status {
            case 200..<300: return .delivered(status: status)
            case 429, 500...: return .retry("HTTP \(status)", status: status)
            default: return .refused("HTTP \(status)", status: status)
            }
        } catch {
            return .retry(Self.describe(error, target: target), status: nil)
        }
    }

    /// An error's text without the target's URL (a Slack URL is its own credential).
    private static func describe(_ error: any Error, target: WebhookTarget) -> String {
        var text = (error as? HTTPClientError)?.shortDescription ?? "\(error)"
        for secret in [target.url.absoluteString, target.url.path, target.url.query ?? ""] where secret.count > 1 {
            text = text.replacingOccurrences(of: secret, with: "<\(target.name)>")
        }
        return String(text.prefix(300))
    }

    /// Audits a delivery or its final failure.
    private func record(
        _ event: NotificationEvent, target: WebhookTarget, attempts: Int, status: Int?, problem: String?,
        since started: ContinuousClock.Instant
    ) async {
        let elapsed = ContinuousClock.now - started
        let failed = problem != nil
        counters.withLock { failed ? ($0.failed += 1) : ($0.delivered += 1) }
        var result: JSONValue = [
            "event": .string(event.kind.rawValue), "target": .string(target.name),
            "format": .string(target.format.rawValue), "attempts": .int(attempts),
        ]
        if let status { result["status"] = .int(status) }
        if let id = event.auditID { result["auditID"] = .int(Int(id)) }
        let outcome = failed ? "failed after \(attempts) attempt(s): \(problem ?? "")" : "delivered (HTTP \(status ?? 0))"
        if failed {
            logger.warning(
                "notification not delivered",
                metadata: ["okik.notification.target": "\(target.name)", "okik.error": "\(problem ?? "")"])
        }
        do {
            try await store.append(
                AuditEntry(
                    timestamp: clock.now, kind: failed ? .notificationFailed : .notificationDelivered, actor: Self.actor,
                    targets: target.name, reason: problem, outcome: failed ? .failed : .succeeded,
                    summary: "\(event.kind.rawValue) to \(target.name): \(outcome)", result: result,
                    durationMs: Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)))
        } catch {
            logger.warning("notifier: a delivery cannot be audited", metadata: ["okik.error": "\(error)"])
        }
    }
}
