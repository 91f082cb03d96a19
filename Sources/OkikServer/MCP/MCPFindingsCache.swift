import Foundation
import OkikKit

/// The optimizer's latest report per scope (the whole cluster, or one namespace), scanned lazily on the first read
/// and again once older than ``MCPConfiguration/findingsMaxAge``; concurrent reads of one scope share one scan. A
/// namespace found missing stays missing for as long; any other failed scan is tried again at the next read.
/// Shared by every MCP session of a process, so many clients do not multiply the scans.
actor MCPFindingsCache {
    private struct Entry {
        var scanned: ContinuousClock.Instant
        var task: Task<OptimizationReport, any Error>
    }

    private let runtime: OkikRuntime
    private let maxAge: Duration
    private var entries: [String: Entry] = [:]

    init(runtime: OkikRuntime, maxAge: Duration) {
        self.runtime = runtime
        self.maxAge = maxAge
    }

    /// The report for `namespace` (nil: the whole cluster), scanning when none is fresh enough.
    /// - Throws: ``SnapshotError`` when the cluster cannot be read or the namespace does not exist.
    func report(namespace: String?) async throws -> OptimizationReport {
        let key = namespace ?? ""
        let now = ContinuousClock.now
        if let entry = entries[key], now - entry.scanned < maxAge {
            return try await entry.task.value
        }
        let runtime = runtime
        let task = Task {
            try await Optimizer().run(
                client: runtime.client, namespace: namespace, history: runtime.store as? any UsageHistoryStore,
                clock: runtime.configuration.clock)
        }
        entries[key] = Entry(scanned: now, task: task)
        if entries.count > 64 {
            // Bounded: the oldest scopes go first.
            for (old, _) in entries.sorted(by: { $0.value.scanned < $1.value.scanned }).prefix(entries.count - 64) {
                entries[old] = nil
            }
        }
        do {
            return try await task.value
        } catch let error as SnapshotError where error.isNamespaceNotFound {
            // A namespace that is not there is kept as such for `maxAge` too, so that subscribers and repeated reads
            // of it do not cost a cluster read each.
            throw error
        } catch {
            // Any other failed scan is not kept: the next read tries again.
            if entries[key]?.scanned == now { entries[key] = nil }
            throw error
        }
    }
}
