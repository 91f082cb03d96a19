import Foundation
import Logging
import ServiceLifecycle

/// Prunes the audit trail on a fixed interval until graceful shutdown: entries older than the retention, and finished
/// plans (rejected, expired, executed, failed) that ended before it (``AuditStore/prune(before:)``). Pending, approved
/// and executing plans are never pruned, nor the control state, the agent settings, the usage history or the chat.
public struct AuditRetentionService: ServiceLifecycle.Service, Sendable {
    private let store: any AuditStore
    /// How long entries and finished plans are kept.
    public let retention: Duration
    private let interval: Duration
    private let clock: any WallClock
    private let logger: Logger

    /// Creates the service; the first prune runs as soon as it runs.
    public init(
        store: any AuditStore, retention: Duration, interval: Duration = .seconds(3600),
        clock: any WallClock = SystemWallClock(), logger: Logger
    ) {
        self.store = store
        self.retention = retention
        self.interval = interval
        self.clock = clock
        self.logger = logger
    }

    /// Prunes what is older than the retention, now.
    /// - Throws: when the store fails.
    @discardableResult
    public func pruneOnce() async throws -> PruneResult {
        let cutoff = clock.now.addingTimeInterval(-retention.timeInterval)
        let result = try await store.prune(before: cutoff)
        if result.entries > 0 || result.plans > 0 {
            logger.info(
                "pruned the audit trail",
                metadata: [
                    "okik.audit.entries": "\(result.entries)", "okik.audit.plans": "\(result.plans)",
                    "okik.audit.before": "\(cutoff)",
                ])
        }
        return result
    }

    /// Prunes every `interval` until cancelled or shut down; a failure is logged and retried at the next interval.
    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await pruneOnce()
                } catch {
                    logger.warning("cannot prune the audit trail", metadata: ["okik.error": "\(error)"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
