import ArgumentParser
import Foundation
import Logging
import OkikKit
import OkikSimulator

extension OkikCtl {
    struct Sim: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sim",
            abstract: "Run OKIK's simulated Kubernetes API server (kubectl works against it).",
            subcommands: [Start.self, Apply.self, Tour.self]
        )
    }
}

extension OkikCtl.Sim {
    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "start",
            abstract: "Start the simulated API server in the foreground and write a kubeconfig for it.",
            discussion: """
                Stop it with Ctrl-C. Point kubectl at it with the kubeconfig it writes:
                  okikctl sim start --kubeconfig /tmp/okik-sim.yaml &
                  kubectl --kubeconfig /tmp/okik-sim.yaml get namespaces
                """
        )

        @Option(help: "Port to listen on (0 picks a free one).")
        var port: Int = 6443

        @Flag(help: "Serve HTTPS with a self-generated CA (written into the kubeconfig).")
        var tls = false

        @Option(help: "Require this bearer token (written into the kubeconfig); implies --tls, as kubectl sends tokens only over HTTPS.")
        var token: String?

        @Option(help: "Where to write the kubeconfig.")
        var kubeconfig: String = "okik-sim.kubeconfig"

        @Option(help: "Log level: trace, debug, info, notice, warning, error.")
        var logLevel: String = "info"

        @Option(help: "Simulate a cluster: a built-in scenario name, `all`, or a scenario YAML file.")
        var scenario: String?

        @Option(help: "With --scenario: fast-forward the simulated clock this long (\"10m\") so symptoms show at once.")
        var fastForward: String?

        @Option(help: "Generate a synthetic cluster with this many nodes (with --pods).")
        var nodes: Int?

        @Option(help: "Pods of the synthetic cluster.")
        var pods: Int?

        @Option(
            help: ArgumentHelp(
                "The okik-server binary that pods of the okik-server image run as real processes (default: the one beside okikctl; `none` simulates them like any other image)."))
        var okikServer: String?

        func validate() throws {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
            if let okikServer, okikServer != "none", !FileManager.default.isExecutableFile(atPath: okikServer) {
                throw ValidationError("--okik-server \(okikServer) is not an executable file")
            }
            guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level \(logLevel)") }
            if let fastForward, SimulationDurations.seconds(fastForward) == nil {
                throw ValidationError("invalid --fast-forward \(fastForward) (for example 30s, 15m, 1h30m)")
            }
        }

        func run() async throws {
            var logger = Logger(label: "okik.sim")
            logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
            // Fast-forwarded time must end at the present, not after it: the clock starts that far in the past.
            let skip = fastForward.flatMap(SimulationDurations.seconds) ?? 0
            let clock: SimulationClock = skip > 0 ? .realTime(startingAgo: .seconds(skip)) : .realTime
            var configuration = SimulatorConfiguration(
                port: port, tls: tls || token != nil, clock: clock, runtime: .standard)
            if let token { configuration.authentication = AuthenticationConfiguration(tokens: [token: "admin"]) }
            // OKIK's own pods (`okikctl deploy`) run for real: the okik-server image maps to the binary.
            if let binary = okikServerBinary {
                configuration.processPods = ProcessPodConfiguration(executables: ["okik-server": binary])
                say("pods of the okik-server image run \(binary)")
            }
            // A port in use fails here, at once, with the reason (exit 1).
            let simulator = try await Simulator.start(configuration, logger: logger)
            for line in try await SimulatedClusterSetup.prepare(
                simulator, scenario: scenario, nodes: nodes, pods: pods, fastForward: fastForward)
            {
                say(line)
            }
            let path = try simulator.writeKubeconfig(to: kubeconfig)
            say("OKIK simulated cluster listening on \(simulator.serverURL)")
            say("kubeconfig written to \(path)")
            say("try: kubectl --kubeconfig \(path) get namespaces")
            let (signals, continuation) = AsyncStream<Void>.makeStream()
            let sources = [SIGINT, SIGTERM].map { signalNumber -> any DispatchSourceSignal in
                signal(signalNumber, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signalNumber)
                source.setEventHandler { continuation.finish() }
                source.resume()
                return source
            }
            for await _ in signals {}
            withExtendedLifetime(sources) {}
            say("stopping")
            await simulator.stop()
        }

        /// `--okik-server`, else okik-server beside this okikctl when it is there; nil for `none` or when absent.
        private var okikServerBinary: String? {
            if okikServer == "none" { return nil }
            if let okikServer { return okikServer }
            let beside = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
                .deletingLastPathComponent().appendingPathComponent("okik-server").path
            return FileManager.default.isExecutableFile(atPath: beside) ? beside : nil
        }

        /// Prints a line and flushes at once: scripts wait for these lines on a pipe, where stdout is block-buffered.
        private func say(_ line: String) {
            print(line)
            fflush(nil)  // every output stream; `stdout` itself is not concurrency-safe to name
        }
    }
}
