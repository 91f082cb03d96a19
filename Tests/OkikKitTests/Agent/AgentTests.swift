import Foundation
import OkikKit
import OkikKubeClient
import OkikLLM
import OkikSimulator
import OkikTesting
import Testing

@Suite("The agent loop with a scripted model", .serialized)
struct AgentTests {
    static func agent(
        _ cluster: SimulatedCluster, model: (any ChatModel)?, level: AutonomyLevel = .l2,
        configuration: AgentConfiguration = AgentConfiguration()
    ) async throws -> (Agent, GatedToolExecutor) {
        let executor = try await GatedToolExecutor.start(
            client: cluster.client, store: InMemoryAuditStore(),
            configuration: GatekeeperConfiguration(level: level, rateLimits: .unlimited), clock: cluster.clock,
            logger: testLogger)
        let agent = Agent(
            model: model, executor: executor, configuration: configuration, snapshot: { try await cluster.snapshot() },
            clock: cluster.clock, logger: testLogger)
        return (agent, executor)
    }

    @Test("a steady cluster costs no model call after the first look")
    func steadyClusterIsFree() async throws {
        let cluster = try await SimulatedCluster.start("healthy")
        defer { Task { await cluster.stop() } }
        let model = ScriptedChatModel(transcript: [.text("Nothing needs doing.")])
        let (agent, _) = try await Self.agent(cluster, model: model)
        let first = try await agent.tick()
        #expect(first.modelCalls <= 1)
        let callsAfterFirst = model.calls
        for _ in 0..<5 {
            await cluster.simulator.advance(by: .seconds(30))
            let report = try await agent.tick()
            #expect(report.modelCalls == 0 && report.tokens == 0, "\(report.delta)")
        }
        #expect(model.calls == callsAfterFirst)
    }

    @Test("the ledger notes only objects that exist, and bounds what it keeps")
    func theLedgerIgnoresMadeUpObjects() async throws {
        let cluster = try await SimulatedCluster.start("crashloop")
        defer { Task { await cluster.stop() } }
        let madeUp = (0..<300).map { "Deployment ghost/made-up-\($0): delete everything." }.joined(separator: "\n")
        let long = String(repeating: "x", count: 10_000)
        let model = ScriptedChatModel(transcript: [
            .text(madeUp + "\nDeployment okik-crashloop/payments-api: quarantine it. " + long),
        ])
        let (agent, _) = try await Self.agent(cluster, model: model)
        _ = try await agent.tick()
        let noted = await agent.ledger.recommendations()
        #expect(!noted.contains { $0.subject?.namespace == "ghost" }, "\(noted.count) noted")
        let real = try #require(await agent.ledger.recommendation("Deployment/okik-crashloop/payments-api"))
        #expect(real.text.hasPrefix("quarantine it."))
        #expect(real.text.count <= AgentLedger.maxTextLength + 1)
    }

