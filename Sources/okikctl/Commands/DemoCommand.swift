import ArgumentParser
import Foundation
import Logging
import OkikKit
import OkikLLM
import OkikSimulator

extension OkikCtl {
    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "demo",
            abstract: "Watch OKIK find and fix problems in a simulated cluster (no cluster, no API key; under a minute).",
            discussion: """
                Starts OKIK's simulated Kubernetes cluster in process with the built-in problem scenarios (crash \
                loops, OOM kills, unschedulable pods, failing jobs, node trouble, waste, ...) and lets 15 minutes of \
                cluster time pass while the watchdog watches. Then the optimizer scans, scores and reconciles at \
                autonomy L2, the agent takes one look, and a second scan shows the effect. With OPENAI_API_KEY or \
                ANTHROPIC_API_KEY set (or an OKIK_LLM_* configuration), the agent asks that model, and its tool calls \
                pass the same gate; without, or with --offline, the offline reasoner explains and nothing leaves the \
                process.

                It prints what OKIK found, what it fixed on its own, what waits for a person's approval, and the \
                audit trail of every decision.

                Examples:
                  okikctl demo
                  okikctl demo --level L1          # nothing changes without approval
                  okikctl demo --scenario crashloop --details
                  okikctl demo -o json > demo.json
                """
        )

        @Option(help: "Scenarios to run: `all` (default), a built-in scenario name, or a scenario YAML file.")
        var scenario: String = "all"

        @Option(help: "Autonomy level: L0 (advisory) ... L4 (full).")
        var level: String = "L2"

        @Option(name: [.short, .customLong("output")], help: "Output format: table, json or yaml.")
        var output: OutputFormat = .table

        @Flag(help: "Show evidence, every finding and the whole audit trail.")
        var details = false

        @Flag(help: "Never ask a model, even when an API key is set: the offline reasoner explains.")
        var offline = false

        func validate() throws {
            guard autonomy != nil else { throw ValidationError("--level must be L0, L1, L2, L3 or L4") }
        }

        var autonomy: AutonomyLevel? {
            AutonomyLevel(parsing: level)
        }

        /// The model from the environment when one is configured; nil for the offline reasoner.
        /// - Throws: when a configuration is there but wrong (an unknown provider, a bad URL), so it is not ignored.
        func model() throws -> (any ChatModel)? {
            guard !offline, LLMConfiguration.isConfigured() else { return nil }
            return try LLMConfiguration.resolve().makeChatModel()
        }

        func run() async throws {
            var logger = Logger(label: "okik.demo")
            logger.logLevel = .error
            let started = ContinuousClock.now
            let progress = ProgressLine()
            let terminal = Terminal.standardOutput
            let simulator = try await Simulator.start(
                SimulatorConfiguration(port: 0, clock: .virtual(), runtime: .standard), logger: logger)
            let result: ClusterDemo.Result
            do {
                let scenarios = try Scenario.load(scenario)
                progress.update("starting the simulated cluster: \(scenarios.count) scenario(s)…")
                try await ScenarioRunner.apply(scenarios, to: simulator)
                let client = try KubeClient(config: simulator.kubeConfig, logger: logger)
                let clock = simulator.clock
                var configuration = ClusterDemo.Configuration()
                configuration.level = autonomy ?? .l2
                configuration.model = try model()
                let table = output == .table
                result = try await ClusterDemo.run(
                    client: client, clock: ClosureWallClock { clock.now }, configuration: configuration,
                    advance: { await simulator.advance(by: $0) }, logger: logger,
                    progress: { line in if table { progress.update(line) } })
                progress.finish()
                try? await client.shutdown()
                await simulator.stop()
            } catch {
                progress.finish()
                await simulator.stop()
                throw error
            }
            switch output {
            case .table:
                print(DemoRenderer(terminal: terminal, details: details).render(
                    result, scenario: scenario, seconds: (ContinuousClock.now - started).seconds))
            case .json, .yaml:
                print(try output.encode(result))
            }
        }
    }
}
