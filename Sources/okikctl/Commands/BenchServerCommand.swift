import ArgumentParser
import Foundation
import Logging
import OkikSimulator
import OkikTesting

extension OkikCtl.Bench {
    struct Server: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "server",
            abstract: "Load okik-server's REST API at a constant rate with the watchdog running; time the chat stream.",
            discussion: """
                Starts the simulator in process with a synthetic cluster (the `mixed` generator) on a virtual clock, \
                an OKIK runtime over it with its services running as okik-server runs them (the watchdog and its \
                informers, the agent with a scripted model, a SQLite audit store) and the server's routes on a \
                localhost port. After a warm-up, an open-loop load generator sends --rate requests/s for --duration, \
                alternating GET /status and GET /recommendations with a viewer token; each latency runs from when \
                the request was due, so a stall shows in every request behind it. Then POST /chat/stream is timed \
                --chat-requests times, one after another, to its first event (`session`) and its first `text` event. \
                Targets: p99 under 10 ms with no errors; the first event within 50 ms. Exits non-zero when a request \
                fails, not when a target is missed. Build with -c release for meaningful numbers.
                """
        )

        @Option(help: "Pods.")
        var pods = 1000

        @Option(help: "Nodes (default: one per 30 pods).")
        var nodes: Int?

        @Option(help: "Simulated time before the server starts (\"10m\"), so the watchdog has recommendations.")
        var advance = "10m"

        @Option(help: "Requests per second.")
        var rate = 1000

        @Option(help: "Seconds of measured load.")
        var duration = 30

        @Option(help: "Seconds of unmeasured load first.")
        var warmup = 3

        @Option(help: "Connections the load generator may open.")
        var connections = 32

        @Option(help: "POST /chat/stream turns to time.")
        var chatRequests = 50

        @Option(name: [.short, .customLong("output")], help: "Output format: table, json or yaml.")
        var output: OutputFormat = .table

        func validate() throws {
            guard pods > 0, (nodes ?? 1) > 0, rate > 0, duration > 0, warmup >= 0, connections > 0, chatRequests >= 0
            else {
                throw ValidationError(
                    "--pods, --nodes, --rate, --duration and --connections must be positive; "
                        + "--warmup and --chat-requests must not be negative")
            }
            guard SimulationDurations.seconds(advance) != nil else {
                throw ValidationError("invalid --advance \(advance)")
            }
        }

        func run() async throws {
            var logger = Logger(label: "okik.bench")
            logger.logLevel = .error
            let result = try await ServerBenchmark.run(
                ServerBenchmark.Configuration(
                    pods: pods, nodes: nodes, advance: advance, rate: rate, duration: .seconds(duration),
                    warmup: .seconds(warmup), connections: connections, chatRequests: chatRequests),
                logger: logger)
            if output == .table {
                render(result)
            } else {
                print(try output.encode(result))
            }
            if result.load.errors > 0 || result.chat.errors > 0 { throw ExitCode.failure }
        }

        private func render(_ result: ServerBenchmark.Result) {
            let load = result.load
            print("cluster: \(result.nodes) nodes, \(result.pods) pods, \(advance) simulated; "
                + "\(result.recommendations) recommendations in the feed; set up in "
                + String(format: "%.1f s", result.setupSeconds))
            print("load: \(load.sent) requests at \(load.rate)/s asked, \(String(format: "%.1f", load.achievedRate))/s "
                + "answered over \(String(format: "%.1f s", load.seconds)); errors: \(load.errors)")
            let header = ["route", "sent", "errors", "p50", "p90", "p99", "p99.9", "max"]
            var rows = load.routes.map { route in
                ["GET " + route.path, "\(route.sent)", "\(route.errors)"] + cells(route.latency)
            }
            rows.append(["all", "\(load.sent)", "\(load.errors)"] + cells(load.overall))
            rows.append(["(send lag)", "", ""] + cells(load.sendLag))
            table(header, rows)
            let chat = result.chat
            print("")
            print("POST /chat/stream: \(chat.requests) turns, one after another; errors: \(chat.errors)")
            table(
                ["until", "n", "p50", "p90", "p99", "p99.9", "max"],
                [
                    ["first event (session)", "\(chat.firstEvent.count)"] + cells(chat.firstEvent),
                    ["first text event", "\(chat.firstText.count)"] + cells(chat.firstText),
                    ["end of stream", "\(chat.total.count)"] + cells(chat.total),
                ])
            print("")
            let p99 = load.overall.p99
            print("target p99 < 10 ms, 0 errors: " + (p99 < 10 && load.errors == 0 ? "met" : "MISSED")
                + String(format: " (p99 %.2f ms, %d errors)", p99, load.errors))
            let firstEventMet = chat.firstEvent.count > 0 && chat.firstEvent.max < 50
            print("target first event < 50 ms: " + (firstEventMet ? "met" : "MISSED")
                + String(format: " (max %.1f ms, p99 %.1f ms)", chat.firstEvent.max, chat.firstEvent.p99))
            for sample in load.errorSamples + chat.errorSamples { print("error: \(sample)") }
            print("peak memory: \((result.peakResidentBytes ?? 0) / 1_048_576) MiB")
        }

        private func cells(_ latency: LatencySummary) -> [String] {
            [latency.p50, latency.p90, latency.p99, latency.p999, latency.max].map { String(format: "%.2f ms", $0) }
        }

        private func table(_ header: [String], _ rows: [[String]]) {
            let all = [header] + rows
            let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
            for row in all {
                let padded = row.enumerated().map { index, cell in
                    index == 0 ? cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
                        : String(repeating: " ", count: widths[index] - cell.count) + cell
                }
                print(padded.joined(separator: "  "))
            }
        }
    }
}
