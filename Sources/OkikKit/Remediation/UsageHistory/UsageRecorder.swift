import Foundation

/// Turns the metrics of a snapshot into usage samples: per workload container, the highest CPU and memory among its
/// pods, stamped with the snapshot's time. Histories take at most one sample a minute
/// (``ContainerUsageHistory/minimumSpacingSeconds``), so reading the cluster twice in a row counts once; the time
/// is the snapshot's rather than metrics-server's, because metrics-server only restamps a pod's metrics when it
/// scrapes, and usage that did not change is still an observation.
public enum UsageRecorder {
    /// The samples of a snapshot; empty without metrics.
    public static func samples(from snapshot: ClusterSnapshot) -> [UsageSample] {
        guard snapshot.hasMetrics else { return [] }
        var samples: [UsageSample] = []
        for workload in snapshot.workloads {
            for container in workload.containers where container.sampledPods > 0 {
                samples.append(
                    UsageSample(
                        key: ContainerKey(workload: workload.ref, container: container.name), time: snapshot.takenAt,
                        cpuMillicores: container.cpuUsage ?? 0, memoryBytes: container.memoryUsage ?? 0))
            }
        }
        return samples
    }

    /// Records a snapshot's samples in a store and returns the histories of the snapshot's containers.
    /// - Throws: when the store fails.
    public static func record(
        _ snapshot: ClusterSnapshot, in store: any UsageHistoryStore
    ) async throws -> [ContainerKey: ContainerUsageHistory] {
        try await store.recordUsage(samples(from: snapshot))
        return try await store.usageHistory(for: nil)
    }
}
