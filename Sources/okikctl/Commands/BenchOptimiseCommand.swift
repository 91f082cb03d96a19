import ArgumentParser
import Foundation
import Logging
import OkikKit
import OkikSimulator

extension OkikCtl.Bench {
    struct Optimise: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "optimise",
            abstract: "Optimise a large synthetic simulated cluster: snapshot time, check time and peak memory.",
            discussion: """
                Starts the simulator in process with a synthetic cluster (the `mixed` generator), lets simulated time \
                pass so metrics exist, then measures one optimizer scan: the snapshot over HTTP in one pass, the \
                snapshot from synced informers (ClusterCaches), and the checks. Memory is the process's peak resident \
                size during the scan and its increase over the resident size before it (the simulator shares the \
                process). Build with -c release for meaningful numbers.
                """
        )

        @Option(help: "Nodes.")
        var nodes = 2000

        @Option(help: "Pods.")
        var pods = 60000

        @Option(help: "Simulated time to let pass before the scan (\"5m\"), so metrics and symptoms exist.")
        var advance = "5m"

        @Option(help: "Check runs to time (the best and the mean are reported).")
        var repetitions = 3

        func validate() throws {
            guard nodes > 0, pods >= 0 else { throw ValidationError("--nodes must be positive and --pods not negative") }
            guard SimulationDurations.seconds(advance) != nil else { throw ValidationError("invalid --advance \(advance)") }
            guard repetitions > 0 else { throw ValidationError("--repetitions must be positive") }
        }

        func run() async throws {
            var logger = Logger(label: "okik.bench")
            logger.logLevel = .error
            let clock = ContinuousClock()
            let simulator = try await Simulator.start(
                SimulatorConfiguration(port: 0, clock: .virtual(), runtime: .standard), logger: logger)
            defer { Task { await simulator.stop() } }
            var started = clock.now
            _ = try await SimulatedClusterSetup.prepare(
                simulator, scenario: "mixed", nodes: nodes, pods: pods, fastForward: advance)
            print("cluster: \(nodes) nodes, \(pods) pods, \(advance) simulated; set up in \(format(clock.now - started))")
            let client = try KubeClient(config: simulator.kubeConfig, logger: logger)
            let simulated = simulator.clock
            let wallClock = ClosureWallClock { simulated.now }

            _ = ProcessMemory.resetPeak()
            let baseline = ProcessMemory.resident ?? 0
            started = clock.now
            let snapshot = try await ClusterSnapshot.collect(from: client, clock: wallClock)
            let snapshotTime = clock.now - started
            var checkTimes: [Duration] = []
            var report: OptimizationReport?
            for _ in 0..<repetitions {
                started = clock.now
                report = Optimizer().evaluate(snapshot)
                checkTimes.append(clock.now - started)
            }
            let peak = ProcessMemory.peakResident ?? 0
            guard let report else { return }
            print("snapshot (one pass over HTTP): \(format(snapshotTime)) for \(snapshot.pods.count) pods, \(snapshot.events.count) events, metrics: \(snapshot.hasMetrics ? "yes" : "no")")
            print("checks (\(CheckRegistry.builtIn.count)): best \(format(checkTimes.min() ?? .zero)), mean \(format(checkTimes.reduce(.zero, +) / repetitions))")
            print("scan total: \(format(snapshotTime + (checkTimes.first ?? .zero)))")
            print("memory: process peak \(mebibytes(peak)) MiB; resident before the scan \(mebibytes(baseline)) MiB; scan added \(mebibytes(max(0, peak - baseline))) MiB")
            let bySeverity = Severity.allCases.reversed().compactMap { severity in
                report.summary[severity.rawValue].map { "\($0) \(severity.rawValue)" }
            }
            print("result: score \(report.score) (\(report.grade)), \(report.findings.count) findings (\(bySeverity.joined(separator: ", ")))")

            let caches = ClusterCaches(client: client, logger: logger)
            started = clock.now
            let informers = Task { try await caches.run() }
            await caches.waitUntilSynced()
            let syncTime = clock.now - started
            started = clock.now
            let cached = await caches.snapshot(clock: wallClock)
            let cachedTime = clock.now - started
            informers.cancel()
            _ = await informers.result
            print("informers: synced in \(format(syncTime)); snapshot from caches \(format(cachedTime)) (\(cached.pods.count) pods)")
            try? await client.shutdown()
        }

        private func format(_ duration: Duration) -> String {
            String(format: "%.3f s", duration.seconds)
        }

        private func mebibytes(_ bytes: Int) -> Int { bytes / (1 << 20) }
    }
}
