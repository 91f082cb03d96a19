import ArgumentParser
import Foundation
import Logging
import OkikSimulator

extension OkikCtl {
    struct Bench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench",
            abstract: "Measure OKIK components (build with -c release for meaningful numbers).",
            subcommands: [
                BenchDecode.self, ServeList.self, Cluster.self, Optimise.self, Watchdog.self, Agent.self, Server.self,
            ]
        )
    }
}

extension OkikCtl.Bench {
    struct ServeList: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve-list",
            abstract: "Seed the simulator with synthetic pods and serve paged pod lists over HTTP.",
            discussion: "Reports requests/s, MB/s, peak memory (VmHWM) and resident memory per stored pod."
        )

        @Option(help: "Pods to store.")
        var pods: Int = 50_000

        @Option(help: "Page size (the limit parameter).")
        var limit: Int = 500

        @Option(help: "Full paged lists per client.")
        var rounds: Int = 3

        @Option(help: "Clients listing at the same time.")
        var concurrency: Int = 2

        func validate() throws {
            guard pods > 0, limit > 0, rounds > 0, concurrency > 0 else {
                throw ValidationError("--pods, --limit, --rounds and --concurrency must be positive")
            }
        }

        func run() async throws {
            let logger = Logger(label: "okik.bench") { _ in SwiftLogNoOpLogHandler() }
            let configuration = ListBenchmark.Configuration(pods: pods, limit: limit, rounds: rounds, concurrency: concurrency)
            let result = try await ListBenchmark.run(configuration, logger: logger)
            func mebibytes(_ bytes: Int?) -> String {
                bytes.map { String(format: "%.1f MiB", Double($0) / 1_048_576) } ?? "n/a"
            }
            print("pods stored:            \(result.pods) (average \(result.averagePodBytes) bytes of JSON each)")
            print(String(format: "seeding:                %.1f s", result.seedSeconds))
            print("memory per stored pod:  \(result.residentBytesPerPod.map { String(format: "%.1f KiB", Double($0) / 1024) } ?? "n/a")")
            print(String(format: "list requests:          %d in %.2f s = %.1f requests/s", result.requests, result.listSeconds, result.requestsPerSecond))
            print(String(format: "throughput:             %.1f MB/s (%.1f MB)", result.megabytesPerSecond, Double(result.bytes) / 1e6))
            print("peak memory (VmHWM):    \(mebibytes(result.peakResidentBytes))")
        }
    }
}
