import Foundation
import Synchronization

/// Where per-container usage history is kept between runs: compact aggregates, never raw series. Both audit stores
/// implement it, so history lives in the same SQLite file as the audit trail.
public protocol UsageHistoryStore: Sendable {
    /// Folds samples into the stored histories; samples not later than a history's last one are ignored.
    /// - Throws: when the store cannot be written.
    func recordUsage(_ samples: [UsageSample]) async throws
    /// The histories of these containers (all of them when nil).
    /// - Throws: when the store cannot be read.
    func usageHistory(for keys: Set<ContainerKey>?) async throws -> [ContainerKey: ContainerUsageHistory]
}

extension ContainerUsageHistory {
    /// Merges samples into a dictionary of histories, in time order.
    static func fold(_ samples: [UsageSample], into histories: inout [ContainerKey: ContainerUsageHistory]) {
        for sample in samples.sorted(by: { ($0.time, $0.key) < ($1.time, $1.key) }) {
            if histories[sample.key] == nil {
                histories[sample.key] = ContainerUsageHistory(sample)
            } else {
                histories[sample.key]?.add(sample)
            }
        }
    }
}

/// Usage history in memory: for tests, examples and one-shot runs without a database.
public final class InMemoryUsageHistoryStore: UsageHistoryStore {
    private let histories = Mutex<[ContainerKey: ContainerUsageHistory]>([:])

    /// Creates an empty store.
    public init() {}

    /// See ``UsageHistoryStore``.
    public func recordUsage(_ samples: [UsageSample]) async throws {
        histories.withLock { ContainerUsageHistory.fold(samples, into: &$0) }
    }

    /// See ``UsageHistoryStore``.
    public func usageHistory(for keys: Set<ContainerKey>?) async throws -> [ContainerKey: ContainerUsageHistory] {
        histories.withLock { all in
            guard let keys else { return all }
            return all.filter { keys.contains($0.key) }
        }
    }
}
