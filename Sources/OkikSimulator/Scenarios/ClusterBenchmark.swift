import Foundation
import Logging

/// Measures a large simulated cluster: start (generate, apply, settle) and advancing it, in wall time and peak memory.
public enum ClusterBenchmark {
    /// What one run measured.
    public struct Result: Sendable, CustomStringConvertible {
        /// Nodes requested.
        public var nodes: Int
        /// Pods requested.
        public var pods: Int
        /// Pods the runtime tracks after the run.
        public var trackedPods: Int
        /// Objects applied by the generator.
        public var appliedObjects: Int
        /// Seconds to generate, apply and settle the cluster.
        public var startSeconds: Double
        /// Simulated seconds advanced.
        public var simulatedSeconds: Double
        /// Wall seconds the advance took.
        public var advanceSeconds: Double
        /// Peak resident memory of the process, in bytes (Linux `VmHWM`; 0 where unavailable).
        public var peakMemoryBytes: Int64
        /// Objects in the store after the run, by kind.
        public var storeCounts: [String: Int]

        public var description: String {
            let counts = storeCounts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            return """
                cluster: \(nodes) nodes, \(pods) pods requested, \(trackedPods) pods simulated, \(appliedObjects) objects applied
                start: \(String(format: "%.2f", startSeconds)) s
                advance \(SimDuration.format(simulatedSeconds)): \(String(format: "%.2f", advanceSeconds)) s
                peak memory: \(peakMemoryBytes / 1_048_576) MiB
                store: \(counts)
                """
        }
    }

    /// Starts a simulator on a virtual clock, loads a synthetic cluster and advances it.
    /// - Throws: when the simulator cannot start.
    public static func run(nodes: Int, pods: Int, advance: Duration, logger: Logger) async throws -> Result {
        let simulator = try await Simulator.start(
            SimulatorConfiguration(clock: .virtual(), runtime: .standard), logger: logger)
        let started = ContinuousClock.now
        let objects = SyntheticCluster.objects(nodes: nodes, pods: pods)
        let applied = objects.count
        try await SimulatedClusterSetup.applySynthetic(objects, to: simulator)
        let startDuration = ContinuousClock.now - started
        let advanceStart = ContinuousClock.now
        await simulator.advance(by: advance)
        let advanceDuration = ContinuousClock.now - advanceStart
        var counts: [String: Int] = [:]
        for kind in ["Pod", "ReplicaSet", "Deployment", "Event", "PodMetrics", "Node", "Job"] {
            if let definition = simulator.store.registry.definitions.first(where: {
                $0.kind == kind && ($0.group.isEmpty || $0.group == "apps" || $0.group == "batch" || $0.group == "metrics.k8s.io")
            }) {
                counts[kind] = await simulator.store.all(definition).count
            }
        }
        let tracked = await simulator.runtime?.trackedCounts["Pod"] ?? 0
        await simulator.stop()
        return Result(
            nodes: nodes, pods: pods, trackedPods: tracked, appliedObjects: applied,
            startSeconds: startDuration.timeInterval, simulatedSeconds: advance.timeInterval,
            advanceSeconds: advanceDuration.timeInterval, peakMemoryBytes: Int64(ProcessMemory.peakResident ?? 0),
            storeCounts: counts)
    }
}
