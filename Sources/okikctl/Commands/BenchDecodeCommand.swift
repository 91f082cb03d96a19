import ArgumentParser
import Foundation
import Logging
import OkikSimulator

extension OkikCtl {
    struct BenchDecode: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "decode",
            abstract: "Decode a large PodList with OkikKubeClient; compare with kubectl on the same simulated server.",
            discussion: """
                Generates a PodList of realistic pods (about 5 KB each), decodes it with the client's typed models \
                and reports MB/s and the peak memory added. With kubectl on PATH, it also loads the pods into the \
                simulator and times the client's paged list against `kubectl get pods -A -o json`.
                """
        )

        @Option(help: "Number of pods in the list.")
        var pods: Int = 10_000

        @Option(help: "Decode repetitions; the best is reported.")
        var repetitions: Int = 3

        @Flag(help: "Skip the side-by-side run with kubectl.")
        var noKubectl = false

        func validate() throws {
            guard pods > 0 else { throw ValidationError("--pods must be positive") }
        }

        func run() async throws {
            var logger = Logger(label: "okik.bench")
            logger.logLevel = .warning
            let kubectl = noKubectl ? nil : ["/usr/local/bin/kubectl", "/usr/bin/kubectl"].first {
                FileManager.default.isExecutableFile(atPath: $0)
            }
            let result = try await DecodeBenchmark.run(pods: pods, repetitions: repetitions, kubectl: kubectl, logger: logger)
            let megabytes = Double(result.jsonBytes) / 1_000_000
            print("pods:                 \(result.pods)")
            print("PodList JSON:         \(String(format: "%.1f", megabytes)) MB (\(result.jsonBytes / result.pods) bytes per pod)")
            print("decode (best of \(repetitions)):    \(String(format: "%.3f", result.decodeSeconds)) s, \(String(format: "%.1f", result.megabytesPerSecond)) MB/s")
            print("decode peak memory:   \(String(format: "%.1f", Double(result.decodePeakBytes) / 1_000_000)) MB (\(String(format: "%.2f", Double(result.decodePeakBytes) / Double(result.jsonBytes)))x the JSON)")
            if let client = result.clientListSeconds, let kubectl = result.kubectlSeconds {
                print("client list over HTTP: \(String(format: "%.3f", client)) s (paged, 500 per page)")
                print("kubectl get -A -o json: \(String(format: "%.3f", kubectl)) s")
            } else {
                print("kubectl comparison:   skipped")
            }
        }
    }
}
