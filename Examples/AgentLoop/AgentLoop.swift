// Embeds the OKIK agent on a simulated cluster: a healthy cluster first (the agent looks once, then stays quiet and
// spends nothing), then a Deployment starts crash-looping; the agent notices it in one tick, reads the pods through
// the gate, quarantines it at L2, and the ledger shows the recommendation, the call and the verification.
//
//   swift run AgentLoop                       # a scripted model: no network, no key
//   OPENAI_API_KEY=... swift run AgentLoop --real
//   ANTHROPIC_API_KEY=... swift run AgentLoop --real
//
// With --real the model comes from LLMConfiguration.resolve (OKIK_LLM_PROVIDER, OKIK_LLM_MODEL, OPENAI_API_KEY,
// ANTHROPIC_API_KEY, ...); what it decides is its own, and the gate still decides what runs.
import Foundation
import Logging
import OkikKit
import OkikLLM
import OkikSimulator
import OkikTesting

@main
struct AgentLoop {
    static func main() async throws {
        let real = CommandLine.arguments.contains("--real")
        var logger = Logger(label: "okik.example.agent")
        logger.logLevel = .warning

        let cluster = try await SimulatedCluster.start("healthy")
        let model: any ChatModel = real ? try LLMConfiguration.resolve().makeChatModel() : scriptedSRE()
        let executor = try await GatedToolExecutor.start(
            client: cluster.client, store: InMemoryAuditStore(),
            configuration: GatekeeperConfiguration(level: .l2), clock: cluster.clock, logger: logger)
        let agent = Agent(
            model: model, executor: executor, configuration: AgentConfiguration(verifyAfter: .seconds(60)),
            snapshot: { try await cluster.snapshot() }, clock: cluster.clock, logger: logger)

        print("== a healthy cluster (model: \(model.model))")
        show(try await agent.tick())
        await cluster.simulator.advance(by: .seconds(30))
        show(try await agent.tick())

        print("\n== payments-api starts crash-looping")
        guard let crashloop = BuiltInScenarios.named("crashloop") else { fatalError("the crashloop scenario is built in") }
        try await ScenarioRunner.apply([crashloop], to: cluster.simulator)
        await cluster.simulator.advance(by: .seconds(600))
        show(try await agent.tick())

        print("\n== a minute later: the write is verified")
        await cluster.simulator.advance(by: .seconds(90))
        show(try await agent.tick())

        print("\n== the ledger")
        for recommendation in await agent.ledger.recommendations() where recommendation.severity >= .high {
            print("- [\(recommendation.state.rawValue)] \(recommendation.id): \(recommendation.text)")
            for verification in recommendation.verifications {
                print("    verified \(verification.invocation.tool): \(verification.result.rawValue) (\(verification.detail))")
            }
        }
        let status = await agent.status
        print("\n\(status.ticks) ticks, \(status.modelCalls) model calls, \(status.tokensLastHour) tokens in the last hour")
        await cluster.stop()
    }

    static func show(_ report: AgentTickReport) {
        print("tick: \(report.delta); \(report.skipped ?? "\(report.modelCalls) model call(s), \(report.tokens) tokens")")
        for call in report.calls {
            print("  \(call.invocation.tool) \(call.invocation.arguments.jsonString()): \(call.outcome.rawValue) (\(call.decision))")
        }
        for verification in report.verifications {
            print("  verification of \(verification.invocation.tool): \(verification.result.rawValue)")
        }
        if !report.answer.isEmpty { print("  answer: \(report.answer.prefix(400))") }
    }

    /// A model that behaves as a careful SRE would for this story: read the pods, then quarantine what serves nothing.
    static func scriptedSRE() -> ScriptedChatModel {
        ScriptedChatModel(model: "scripted-sre") { request, _ in
            guard case .user(let context)? = request.messages.first, context.contains("payments-api") else {
                return .text("Nothing needs doing.")
            }
            if context.contains("OKK-211") {
                return .text("Deployment okik-crashloop/payments-api: quarantined as planned; a person restores it after reading its logs.")
            }
            let results = request.messages.filter { if case .tool = $0 { true } else { false } }.count
            switch results {
            case 0:
                return .toolCalls([(name: "get_pods", arguments: ["namespace": "okik-crashloop"])], text: "Reading the pods first.")
            case 1:
                return .toolCalls(
                    [(name: "quarantine_deployment", arguments: ["namespace": "okik-crashloop", "name": "payments-api", "reason": "every pod crash-loops; nothing serves"])],
                    text: "No pod serves; quarantining stops the restarts.")
            default:
                return .text("Deployment okik-crashloop/payments-api: quarantined; read its previous logs before restoring it.")
            }
        }
    }
}
