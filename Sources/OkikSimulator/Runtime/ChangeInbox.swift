import Synchronization

/// Changes the store reports, queued until the runtime processes them (the store calls ``push(_:)`` from inside
/// its actor, so this must not block or await).
final class ChangeInbox: Sendable {
    private let records = Mutex<[WatchRecord]>([])

    /// Queues one change.
    func push(_ record: WatchRecord) {
        records.withLock { $0.append(record) }
    }

    /// Takes every queued change, oldest first.
    func drain() -> [WatchRecord] {
        records.withLock { records in
            defer { records = [] }
            return records
        }
    }

    /// Whether changes are waiting.
    var isEmpty: Bool { records.withLock { $0.isEmpty } }
}
