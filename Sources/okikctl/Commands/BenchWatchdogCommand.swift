import ArgumentParser
import Foundation
import Logging
import OkikKit
import OkikSimulator

extension OkikCtl.Bench {
    struct Watchdog: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "watchdog",
            abstract: "Time the watchdog from a crash loop's threshold event to the gate's decision on the quarantine.",
            discussion: """
                Starts the simulator in process with a synthetic cluster (the `mixed` generator) on a virtual clock, \
                runs the watchdog over it with its informers, an executor at L2 without rate limits and a SQLite audit \
                store. Then, one healthy Deployment at a time, it patches a pod's status through the API so that a \
                container shows the restart threshold in CrashLoopBackOff (the Deployment's other pods were already \
                crash-looping one restart below it), and measures from just before that write to the gate's decision \
                on the quarantine (the audit's decision timestamp) and to the recommendation in the feed (the \
                quarantine done). Build with -c release for meaningful numbers.
                """
        )

        @Option(help: "Pods.")
        var pods = 1000

        @Option(help: "Nodes (default: one per 30 pods).")
        var nodes: Int?

        @Option(help: "Deployments to send into a crash loop, one after another.")
        var incidents = 100

        @Option(help: "Simulated time before the watchdog starts (\"10m\"), so the cluster has problems of its own.")
        var advance = "0s"

        func validate() throws {
            guard pods > 0, (nodes ?? 1) > 0, incidents > 0 else {
                throw ValidationError("--pods, --nodes and --incidents must be positive")
            }
            guard SimulationDurations.seconds(advance) != nil else { throw ValidationError("invalid --advance \(advance)") }
        }

        func run() async throws {
            var logger = Logger(label: "okik.bench")
            logger.logLevel = .error
            let nodes = nodes ?? max(1, pods / 30)
            let clock = ContinuousClock()
            let simulator = try await Simulator.start(
                SimulatorConfiguration(port: 0, clock: .virtual(), runtime: .standard), logger: logger)
            let started = clock.now
            _ = try await SimulatedClusterSetup.prepare(
                simulator, scenario: "mixed", nodes: nodes, pods: pods, fastForward: advance)
            print("cluster: \(nodes) nodes, \(pods) pods, \(advance) simulated; set up in \(format(clock.now - started))")
            let client = try KubeClient(config: simulator.kubeConfig, logger: logger)
            let simulated = simulator.clock
            let result = try await WatchdogBenchmark.run(
                client: client, now: { simulated.now },
                configuration: WatchdogBenchmark.Configuration(incidents: incidents), logger: logger)
            try? await client.shutdown()
            await simulator.stop()
            print("watchdog: informers synced in \(format(result.sync)) (\(result.pods) pods); "
                + "first pass over every pod \(format(result.firstPass))")
            let outcomes = result.outcomes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            print("incidents: \(result.decisions.count) decided, \(result.missed) missed; "
                + "decisions \(outcomes.joined(separator: " "))")
            let series = [
                ("threshold event -> gate decision", result.decisions),
                ("threshold event -> quarantine done", result.completions),
            ]
            for (name, values) in series {
                let line = [50.0, 90, 99].map { percentile in
                    "p\(Int(percentile)) \(milliseconds(WatchdogBenchmark.Result.percentile(percentile, of: values)))"
                }
                print("\(name): \(line.joined(separator: ", ")), max \(milliseconds(values.max() ?? .zero)) (n=\(values.count))")
            }
            print("peak memory: \((ProcessMemory.peakResident ?? 0) / 1_048_576) MiB")
        }

        private func format(_ duration: Duration) -> String {
            String(format: "%.3f s", duration.seconds)
        }

        private func milliseconds(_ duration: Duration) -> String {
            String(format: "%.1f ms", duration.seconds * 1000)
        }
    }
}
