import ArgumentParser
import Logging
import OkikSimulator

extension OkikCtl {
    struct Bench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench",
            abstract: "Benchmarks of OKIK's simulated cluster.",
            subcommands: [Cluster.self]
        )
    }
}
