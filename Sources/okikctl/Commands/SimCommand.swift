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

        func validate() throws {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
            guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level \(logLevel)") }
        }

        func run() async throws {
            var logger = Logger(label: "okik.sim")
            logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
            var configuration = SimulatorConfiguration(port: port, tls: tls || token != nil, runtime: .standard)
            if let token { configuration.authentication = AuthenticationConfiguration(tokens: [token: "admin"]) }
            let simulator = try await Simulator.start(configuration, logger: logger)
            for line in try await SimulatedClusterSetup.prepare(
                simulator, scenario: scenario, nodes: nodes, pods: pods, fastForward: fastForward)
            {
                print(line)
            }
            let path = try simulator.writeKubeconfig(to: kubeconfig)
            print("OKIK simulated cluster listening on \(simulator.serverURL)")
            print("kubeconfig written to \(path)")
            print("try: kubectl --kubeconfig \(path) get namespaces")
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
            print("stopping")
            await simulator.stop()
        }
    }
}
