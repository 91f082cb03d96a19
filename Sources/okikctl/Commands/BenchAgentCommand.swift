import ArgumentParser
import Foundation
import Logging
import OkikKit
import OkikSimulator
import OkikTesting

extension OkikCtl.Bench {
    struct Agent: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "agent",
            abstract: "What the agent costs on a steady cluster, how big its context gets, and how fast it reacts.",
            discussion: """
                Starts the simulator in process with a synthetic cluster (the `mixed` generator) on a virtual clock \
                and ticks the agent every --interval of simulated time for --duration, at L2, with a scripted model \
                that answers without calling tools and reports tokens the way OKIK estimates them (four bytes of \
                UTF-8 a token): the figures are the agent's own economy (how often it asks the model and how much it \
                sends), not a model's. After --incident-after it starts a crash loop (the `crashloop` scenario) and \
                counts the ticks until the model is asked about it. Every tick reads a fresh snapshot over HTTP and \
                runs the optimizer, as okik-server's agent does from its informers. Build with -c release for \
                meaningful wall times; the token figures do not depend on the build.
                """
        )

        @Option(help: "Pods.")
        var pods = 1000

        @Option(help: "Nodes (default: one per 30 pods).")
        var nodes: Int?

        @Option(help: "Simulated time to run the agent for (\"1h\").")
        var duration = "1h"

        @Option(help: "Simulated time between ticks (the agent's interval).")
        var interval = "30s"

        @Option(help: "When to start a crash loop, from the start (\"30m\"); \"none\" for a steady run only.")
        var incidentAfter = "30m"

        @Option(help: "Simulated time before the agent starts (\"30m\"), so metrics exist and the generator's problems have shown once.")
        var advance = "30m"

        @Option(help: "Context budget per tick, in tokens.")
        var contextTokens = 8_000

        @Flag(name: .shortAndLong, help: "List every tick that asked the model, with what changed.")
        var verbose = false

        @Option(name: [.short, .customLong("output")], help: "Output format: table, json or yaml.")
        var output: OutputFormat = .table

        func validate() throws {
            guard pods > 0, (nodes ?? 1) > 0, contextTokens > 0 else {
                throw ValidationError("--pods, --nodes and --context-tokens must be positive")
            }
            for (name, value) in [("--duration", duration), ("--interval", interval), ("--advance", advance)] {
                guard SimulationDurations.seconds(value) != nil else { throw ValidationError("invalid \(name) \(value)") }
            }
            guard (SimulationDurations.seconds(interval) ?? 0) > 0 else { throw ValidationError("--interval must be positive") }
            guard incidentAfter == "none" || SimulationDurations.seconds(incidentAfter) != nil else {
                throw ValidationError("invalid --incident-after \(incidentAfter): a duration such as 30m, or none")
            }
        }

        @Sendable static func printTick(_ index: Int, _ report: AgentTickReport) {
            guard report.modelCalls > 0 else { return }
            print("tick \(index): \(report.modelCalls) call(s), \(report.tokens) tokens, context \(report.contextTokens): \(report.delta)")
        }

        func run() async throws {
            var logger = Logger(label: "okik.bench")
            logger.logLevel = .error
            let nodes = nodes ?? max(1, pods / 30)
            let wall = ContinuousClock()
            let simulator = try await Simulator.start(
                SimulatorConfiguration(port: 0, clock: .virtual(), runtime: .standard), logger: logger)
            let started = wall.now
            _ = try await SimulatedClusterSetup.prepare(
                simulator, scenario: "mixed", nodes: nodes, pods: pods, fastForward: advance)
            if output == .table {
                print("cluster: \(nodes) nodes, \(pods) pods, \(advance) simulated; set up in "
                    + String(format: "%.1f s", (wall.now - started).seconds))
            }
            let client = try KubeClient(config: simulator.kubeConfig, logger: logger)
            let simulated = simulator.clock
            let clock = ClosureWallClock { simulated.now }
            let model = ScriptedChatModel(model: "scripted-quiet") { _, _ in .text("Nothing needs doing.") }
            let cluster = AgentBenchmark.Cluster(
                snapshot: { try await ClusterSnapshot.collect(from: client, clock: clock) },
                advance: { await simulator.advance(by: $0) },
                startIncident: {
                    guard let scenario = BuiltInScenarios.named("crashloop") else { throw ValidationError("no crashloop scenario") }
                    try await ScenarioRunner.apply([scenario], to: simulator)
                    return ResourceRef(kind: "Deployment", namespace: "okik-crashloop", name: "payments-api")
                })
            let seconds = { (text: String) in Duration.seconds(SimulationDurations.seconds(text) ?? 0) }
            let configuration = AgentBenchmark.Configuration(
                duration: seconds(duration), interval: seconds(interval),
                incidentAfter: incidentAfter == "none" ? nil : seconds(incidentAfter),
                agent: AgentConfiguration(budget: TokenBudgetLimits(contextTokens: contextTokens)),
                onTick: verbose ? Self.printTick : nil)
            let result = try await AgentBenchmark.run(
                model: model, client: client, cluster: cluster, now: { simulated.now }, configuration: configuration,
                logger: logger)
            try? await client.shutdown()
            await simulator.stop()
            guard output == .table else {
                print(try output.encode(result))
                return
            }
            print("agent: \(result.ticks) ticks over \(String(format: "%.2f", result.hours)) simulated hours, \(result.pods) pods")
            print("model calls: \(result.modelCalls) (steady: \(result.steadyModelCalls)); tokens: \(result.tokens) "
                + "(steady: \(result.steadyTokens)); tokens per hour: \(result.tokensPerHour)")
            print("largest context: \(result.maxContextTokens) tokens (budget \(contextTokens))")
            if let reaction = result.firstReactionTicks, let fromIncident = result.ticksFromIncident {
                print("crash loop: model asked \(reaction) tick(s) after its findings appeared, "
                    + "\(fromIncident) tick(s) after it started")
            } else if incidentAfter != "none" {
                print("crash loop: the model was never asked about it")
            }
            print("budget refusals: \(result.budgetRefusals); slowest tick: \(String(format: "%.2f s", result.slowestTickSeconds))")
            print("peak memory: \((ProcessMemory.peakResident ?? 0) / 1_048_576) MiB")
        }
    }
}
