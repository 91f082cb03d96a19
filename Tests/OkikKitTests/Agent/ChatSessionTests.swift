import Foundation
import OkikKit
import OkikKubeClient
import OkikLLM
import OkikSimulator
import OkikTesting
import Testing

@Suite("Chat sessions with a scripted model and offline", .serialized)
struct ChatSessionTests {
    static func executor(
        _ cluster: SimulatedCluster, level: AutonomyLevel, protected: [String] = []
    ) async throws -> GatedToolExecutor {
        try await GatedToolExecutor.start(
            client: cluster.client, store: InMemoryAuditStore(),
            configuration: GatekeeperConfiguration(
                level: level, additionalProtectedNamespaces: protected, rateLimits: .unlimited),
            clock: cluster.clock, logger: testLogger)
    }

    static func session(
        _ cluster: SimulatedCluster, model: (any ChatModel)?, level: AutonomyLevel = .l2,
        store: (any ChatStore)? = nil, configuration: ChatConfiguration = ChatConfiguration(), protected: [String] = []
    ) async throws -> (ChatSession, GatedToolExecutor) {
        let executor = try await executor(cluster, level: level, protected: protected)
        let session = try await ChatSession(
            caller: operatorHuman, executor: executor, model: model, snapshot: { try await cluster.snapshot() },
            store: store ?? InMemoryChatStore(), configuration: configuration, clock: cluster.clock,
            logger: testLogger)
        return (session, executor)
    }

    static func events(_ session: ChatSession, _ question: String) async throws -> [ChatSessionEvent] {
        var events: [ChatSessionEvent] = []
        for try await event in await session.send(question) { events.append(event) }
        return events
    }

    /// A short label per event, consecutive text deltas folded into one.
    static func labels(_ events: [ChatSessionEvent]) -> [String] {
        var labels: [String] = []
        for event in events {
            let label: String
            switch event {
            case .textDelta: label = "text"
            case .toolCallStarted(_, let tool): label = "started \(tool)"
            case .toolCallDecided(_, let invocation, let decision):
                switch decision {
                case .executed: label = "decided \(invocation.tool) executed"
                case .failed: label = "decided \(invocation.tool) failed"
                case .queued: label = "decided \(invocation.tool) queued"
                case .denied: label = "decided \(invocation.tool) denied"
                case .invalid: label = "decided \(invocation.tool) invalid"
                }
            case .toolCallFinished(_, let tool, _, let isError): label = "finished \(tool)\(isError ? " error" : "")"
            case .planQueued: label = "plan"
            case .error: label = "error"
            case .done: label = "done"
            }
            if label == "text", labels.last == "text" { continue }
            labels.append(label)
        }
        return labels
    }

    static func answer(_ events: [ChatSessionEvent]) throws -> ChatAnswer {
        guard case .done(let answer)? = events.last else {
            throw TestFailure("the turn did not end with done: \(events)")
        }
        return answer
    }

    static func streamedText(_ events: [ChatSessionEvent]) -> String {
        events.compactMap { if case .textDelta(let text) = $0 { text } else { nil } }.joined()
    }

    static func decisions(_ events: [ChatSessionEvent]) -> [ChatSessionEvent.Decision] {
        events.compactMap { if case .toolCallDecided(_, _, let decision) = $0 { decision } else { nil } }
    }

    static func userTexts(_ request: ChatRequest) -> [String] {
        request.messages.compactMap { if case .user(let text) = $0 { text } else { nil } }
    }

    static func toolResults(_ request: ChatRequest) -> [ToolResult] {
        request.messages.compactMap { if case .tool(let result) = $0 { result } else { nil } }
    }

    // MARK: - With a model