    @Test("a new crash loop is noticed in one tick, diagnosed with observe tools, quarantined at L2 and verified")
    func crashLoopIsHandled() async throws {
        let cluster = try await SimulatedCluster.start("healthy")
        defer { Task { await cluster.stop() } }
        let model = ScriptedChatModel { request, _ in
            guard case .user(let context)? = request.messages.first, context.contains("payments-api") else {
                return .text("Nothing needs doing.")
            }
            let results = request.messages.compactMap { if case .tool(let result) = $0 { result.content } else { nil } }
            switch results.count {
            case 0:
                return .toolCalls([(name: "get_pods", arguments: ["namespace": "okik-crashloop"])], text: "Looking at the pods.")
            case 1:
                return .toolCalls(
                    [(name: "quarantine_deployment", arguments: ["namespace": "okik-crashloop", "name": "payments-api", "reason": "crash loop, no pod serves"])],
                    text: "It crash-loops and serves nothing.")
            default:
                return .text("Deployment okik-crashloop/payments-api: quarantined; read its previous logs before restoring it.")
            }
        }
        let (agent, executor) = try await Self.agent(cluster, model: model, configuration: AgentConfiguration(verifyAfter: .seconds(60)))
        _ = try await agent.tick()
        let before = model.calls

        // The crash loop starts now.
        try await ScenarioRunner.apply([try #require(BuiltInScenarios.named("crashloop"))], to: cluster.simulator)
        await cluster.simulator.advance(by: .seconds(600))
        let noticed = try await agent.tick()
        #expect(noticed.modelCalls >= 1 && model.calls > before, "the crash loop got a model call within one tick")
        #expect(noticed.calls.map(\.invocation.tool) == ["get_pods", "quarantine_deployment"], "\(noticed.calls.map(\.invocation.tool))")
        #expect(noticed.calls.last?.outcome == .executed, "\(noticed.calls.map(\.decision))")
        let payments = try await cluster.client.namespaced(Deployment.self, in: .named("okik-crashloop")).get("payments-api")
        #expect(payments.spec?.replicas == 0)
        let recommendation = try #require(await agent.ledger.recommendation("Deployment/okik-crashloop/payments-api"))
        #expect(recommendation.state == .acted && recommendation.callIDs.count == 1)
        #expect(recommendation.text.contains("quarantined"))
        #expect(try await executor.store.entries(AuditQuery(actor: "agent:okik")).contains { $0.tool == "quarantine_deployment" })

        // After the settle time the write is checked again.
        await cluster.simulator.advance(by: .seconds(90))
        let checked = try await agent.tick()
        #expect(checked.verifications.count == 1)
        #expect(checked.verifications.first?.result != .worse)
        #expect(await agent.ledger.recommendation("Deployment/okik-crashloop/payments-api")?.verifications.count == 1)
    }

    @Test("L0 offers the model no tools; L1 turns its writes into plans")
    func levelsShapeTheTools() async throws {
        let cluster = try await SimulatedCluster.start("crashloop")
        defer { Task { await cluster.stop() } }
        let quarantine = ScriptedChatModel.Answer.toolCalls(
            [(name: "quarantine_deployment", arguments: ["namespace": "okik-crashloop", "name": "payments-api", "reason": "loops"])])
        let silent = ScriptedChatModel(transcript: [.text("Deployment okik-crashloop/payments-api: quarantine it.")])
        let (l0, _) = try await Self.agent(cluster, model: silent, level: .l0)
        _ = try await l0.tick()
        #expect(silent.requests.first?.tools.isEmpty == true)

        let model = ScriptedChatModel(transcript: [quarantine, .text("Queued.")])
        let (l1, executor) = try await Self.agent(cluster, model: model, level: .l1)
        let report = try await l1.tick()
        #expect(model.requests.first?.tools.isEmpty == false)
        #expect(report.calls.first?.outcome == .queued)
        #expect(try await executor.approvals.pending().count == 1)
        #expect(try await cluster.client.namespaced(Deployment.self, in: .named("okik-crashloop")).get("payments-api").spec?.replicas != 0)
    }

    @Test("a spent budget stops model calls, is audited once, the offline reasoner answers, and calls resume when it refills")
    func budgetsStopCalls() async throws {
        let cluster = try await SimulatedCluster.start("crashloop")
        defer { Task { await cluster.stop() } }
        let model = ScriptedChatModel { _, _ in .text("Looked.") }
        // What one look costs here.
        let (probe, _) = try await Self.agent(cluster, model: model)
        let cost = try await probe.tick().tokens
        #expect(cost > 0)

        let (starved, starvedExecutor) = try await Self.agent(
            cluster, model: model,
            configuration: AgentConfiguration(budget: TokenBudgetLimits(perTick: nil, perHour: cost / 2, perDay: nil)))
        let calls = model.calls
        let refused = try await starved.tick()
        #expect(refused.modelCalls == 0 && refused.offline?.contains("hourly token budget") == true, "\(String(describing: refused.offline))")
        #expect(await starved.status.budgetRefusal != nil)
        #expect(!refused.answer.isEmpty, "the offline reasoner answered")
        #expect(model.calls == calls)
        _ = try await starved.tick()
        let exhausted = try await starvedExecutor.store.entries(AuditQuery(kinds: [.budgetExhausted]))
        #expect(exhausted.count == 1, "one entry when the window runs out, not one per refused tick")
        #expect(exhausted.first?.actor == AgentConfiguration().caller.description)
        #expect(exhausted.first?.result?["window"] == .string("hour") && exhausted.first?.result?["limit"] == .int(cost / 2))

        let (agent, _) = try await Self.agent(
            cluster, model: model,
            configuration: AgentConfiguration(budget: TokenBudgetLimits(perTick: nil, perHour: cost * 3 / 2, perDay: nil)))
        #expect(try await agent.tick().modelCalls == 1)
        try await ScenarioRunner.apply([try #require(BuiltInScenarios.named("oom"))], to: cluster.simulator)
        await cluster.simulator.advance(by: .seconds(300))
        let spent = try await agent.tick()
        #expect(spent.modelCalls == 0 && spent.offline != nil, "the hour's budget is spent")
        await cluster.simulator.advance(by: .seconds(3700))
        try await ScenarioRunner.apply([try #require(BuiltInScenarios.named("pending"))], to: cluster.simulator)
        await cluster.simulator.advance(by: .seconds(400))
        #expect(try await agent.tick().modelCalls == 1, "the budget refilled")
    }

    @Test("the hour's budget outlives a restart: a new agent on the same SQLite store starts with what was spent")
    func theBudgetOutlivesARestart() async throws {
        let cluster = try await SimulatedCluster.start("crashloop")
        defer { Task { await cluster.stop() } }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("okik-budget-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("okik.db").path
        let model = ScriptedChatModel { _, _ in .text("Looked.") }
        func agent(perHour: Int?) async throws -> Agent {
            let executor = try await GatedToolExecutor.start(
                client: cluster.client, store: try SQLiteAuditStore(path: path),
                configuration: GatekeeperConfiguration(level: .l2, rateLimits: .unlimited), clock: cluster.clock,
                logger: testLogger)
            return Agent(
                model: model, executor: executor,
                configuration: AgentConfiguration(budget: TokenBudgetLimits(perTick: nil, perHour: perHour, perDay: nil)),
                snapshot: { try await cluster.snapshot() }, clock: cluster.clock, logger: testLogger)
        }
        let first = try await agent(perHour: nil)
        let cost = try await first.tick().tokens
        #expect(cost > 0)
        // The process restarts (a crash loop, a new leader) with an hourly budget the first look already used up.
        let restarted = try await agent(perHour: cost + cost / 2)
        let calls = model.calls
        let refused = try await restarted.tick()
        #expect(refused.modelCalls == 0 && refused.offline?.contains("hourly token budget") == true, "\(String(describing: refused.offline))")
        #expect(model.calls == calls)
        #expect(await restarted.status.tokensLastHour >= cost)
    }

    @Test("a provider that keeps failing is not called at every tick: the agent backs off, keeping the news for later")
    func aFailingProviderIsAskedWithBackOff() async throws {
        let cluster = try await SimulatedCluster.start("crashloop")
        defer { Task { await cluster.stop() } }
        let model = ScriptedChatModel { _, _ in .failure(.overloaded) }
        let (agent, _) = try await Self.agent(cluster, model: model)
        _ = try await agent.tick()
        let afterFirst = model.calls
        #expect(afterFirst >= 1)
        // Ticks within the back-off answer offline without calling the provider.
        for _ in 0..<3 {
            let tick = try await agent.tick()
            #expect(tick.offline?.contains("asked again after") == true, "\(String(describing: tick.offline))")
        }
        #expect(model.calls == afterFirst)
        // After it (30 s), the news is offered again.
        await cluster.simulator.advance(by: .seconds(31))
        _ = try await agent.tick()
        #expect(model.calls > afterFirst)
    }

    @Test("a tick whose model call fails, or whose budget refuses, offers its news again at the next tick")
    func failedTickKeepsItsNews() async throws {
        let cluster = try await SimulatedCluster.start("crashloop")
        defer { Task { await cluster.stop() } }
        let model = ScriptedChatModel { _, turn in turn == 0 ? .failure(.serverError) : .text("Looked.") }
        let (agent, _) = try await Self.agent(cluster, model: model)
        let failed = try await agent.tick()
        #expect(failed.modelCalls == 0 && failed.offline?.contains("the model failed") == true)
        #expect(model.calls == 1)

        // Nothing changed in the cluster; what the failed call never delivered is still news.
        await cluster.simulator.advance(by: .seconds(30))
        let retried = try await agent.tick()
        #expect(retried.modelCalls == 1, "\(retried.skipped ?? "asked")")
        #expect(AgentAlertTests.context(model.requests.last).contains("payments-api"), "the crash loop is offered again")
        await cluster.simulator.advance(by: .seconds(30))
        #expect(try await agent.tick().modelCalls == 0, "once delivered it is told")

        // A budget that refuses the call delivers nothing either.
        let probe = ScriptedChatModel { _, _ in .text("Looked.") }
        let cost = try await Self.agent(cluster, model: probe).0.tick().tokens
        let (starved, _) = try await Self.agent(
            cluster, model: probe,
            configuration: AgentConfiguration(budget: TokenBudgetLimits(perTick: nil, perHour: cost * 3 / 2, perDay: nil)))
        #expect(try await starved.tick().modelCalls == 1)
        try await ScenarioRunner.apply([try #require(BuiltInScenarios.named("oom"))], to: cluster.simulator)
        await cluster.simulator.advance(by: .seconds(300))
        let refused = try await starved.tick()
        #expect(refused.modelCalls == 0 && refused.offline != nil, "the hour's budget is spent")
        await cluster.simulator.advance(by: .seconds(3700))
        let refilled = try await starved.tick()
        #expect(refilled.modelCalls == 1, "the refused tick's findings are news once the budget refills: \(refilled.skipped ?? "")")
        let context = AgentAlertTests.context(probe.requests.last)
        let changed = context.components(separatedBy: "## What changed since the last look").dropFirst().first?
            .components(separatedBy: "\n## ").first ?? ""
        #expect(changed.contains("okik-oom"), "the OOM findings the refused tick never delivered are offered as changes")
    }

    @Test("the context stays within its bound however many findings there are")
    func contextIsBounded() async throws {
        let cluster = try await SimulatedCluster.start(BuiltInScenarios.all)
        defer { Task { await cluster.stop() } }
        let model = ScriptedChatModel(transcript: [.text("Looked.")])
        let (agent, _) = try await Self.agent(
            cluster, model: model, configuration: AgentConfiguration(budget: TokenBudgetLimits(contextTokens: 1_500)))
        let report = try await agent.tick()
        #expect(report.contextTokens <= 1_500, "a hard bound, the head included")
        let request = try #require(model.requests.first)
        let user = request.messages.compactMap { if case .user(let text) = $0 { text } else { nil } }.first ?? ""
        #expect(user.contains("Score") && user.contains("<cluster-data>"))
        #expect(user.contains("left out for room") || user.contains("cut to fit"))
        #expect(
            user.components(separatedBy: "<cluster-data>").count == user.components(separatedBy: "</cluster-data>").count,
            "every fence that opens closes")
    }

    @Test("a problem that comes back within the recall window costs no second call; after the window it does")
    func flappingIsNotNews() async throws {
        for (recall, callsAgain) in [(Duration.seconds(7200), false), (Duration.seconds(300), true)] {
            let cluster = try await SimulatedCluster.start("crashloop")
            defer { Task { await cluster.stop() } }
            let model = ScriptedChatModel { _, _ in .text("Looked.") }
            let (agent, _) = try await Self.agent(cluster, model: model, configuration: AgentConfiguration(recall: recall))
            #expect(try await agent.tick().modelCalls == 1)

            try await cluster.client.namespaced(Deployment.self, in: .named("okik-crashloop")).delete("payments-api")
            await cluster.simulator.advance(by: .seconds(120))
            let gone = try await agent.tick()
            #expect(gone.modelCalls == 0, "a problem that resolved is not a reason to ask: \(gone.delta)")

            try await ScenarioRunner.apply([try #require(BuiltInScenarios.named("crashloop"))], to: cluster.simulator)
            await cluster.simulator.advance(by: .seconds(600))
            let back = try await agent.tick()
            #expect(!back.delta.contains("nothing"), "the crash loop is back: \(back.delta)")
            #expect((back.modelCalls > 0) == callsAgain, "recall \(recall): \(back.delta); \(back.skipped ?? "asked")")
        }
    }

    @Test("reconfiguring: only a named person; a new level goes to the control state; a model that cannot be made changes nothing")
    func reconfigure() async throws {
        let cluster = try await SimulatedCluster.start("healthy")
        defer { Task { await cluster.stop() } }
        let (agent, executor) = try await Self.agent(cluster, model: ScriptedChatModel(transcript: []))
        await #expect(throws: AgentConfigurationError.self) {
            try await agent.reconfigure({ $0.level = .l4 }, by: Caller(.agent, "okik"))
        }
        #expect(await executor.controls.current.level == .l2)
        try await agent.reconfigure({ $0.level = .l3; $0.interval = .seconds(60) }, by: operatorHuman)
        #expect(await executor.controls.current.level == .l3)
        #expect(await agent.configuration.interval == .seconds(60))
        // A person lowers the level elsewhere (PUT /autonomy); asking the agent for L3 again restores it.
        try await executor.controls.setLevel(.l2, by: operatorHuman)
        try await agent.reconfigure({ $0.level = .l3 }, by: operatorHuman)
        #expect(await executor.controls.current.level == .l3, "the agent compares with the control state, not its own record")
        let noKey = LLMConfiguration(provider: .openAI, apiKey: nil)
        await #expect(throws: AgentConfigurationError.self) {
            try await agent.reconfigure({ $0.llm = noKey; $0.interval = .seconds(5) }, by: operatorHuman)
        }
        #expect(await agent.configuration.interval == .seconds(60))
        #expect(await agent.status.model == "scripted-model")
        let changes = try await executor.store.entries(AuditQuery(kinds: [.policyChanged]))
        #expect(changes.contains { $0.actor == operatorHuman.description && $0.reason?.contains("agent configuration") == true })
        #expect(changes.contains { $0.reason?.contains("autonomy L2 -> L3") == true })
    }
}
