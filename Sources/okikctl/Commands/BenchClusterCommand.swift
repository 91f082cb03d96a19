import ArgumentParser
import Logging
import OkikSimulator

extension OkikCtl.Bench {
    struct Cluster: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cluster",
            abstract: "Start a large synthetic simulated cluster, advance it, and report wall time and peak memory."
        )

        @Option(help: "Nodes.")
        var nodes = 2000

        @Option(help: "Pods.")
        var pods = 60000

        @Option(help: "Simulated time to advance (\"1h\").")
        var advance = "1h"

        func validate() throws {
            guard nodes > 0, pods >= 0 else { throw ValidationError("--nodes must be positive and --pods not negative") }
            guard SimulationDurations.seconds(advance) != nil else { throw ValidationError("invalid --advance \(advance)") }
        }

        func run() async throws {
            var logger = Logger(label: "okik.bench")
            logger.logLevel = .error
            let seconds = SimulationDurations.seconds(advance) ?? 3600
            let result = try await ClusterBenchmark.run(
                nodes: nodes, pods: pods, advance: .seconds(Int64(seconds)), logger: logger)
            print(result)
        }
    }
}