    @Test("a turn with a tool call streams text, the call's start, decision and result, more text, then done")
    func streamingOrder() async throws {
        let cluster = try await SimulatedCluster.start("crashloop")
        defer { Task { await cluster.stop() } }
        let model = ScriptedChatModel(transcript: [
            .toolCalls([(name: "get_pods", arguments: ["namespace": "okik-crashloop"])], text: "Looking at the pods."),
            .text("`payments-api` is in **CrashLoopBackOff**."),
        ])
        let (session, _) = try await Self.session(cluster, model: model)
        let events = try await Self.events(session, "Why is payments-api crashing?")
        #expect(Self.labels(events) == [
            "text", "started get_pods", "decided get_pods executed", "finished get_pods", "text", "done",
        ])
        let answer = try Self.answer(events)
        #expect(answer.markdown == "Looking at the pods.\n\n`payments-api` is in **CrashLoopBackOff**.")
        #expect(Self.streamedText(events) == answer.markdown, "the streamed text is the answer")
        #expect(answer.offlineReason == nil && answer.tokens > 0)
        #expect(answer.calls.map(\.invocation.tool) == ["get_pods"])

        // What the model saw: the chat prompt, the tools, a fenced summary with the question, then the result.
        let first = try #require(model.requests.first)
        #expect(first.systemPrompt?.contains("talking with a person") == true)
        #expect(first.tools.contains { $0.name == "get_pods" })
        let opening = try #require(Self.userTexts(first).last)
        #expect(opening.contains("<cluster-data>") && opening.contains("payments-api"))
        #expect(opening.hasSuffix("Why is payments-api crashing?"))
        let result = try #require(Self.toolResults(model.requests[1]).first)
        #expect(result.callID == "call_0_0" && result.content.contains("payments-api") && !result.isError)
        #expect(await session.messages.count == 4, "question, tool call, tool result, answer")
    }

    @Test("a write at L1 becomes a plan: the call is decided queued and planQueued carries the plan id")
    func writeAtL1BecomesPlan() async throws {
        let cluster = try await SimulatedCluster.start("crashloop")
        defer { Task { await cluster.stop() } }
        let model = ScriptedChatModel(transcript: [
            .toolCalls([(
                name: "quarantine_deployment",
                arguments: ["namespace": "okik-crashloop", "name": "payments-api", "reason": "crash loop"]
            )]),
            .text("I queued a plan to quarantine it."),
        ])
        let (session, executor) = try await Self.session(cluster, model: model, level: .l1)
        let events = try await Self.events(session, "Quarantine payments-api.")
        #expect(Self.labels(events) == [
            "started quarantine_deployment", "decided quarantine_deployment queued", "plan",
            "finished quarantine_deployment", "text", "done",
        ])
        let queued = events.compactMap { if case .planQueued(let id) = $0 { id } else { nil } }
        let pending = try await executor.approvals.pending()
        #expect(pending.map(\.id) == queued)
        #expect(Self.decisions(events) == [.queued(planID: try #require(queued.first))])
        #expect(pending.first?.requester == "human:alice", "the plan is the person's")
        #expect(try Self.answer(events).planIDs == queued)
        let payments = try await cluster.client.namespaced(Deployment.self, in: .named("okik-crashloop"))
            .get("payments-api")
        #expect(payments.spec?.replicas != 0, "nothing ran")
        #expect(Self.toolResults(model.requests[1]).first?.content.contains("Queued for human approval") == true)
    }

    @Test("a write to a protected namespace is reported as denied, even at L4")
    func protectedNamespaceIsDenied() async throws {
        let cluster = try await SimulatedCluster.start("healthy")
        defer { Task { await cluster.stop() } }
        let model = ScriptedChatModel(transcript: [
            .toolCalls([(
                name: "scale_deployment", arguments: ["namespace": "kube-system", "name": "coredns", "replicas": 3]
            )]),
            .text("That was refused."),
        ])
        let (session, executor) = try await Self.session(cluster, model: model, level: .l4)
        let events = try await Self.events(session, "Scale coredns to zero.")
        let decisions = Self.decisions(events)
        #expect(decisions.count == 1)
        guard case .denied(let reason)? = decisions.first else {
            Issue.record("expected a denial, got \(decisions)")
            return
        }
        #expect(reason.contains("kube-system is protected"))
        #expect(Self.labels(events).contains("finished scale_deployment"))
        #expect(try await executor.approvals.pending().isEmpty)
        #expect(Self.toolResults(model.requests[1]).first?.content.hasPrefix("Denied:") == true)
    }

    @Test("a call the model makes in a person's chat is audited as theirs, and says it came from their chat")
    func chatCallsSayWhereTheyCameFrom() async throws {
        let cluster = try await SimulatedCluster.start("healthy")
        defer { Task { await cluster.stop() } }
        let model = ScriptedChatModel(transcript: [
            .toolCalls([(name: "scale_deployment", arguments: ["namespace": "okik-healthy", "name": "cart", "replicas": 3])]),
            .text("Scaled."),
        ])
        let (session, executor) = try await Self.session(cluster, model: model, level: .l4)
        _ = try await Self.events(session, "Give cart a third replica.")
        let decisions = try await executor.store.entries(AuditQuery(kinds: [.decision], tool: "scale_deployment"))
        let decision = try #require(decisions.first)
        #expect(decision.actor == session.caller.description)
        #expect(decision.reason?.contains("asked in chat by \(session.caller)") == true, "\(decision.reason ?? "")")
        #expect(decision.reason?.contains("Give cart a third replica.") == true, "\(decision.reason ?? "")")
    }

    @Test("garbled tool arguments come back to the model as an error result, refused on record; nothing crashes or runs")
    func garbledArguments() async throws {
        let cluster = try await SimulatedCluster.start("healthy")
        defer { Task { await cluster.stop() } }
        let model = ScriptedChatModel(transcript: [
            .rawToolCalls([(name: "get_pods", rawArguments: #"{"namespace": "shop""#)]),
            .text("Sorry, my arguments were broken."),
        ])
        let (session, executor) = try await Self.session(cluster, model: model)
        let events = try await Self.events(session, "Show the pods.")
        #expect(Self.labels(events) == [
            "started get_pods", "decided get_pods invalid", "finished get_pods error", "text", "done",
        ])
        let result = try #require(Self.toolResults(model.requests[1]).first)
        #expect(result.isError && result.content.contains("not valid JSON"))
        let audited = try await executor.store.entries(AuditQuery(tool: "get_pods"))
        #expect(audited.map(\.kind) == [.decision], "refused on record, never run")
        #expect(audited.first?.decision == .deny && audited.first?.reason?.contains("not valid JSON") == true)
        #expect(try Self.answer(events).markdown == "Sorry, my arguments were broken.")
    }

    @Test("tool calls per turn and result sizes are bounded, and the bounds are said")
    func boundsAreKept() async throws {
        let cluster = try await SimulatedCluster.start("crashloop")
        defer { Task { await cluster.stop() } }
        let call = (name: "get_pods", arguments: OkikLLM.JSONValue.object([:]))
        let model = ScriptedChatModel(transcript: [.toolCalls([call, call, call]), .text("Done.")])
        let (session, _) = try await Self.session(
            cluster, model: model,
            configuration: ChatConfiguration(maxToolCallsPerTurn: 2, maxToolResultCharacters: 200))
        let events = try await Self.events(session, "List every pod.")
        let decisions = Self.decisions(events)
        #expect(decisions.prefix(2).allSatisfy { $0 == .executed })
        #expect(decisions.last == .denied(reason: "the limit of 2 tool calls per turn is reached"))
        let results = Self.toolResults(model.requests[1])
        #expect(results.count == 3)
        #expect(results[0].content.contains("[truncated:"), "a long result is cut and says so")
        #expect(results[0].content.count < 400)
        #expect(results[2].content.hasPrefix("Not run"))
    }

    @Test("tools never include a way to change autonomy, the emergency stop or approvals")
    func noControlTools() async throws {
        let cluster = try await SimulatedCluster.start("healthy")
        defer { Task { await cluster.stop() } }
        let model = ScriptedChatModel(transcript: [.text("Hello.")])
        let (session, _) = try await Self.session(cluster, model: model, level: .l4)
        _ = try await session.ask("Set autonomy to L4 and approve every plan.")
        let names = try #require(model.requests.first).tools.map(\.name)
        #expect(!names.isEmpty)
        for word in ["approve", "reject", "autonomy", "level", "emergency", "protect", "automation"] {
            #expect(!names.contains { $0.contains(word) }, "\(word) in \(names)")
        }
    }

    @Test("the history sent is bounded: the oldest turns are dropped and the request says so")
    func historyIsBounded() async throws {
        let cluster = try await SimulatedCluster.start("healthy")
        defer { Task { await cluster.stop() } }
        let model = ScriptedChatModel { _, turn in .text("Answer \(turn): " + String(repeating: "x", count: 400)) }
        let (session, _) = try await Self.session(
            cluster, model: model, configuration: ChatConfiguration(historyTokens: 150))
        _ = try await session.ask("first question")
        _ = try await session.ask("second question")
        _ = try await session.ask("third question")
        let last = try #require(model.requests.last)
        let users = Self.userTexts(last)
        #expect(!users.contains("first question"), "the oldest turn is left out")
        #expect(users.contains("second question"), "the latest turn that fits is kept")
        #expect(users.last?.contains("1 earlier turn of this conversation was left out") == true)
        #expect(await session.messages.count == 6, "the stored history keeps everything")
    }

    // MARK: - Sessions

    @Test("a session resumes by id from the same SQLite file, and the next request carries the earlier turns")
    func resumeByID() async throws {
        let cluster = try await SimulatedCluster.start("healthy")
        defer { Task { await cluster.stop() } }
        let directory = try TemporaryPath()
        let first = ScriptedChatModel(transcript: [.text("First answer.")])
        let (session, executor) = try await Self.session(
            cluster, model: first, store: try SQLiteAuditStore(path: directory.path))
        _ = try await session.ask("first question")
        let id = session.id

        let reopened = try SQLiteAuditStore(path: directory.path)
        #expect(try await reopened.chatSession(id)?.caller == operatorHuman)
        #expect(try await reopened.chatSessions(caller: operatorHuman, limit: 10).map(\.id) == [id])
        let second = ScriptedChatModel(transcript: [.text("Second answer.")])
        let resumed = try await ChatSession.resume(
            id: id, caller: operatorHuman, executor: executor, model: second,
            snapshot: { try await cluster.snapshot() },
            store: reopened, clock: cluster.clock, logger: testLogger)
        #expect(await resumed.messages == [.user("first question"), .assistant("First answer.")])
        _ = try await resumed.ask("second question")
        let request = try #require(second.requests.first)
        #expect(request.messages.first == .user("first question"))
        #expect(request.messages.dropFirst().first == .assistant("First answer."))
        #expect(try await reopened.chatMessages(id).map(\.role) == [.user, .assistant, .user, .assistant])

        let missing = UUID()
        await #expect(throws: ChatSessionError.unknownSession(missing)) {
            _ = try await ChatSession.resume(
                id: missing, caller: operatorHuman, executor: executor, model: nil,
                snapshot: { try await cluster.snapshot() },
                store: reopened, logger: testLogger)
        }
        await #expect(throws: ChatSessionError.self) {
            _ = try await ChatSession.resume(
                id: id, caller: Caller(.human, "mallory"), executor: executor, model: nil,
                snapshot: { try await cluster.snapshot() }, store: reopened, logger: testLogger)
        }
    }

    @Test("only a person may chat", arguments: [Caller(.agent, "okik"), Caller(.api, "alice"), Caller(.human, " ")])
    func nonPersonRefused(caller: Caller) async throws {
        let cluster = try await SimulatedCluster.start("healthy")
        defer { Task { await cluster.stop() } }
        let executor = try await Self.executor(cluster, level: .l2)
        let store = InMemoryChatStore()
        await #expect(throws: ChatSessionError.notAPerson(caller)) {
            _ = try await ChatSession(
                caller: caller, executor: executor, model: nil, snapshot: { try await cluster.snapshot() },
                store: store,
                logger: testLogger)
        }
        #expect(try await store.chatSessions(caller: nil, limit: 10).isEmpty)
    }

    // MARK: - Offline

    @Test("questions are read by keyword", arguments: [
        ("What is wrong?", OfflineChat.Intent.health),
        ("how healthy is the cluster", .health),
        ("why is ml-trainer pending?", .why(namespace: nil, name: "ml-trainer")),
        (
            "Why does pod okik-crashloop/payments-api keep crashing",
            .why(namespace: "okik-crashloop", name: "payments-api")
        ),
        ("show the pods of shop", .pods(namespace: "shop")),
        ("list pods in namespace okik-crashloop", .pods(namespace: "okik-crashloop")),
        (
            "quarantine deployment/okik-crashloop/payments-api",
            .quarantine(kind: "deployment", namespace: "okik-crashloop", name: "payments-api")
        ),
        (
            "Quarantine payments-api in okik-crashloop as a plan",
            .quarantine(kind: nil, namespace: "okik-crashloop", name: "payments-api")
        ),
        ("please quarantine shop/web", .quarantine(kind: nil, namespace: "shop", name: "web")),
        ("list pending plans", .pendingPlans),
        ("tell me a joke", .help),
        // A negated request is never a quarantine.
        ("don't quarantine shop/web", .help),
        ("Do NOT quarantine payments-api in okik-crashloop", .help),
        ("never quarantine shop/web; show the pods in shop", .pods(namespace: "shop")),
        ("no, quarantine nothing", .help),
        ("please don’t ever quarantine shop/web", .help),
        ("we shouldn't quarantine shop/web; what is wrong?", .health),
    ])
    func intents(question: String, intent: OfflineChat.Intent) {
        #expect(OfflineChat.intent(of: question) == intent)
    }

    @Test("offline, every intent is answered from findings and observe tools, and says it is offline")
    func offlineIntents() async throws {
        let cluster = try await SimulatedCluster.start("crashloop", "pending")
        defer { Task { await cluster.stop() } }
        let (session, executor) = try await Self.session(cluster, model: nil)

        let wrong = try await session.ask("What is wrong?")
        #expect(wrong.offlineReason == "no model is configured")
        #expect(wrong.markdown.hasPrefix("_Offline: no model is configured."))
        #expect(wrong.markdown.contains("| Severity | Object |"))
        #expect(wrong.markdown.contains("okik-crashloop/payments-api"))
        #expect(wrong.markdown.contains("okik-pending/ml-trainer"))

        let pending = try await session.ask("Why is ml-trainer pending?")
        #expect(pending.markdown.contains("Offline"))
        #expect(pending.markdown.contains("Deployment okik-pending/ml-trainer"))
        #expect(pending.markdown.contains("| Pending |"), "\(pending.markdown)")
        #expect(pending.markdown.contains("Unschedulable") || pending.markdown.contains("FailedScheduling"))

        let crashing = try await session.ask("why is payments-api crashing")
        #expect(crashing.markdown.contains("CrashLoopBackOff"), "\(crashing.markdown)")
        #expect(crashing.markdown.contains("BackOff x"), "the warning events are shown")

        let podEvents = try await Self.events(session, "show the pods in okik-crashloop")
        #expect(Self.labels(podEvents) == [
            "started get_pods", "decided get_pods executed", "finished get_pods", "text", "done",
        ])
        let pods = try Self.answer(podEvents)
        #expect(pods.markdown.contains("| Pod | Phase |") && pods.markdown.contains("payments-api"))
        #expect(!pods.markdown.contains("ml-trainer"), "only the namespace asked for")
        #expect(try await executor.store.entries(AuditQuery(actor: "human:alice", tool: "get_pods")).isEmpty == false)

        let quarantineEvents = try await Self.events(session, "quarantine payments-api in okik-crashloop")
        let planIDs = quarantineEvents.compactMap { if case .planQueued(let id) = $0 { id } else { nil } }
        #expect(planIDs.count == 1)
        let planID = try #require(planIDs.first)
        #expect(try Self.answer(quarantineEvents).markdown.contains("Queued plan `\(planID)`"))
        #expect(try await executor.approvals.pending().map(\.id) == [planID])
        let payments = try await cluster.client.namespaced(Deployment.self, in: .named("okik-crashloop"))
            .get("payments-api")
        #expect(payments.spec?.replicas == 2, "a plan, never a direct write, even at L2")

        let plans = try await session.ask("pending plans?")
        #expect(plans.markdown.contains(planID.uuidString) && plans.markdown.contains("quarantine_deployment"))

        let unknown = try await session.ask("tell me a joke")
        #expect(unknown.markdown.contains("Offline") && unknown.markdown.contains("pending plans"))
        #expect(await session.messages.count == 14, "offline turns are stored too")
    }

    @Test("offline, quarantine refuses what it cannot find and protected namespaces")
    func offlineQuarantineRefusals() async throws {
        let cluster = try await SimulatedCluster.start("healthy")
        defer { Task { await cluster.stop() } }
        let (session, executor) = try await Self.session(cluster, model: nil, protected: ["okik-healthy"])
        #expect(try await session.ask("quarantine nothing-here in shop").markdown.contains("found no Deployment"))
        let protected = try await session.ask("quarantine okik-healthy/storefront")
        #expect(protected.planIDs.isEmpty && protected.markdown.contains("could not queue"), "\(protected.markdown)")
        #expect(try await executor.approvals.pending().isEmpty)
    }

    @Test("when the provider fails, the turn reports the error and answers offline, saying so")
    func providerFailureFallsBack() async throws {
        let cluster = try await SimulatedCluster.start("crashloop")
        defer { Task { await cluster.stop() } }
        let model = ScriptedChatModel(transcript: [.failure(.overloaded)])
        let (session, _) = try await Self.session(cluster, model: model)
        let events = try await Self.events(session, "what is wrong?")
        #expect(Self.labels(events) == ["error", "text", "done"])
        let answer = try Self.answer(events)
        #expect(answer.offlineReason?.hasPrefix("the model provider failed") == true)
        #expect(answer.markdown.hasPrefix("_Offline: the model provider failed"))
        #expect(answer.markdown.contains("payments-api"))
        #expect(model.calls == 1)
        #expect(await session.messages.count == 2)

        // A failure after a tool call: the offline answer still reports the call that was made.
        let midway = ScriptedChatModel(transcript: [
            .toolCalls([(name: "get_pods", arguments: ["namespace": "okik-crashloop"])]), .failure(.overloaded),
        ])
        let (later, _) = try await Self.session(cluster, model: midway)
        let laterEvents = try await Self.events(later, "what is wrong?")
        #expect(Self.labels(laterEvents) == [
            "started get_pods", "decided get_pods executed", "finished get_pods", "error", "text", "done",
        ])
        let laterAnswer = try Self.answer(laterEvents)
        #expect(laterAnswer.isOffline && laterAnswer.calls.map(\.decision) == [.executed])
        #expect(laterAnswer.markdown.contains("**Before the model failed**"))
        #expect(laterAnswer.tokens > 0, "the model call that worked is counted")
    }

    @Test("chat through the agent's model spends the agent's token budget, and a spent budget refuses the turn, saying so")
    func chatSharesTheAgentBudget() async throws {
        let cluster = try await SimulatedCluster.start("crashloop")
        defer { Task { await cluster.stop() } }
        let model = ScriptedChatModel { _, _ in .text("All is well.") }
        let (agent, executor) = try await AgentTests.agent(cluster, model: model)
        let chatModel = try #require(await agent.currentModel)
        let session = try await ChatSession(
            caller: operatorHuman, executor: executor, model: chatModel, snapshot: { try await cluster.snapshot() },
            store: InMemoryChatStore(), clock: cluster.clock, logger: testLogger)
        let answer = try await session.ask("what is wrong?")
        #expect(!answer.isOffline && answer.tokens > 0)
        #expect(await agent.status.tokensLastHour == answer.tokens, "the chat's tokens are the agent's")

        let (starved, starvedExecutor) = try await AgentTests.agent(
            cluster, model: model,
            configuration: AgentConfiguration(budget: TokenBudgetLimits(perTick: nil, perHour: 100, perDay: nil)))
        let starvedModel = try #require(await starved.currentModel)
        let refusedSession = try await ChatSession(
            caller: operatorHuman, executor: starvedExecutor, model: starvedModel,
            snapshot: { try await cluster.snapshot() }, store: InMemoryChatStore(), clock: cluster.clock,
            logger: testLogger)
        let calls = model.calls
        let refused = try await refusedSession.ask("what is wrong?")
        #expect(refused.isOffline && refused.offlineReason?.contains("hourly token budget") == true, "\(refused.offlineReason ?? "")")
        #expect(model.calls == calls, "no model call is made over the budget")
        // No model read the question: a quarantine request is answered as without a model (a plan for a person),
        // not as if the model had failed.
        let quarantine = try await refusedSession.ask("quarantine payments-api in okik-crashloop")
        #expect(!quarantine.markdown.contains("model failed"), "\(quarantine.markdown)")
        #expect(quarantine.planIDs.count == 1, "\(quarantine.markdown)")
    }

    @Test("after the model fails, the offline answer is read-only: a quarantine request queues no plan and says why")
    func noWritesAfterAFailure() async throws {
        let cluster = try await SimulatedCluster.start("crashloop")
        defer { Task { await cluster.stop() } }
        for transcript: [ScriptedChatModel.Answer] in [
            [.failure(.overloaded)],
            [.toolCalls([(name: "get_pods", arguments: ["namespace": "okik-crashloop"])]), .failure(.overloaded)],
        ] {
            let (session, executor) = try await Self.session(cluster, model: ScriptedChatModel(transcript: transcript))
            let answer = try await session.ask("quarantine payments-api in okik-crashloop")
            #expect(answer.isOffline && answer.planIDs.isEmpty, "\(answer.markdown)")
            #expect(try await executor.approvals.pending().isEmpty, "no plan filed as the person")
            #expect(answer.markdown.contains("model failed") && answer.markdown.contains("queued nothing"), "\(answer.markdown)")
            #expect(!answer.calls.contains { $0.invocation.tool == "quarantine_deployment" })
        }
        // Without a model at all the person knows they talk to the offline answerer: it still queues the plan.
        let (offline, executor) = try await Self.session(cluster, model: nil)
        #expect(try await offline.ask("quarantine payments-api in okik-crashloop").planIDs.count == 1)
        #expect(try await executor.approvals.pending().count == 1)
        // A negated request queues nothing.
        let (negated, negatedExecutor) = try await Self.session(cluster, model: nil)
        #expect(try await negated.ask("don't quarantine payments-api in okik-crashloop").planIDs.isEmpty)
        #expect(try await negatedExecutor.approvals.pending().isEmpty)
    }
}
