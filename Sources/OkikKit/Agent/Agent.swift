import Foundation
import Logging
import OkikKubeClient
import OkikLLM
import ServiceLifecycle

/// The reasoning loop: each tick it looks at the cluster (findings, warning events, the watchdog's actions, decided
/// plans), and only when something relevant changed does it ask the model, offering the tools the autonomy level
/// allows; every tool call goes through the gate as the agent, results go back redacted and bounded, and what it
/// recommends and does lands in the ``AgentLedger``. Without a model, over budget, or when the model fails, the
/// ``OfflineReasoner`` speaks instead and the status says why. Writes are checked again after a settle time and
/// their inverse is proposed when they made things worse.
///
/// ```swift
/// let agent = Agent(model: model, executor: executor, caches: caches, logger: logger)
/// try await agent.run()   // or add it to a ServiceGroup
/// ```
public actor Agent: ServiceLifecycle.Service {
    /// The ledger of recommendations.
    public nonisolated let ledger: AgentLedger
    /// The configuration.
    public private(set) var configuration: AgentConfiguration
    private var model: (any ChatModel)?
    private let executor: GatedToolExecutor
    private let snapshotSource: @Sendable () async throws -> ClusterSnapshot
    private let changes: (@Sendable () async -> AsyncStream<Void>)?
    private let watchdogFeed: RecommendationFeed?
    private let clock: any WallClock
    private let logger: Logger
    private var budget: TokenBudget
    /// Whether the last day's spend was read from the store (``restoreBudget()``).
    private var budgetRestored: Bool
    /// The read of the last day's spend, shared by the callers that wait for it.
    private var budgetRestore: Task<[TokenSpend], Never>?
    /// Model calls that failed in a row (not budget refusals), and when the model is asked again: a provider that
    /// keeps failing is not called at every tick.
    private var modelFailures = 0
    private var nextModelAttempt: Date?
    private var estimate = TokenEstimate()
    private var lastObservation: ClusterObservation?
    private var attention: AgentAttention
    private var seenWatchdog: Set<UUID> = []
    /// Verification notes the model has not received yet (its call failed or the budget refused), offered again.
    private var untoldNotes: [String] = []
    private var pendingChecks: [PendingCheck] = []
    private var statusValue = AgentStatus()
    /// The window (`hour`, `day`) whose refusal is already audited; cleared when a model call is made again.
    private var auditedRefusal: String?
    private var inbox = AlertInbox()
    /// Asks the running loop for a tick now (set by ``run()``).
    private var wake: AsyncStream<Void>.Continuation?
    /// New firing alerts ask for a tick through here, debounced like cache wake-ups.
    private var alertWake: AsyncStream<Void>.Continuation?

    /// Creates an agent over a snapshot source.
    /// - Parameters:
    ///   - model: The chat model; nil runs the offline reasoner only.
    ///   - snapshot: Where a tick reads the cluster (informer caches in a server; a fresh collect in tests).
    ///   - changes: Wake-ups: each element asks for a tick soon (debounced).
    ///   - watchdogFeed: The watchdog's recommendations, read each tick.
    public init(
        model: (any ChatModel)?, executor: GatedToolExecutor, configuration: AgentConfiguration = AgentConfiguration(),
        snapshot: @escaping @Sendable () async throws -> ClusterSnapshot,
        changes: (@Sendable () async -> AsyncStream<Void>)? = nil, watchdogFeed: RecommendationFeed? = nil,
        clock: any WallClock = SystemWallClock(), logger: Logger
    ) {
        var chosen = model
        var problem: String?
        if let llm = configuration.llm {
            do {
                chosen = try llm.makeChatModel()
            } catch {
                problem = "the configured model \(llm.provider.rawValue)/\(llm.model) cannot be used (\(error)); "
                    + (model == nil ? "the offline reasoner answers" : "using the model the agent was given")
            }
        }
        self.model = chosen
        self.executor = executor
        self.configuration = configuration
        self.snapshotSource = snapshot
        self.changes = changes
        self.watchdogFeed = watchdogFeed
        self.clock = clock
        self.logger = logger
        self.budget = TokenBudget(limits: configuration.budget)
        self.budgetRestored = false
        self.attention = AgentAttention(severity: configuration.attentionSeverity, recall: configuration.recall)
        self.ledger = AgentLedger()
        self.statusValue.model = chosen?.model
        self.statusValue.lastError = problem
    }

    /// Creates an agent over informer caches: a tick reads their snapshot, and pod and event changes wake it.
    public init(
        model: (any ChatModel)?, executor: GatedToolExecutor, caches: ClusterCaches,
        configuration: AgentConfiguration = AgentConfiguration(), watchdogFeed: RecommendationFeed? = nil,
        clock: any WallClock = SystemWallClock(), logger: Logger
    ) {
        self.init(
            model: model, executor: executor, configuration: configuration,
            snapshot: { await caches.snapshot(clock: clock) },
            changes: {
                let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
                let pods = await caches.pods.changes()
                let events = await caches.events.changes()
                Task {
                    for await _ in pods { continuation.yield() }
                }
                Task {
                    for await _ in events { continuation.yield() }
                    continuation.finish()
                }
                return stream
            },
            watchdogFeed: watchdogFeed, clock: clock, logger: logger)
    }

    /// The model the agent asks now (nil: the offline reasoner); it follows ``reconfigure(_:by:)``, so chat sessions
    /// started after a change use the new model. Calls through it spend the agent's hourly and daily token budget
    /// (and count in ``status``), and are refused with a ``BudgetRefusal`` when it is spent.
    public var currentModel: (any ChatModel)? { model.map { BudgetedChatModel(base: $0, agent: self) } }

    /// Why a chat's model call of about `raw` estimated tokens may not be made now (the hour's or the day's budget),
    /// or nil.
    func chatRefusal(forEstimated raw: Int) async -> BudgetRefusal? {
        await restoreBudget()
        return budget.refusal(for: estimate.corrected(raw) + 500, at: clock.now, inTick: false)
    }

    /// Records a chat's model call in the budget (the hour and the day, not the tick).
    func recordChat(tokens: Int) async {
        budget.record(tokens, at: clock.now, inTick: false)
        await keep(tokens)
    }

    /// Adds what the store says the last day spent to the budget, once (see ``TokenSpendStore``): a restarted
    /// server does not start with a full budget. A store that cannot be read is logged and the budget starts empty.
    func restoreBudget() async {
        guard !budgetRestored else { return }
        let read: Task<[TokenSpend], Never>
        if let budgetRestore {
            read = budgetRestore
        } else {
            // One read, which every caller arriving meanwhile waits for: none checks a budget not yet restored.
            let store = executor.store as? any TokenSpendStore
            let (since, logger) = (clock.now.addingTimeInterval(-86_400), logger)
            read = Task {
                do {
                    return try await store?.tokenSpends(since: since) ?? []
                } catch {
                    logger.warning(
                        "cannot read the model spend of the last day; the budget starts empty", metadata: ["okik.error": "\(error)"])
                    return []
                }
            }
            budgetRestore = read
        }
        let spends = await read.value
        guard !budgetRestored else { return }
        budget.restore(spends, at: clock.now)
        budgetRestored = true
    }

    /// Keeps a model call's tokens in the store, so the budget outlives a restart (a failure is logged).
    private func keep(_ tokens: Int) async {
        guard let store = executor.store as? any TokenSpendStore else { return }
        do {
            try await store.recordTokenSpend(TokenSpend(at: clock.now, tokens: tokens))
        } catch {
            logger.warning("cannot keep a model call's tokens in the store", metadata: ["okik.error": "\(error)"])
        }
    }

    /// What the agent is doing and has spent.
    public var status: AgentStatus {
        var status = statusValue
        let now = clock.now
        status.tokensLastHour = budget.spent(inLast: 3600, at: now)
        status.tokensLastDay = budget.spent(inLast: 86_400, at: now)
        return status
    }

    /// Changes the configuration at run time: a person's change, audited as a policy change. A new
    /// ``AgentConfiguration/llm`` makes a new model client; a new ``AgentConfiguration/level`` changes the gate's
    /// control state; a new model, interval or temperature is saved as ``AgentSettings`` when the audit store keeps
    /// them (both built-in stores do), so ``OkikRuntime/start(_:logger:)`` restores them after a restart.
    /// - Throws: ``AgentConfigurationError`` when the caller is not a named person or the new model cannot be made
    ///   (nothing changes then), or when the audit or control-state store fails.
    public func reconfigure(_ change: (inout AgentConfiguration) -> Void, by caller: Caller) async throws {
        guard caller.kind == .human, !caller.name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw AgentConfigurationError(message: "only a named person may reconfigure the agent, not \(caller)")
        }
        var next = configuration
        change(&next)
        var nextModel = model
        if next.llm != configuration.llm, let llm = next.llm {
            do {
                nextModel = try llm.makeChatModel()
            } catch {
                throw AgentConfigurationError(message: "the new model cannot be used: \(error)")
            }
        }
        // Compared with the control state, not the level recorded here: a person may have changed it since
        // (PUT /autonomy), and the gate follows the control state.
        if let level = next.level, try await executor.controls.refresh().level != level {
            try await executor.controls.setLevel(level, by: caller)
        }
        // The model, interval and temperature a person chose outlive a restart on the same store (never the key).
        if let settingsStore = executor.store as? any AgentSettingsStore,
            let settings = AgentSettings.recording(
                from: configuration, to: next, over: try await settingsStore.loadAgentSettings(), by: caller,
                at: clock.now)
        {
            try await settingsStore.saveAgentSettings(settings)
        }
        try await executor.store.append(
            AuditEntry(
                timestamp: clock.now, kind: .policyChanged, actor: caller.description,
                reason: "agent configuration: model \(next.llm.map { "\($0.provider.rawValue)/\($0.model)" } ?? nextModel?.model ?? "none"), "
                    + "interval \(next.interval), temperature \(next.temperature), attention \(next.attentionSeverity) recall \(next.recall), "
                    + "budget \(next.budget.contextTokens)/tick context, \(next.budget.perHour.map(String.init) ?? "no")/hour, "
                    + "\(next.budget.perDay.map(String.init) ?? "no")/day, \(next.maxToolCallsPerTick) tool calls/tick"))
        configuration = next
        model = nextModel
        statusValue.model = nextModel?.model
        budget.limits = next.budget
        attention.severity = next.attentionSeverity
        attention.recall = next.recall.timeInterval
    }

    // MARK: - Running

    /// Ticks every ``AgentConfiguration/interval``, and soon after a relevant change, until cancelled or shut down.
    /// A tick that fails is logged and the loop goes on.
    public func run() async throws {
        let wakeups = await changes?()
        let (ticks, ticker) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let (alertWakeups, alertWaker) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        wake = ticker
        alertWake = alertWaker
        defer {
            wake = nil
            alertWake = nil
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            let debounce = configuration.debounce
            // Alerts too wait out the debounce, and those arriving meanwhile share the one tick that follows: a
            // flapping or templated alert (a new fingerprint each time) costs at most one look per debounce.
            group.addTask {
                for await _ in alertWakeups.cancelOnGracefulShutdown() {
                    try await Task.sleep(for: debounce)
                    ticker.yield()
                }
            }
            group.addTask {
                while !Task.isCancelled && !Task.isShuttingDownGracefully {
                    ticker.yield()
                    // Read each time, so a reconfigured interval applies from the next wait.
                    try await Task.sleep(for: await self.configuration.interval)
                }
                ticker.finish()
            }
            if let wakeups {
                group.addTask {
                    for await _ in wakeups.cancelOnGracefulShutdown() {
                        try await Task.sleep(for: debounce)
                        ticker.yield()
                    }
                }
            }
            group.addTask {
                for await _ in ticks.cancelOnGracefulShutdown() {
                    do {
                        _ = try await self.tick()
                    } catch is CancellationError {
                        return
                    } catch {
                        await self.logTickFailure(error)
                    }
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    // MARK: - Alerts

    /// Takes in the alerts of an Alertmanager webhook for the next tick, which comes after
    /// ``AgentConfiguration/debounce`` when one is new (alerts arriving meanwhile share it): firing
    /// alerts are kept (deduplicated by fingerprint, bounded in count and size), resolved ones clear them. Their
    /// labels and annotations reach the model only inside an untrusted fence, and a new firing alert is a reason to
    /// ask the model.
    /// - Returns: what was taken in.
    @discardableResult
    public func receive(alerts: [AlertmanagerWebhook.Alert]) -> AlertsResponse {
        let response = inbox.receive(alerts, at: clock.now)
        if inbox.newCount > 0 { alertWake?.yield() }
        return response
    }

    /// The firing alerts kept for the model, new ones first.
    public var alerts: [ReceivedAlert] { inbox.firing }

    private func logTickFailure(_ error: any Error) {
        statusValue.lastError = "\(error)"
        logger.warning("agent tick failed", metadata: ["okik.error": "\(error)"])
    }

    /// One look at the cluster; returns what happened. Deterministic given the cluster, the model and the clock.
    /// - Throws: when the cluster or the stores cannot be read.
    @discardableResult
    public func tick() async throws -> AgentTickReport {
        let started = ContinuousClock.now
        defer { executor.metrics.recordTick(loop: "agent", duration: ContinuousClock.now - started) }
        let now = clock.now
        await restoreBudget()
        budget.startTick()
        statusValue.ticks += 1
        statusValue.lastTickAt = now
        let snapshot = try await snapshotSource()
        let histories = try await UsageRecorder.record(snapshot, in: executor.history)
        let report = Optimizer(remediation: executor.configuration.remediation).evaluate(snapshot, history: histories)
        let decided = try await executor.store.plans(PlanQuery(limit: 200)).filter { $0.state != .pending }
        let observation = ClusterObservation(
            findings: report.findings, warnings: WarningEvent.all(in: snapshot), decidedPlans: decided)
        // Against what the model last received: a tick whose call failed or was refused leaves it, so its news is
        // offered again (see `markTold`).
        let delta = observation.changes(since: lastObservation)
        let watchdog = await newWatchdogRecommendations()
        var tickReport = AgentTickReport(at: now, delta: delta.summary)

        // The ledger follows the findings, whoever explains them.
        await ledger.resolve(openFindingIDs: Set(report.findings.map(\.id)), at: now)
        for (subject, findings) in Dictionary(grouping: delta.new + delta.changed, by: \.subject) {
            let worst = findings.max { $0.severity < $1.severity }
            await ledger.note(
                subject, severity: worst?.severity ?? .info, text: worst?.recommendation ?? "", source: "okik",
                findingIDs: findings.map(\.id), at: now)
        }

        // Writes made earlier are checked again once they had time to settle.
        let verificationNotes = untoldNotes + (try await verify(report: report, now: now, into: &tickReport))

        inbox.expire(at: now)
        let reasons = attention.reasons(in: delta, newAlerts: inbox.newCount, at: now)
        guard !reasons.isEmpty || !watchdog.isEmpty || !verificationNotes.isEmpty else {
            tickReport.skipped = delta.isEmpty ? "nothing changed" : "nothing the model has not been told: \(delta.summary)"
            lastObservation = observation
            return tickReport
        }
        let alerts = inbox.firing
        let policy = try await executor.controls.refresh()
        guard let model else {
            // No model will ever receive it: the offline reasoner has read it, and it is not offered again.
            markTold(observation, delta: delta, alerts: alerts, watchdog: watchdog, at: now)
            await offline(report, watchdog: watchdog, reason: "no model is configured", into: &tickReport, now: now)
            return tickReport
        }
        if let next = nextModelAttempt, now < next {
            // The news is kept for the model; the offline reasoner answers meanwhile.
            untoldNotes = Array(verificationNotes.suffix(Self.maxUntoldNotes))
            await offline(
                report, watchdog: watchdog,
                reason: "the model failed \(modelFailures) time(s) in a row; it is asked again after \(next.formatted(.iso8601))",
                into: &tickReport, now: now)
            return tickReport
        }
        var notes = verificationNotes
        if !watchdog.isEmpty {
            notes += watchdog.map { "watchdog \($0.rule): \($0.message)\($0.action.map { " (\($0.invocation.tool): \($0.outcome.rawValue))" } ?? "")" }
        }
        let builder = ContextBuilder(maxTokens: configuration.budget.contextTokens, estimate: estimate)
        let context = builder.build(report: report, delta: delta, policy: policy, notes: notes, alerts: alerts)
        tickReport.contextTokens = context.estimatedTokens
        statusValue.maxContextTokens = max(statusValue.maxContextTokens, context.estimatedTokens)
        do {
            defer {
                // Told once a model call returned: the model received the context. A first call that failed or that
                // the budget refused delivered nothing, and the next tick offers the same news again.
                if tickReport.modelCalls > 0 {
                    markTold(observation, delta: delta, alerts: alerts, watchdog: watchdog, at: now)
                    modelFailures = 0
                    nextModelAttempt = nil
                } else {
                    untoldNotes = Array(verificationNotes.suffix(Self.maxUntoldNotes))
                }
            }
            try await converse(model: model, context: context, policy: policy, snapshot: snapshot, report: report, into: &tickReport)
        } catch let refusal as BudgetRefusal {
            statusValue.budgetRefusal = refusal.description
            try await auditExhaustion(refusal, at: now)
            await offline(report, watchdog: watchdog, reason: refusal.description, into: &tickReport, now: now)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            statusValue.lastError = "\(error)"
            if tickReport.modelCalls == 0 {
                // Backs off, 30 s doubling to 15 minutes, before the same news goes to a failing provider again.
                modelFailures += 1
                nextModelAttempt = now.addingTimeInterval(min(900, 30 * pow(2, Double(min(modelFailures, 10) - 1))))
            }
            await offline(report, watchdog: watchdog, reason: "the model failed: \(error)", into: &tickReport, now: now)
        }
        return tickReport
    }

    /// Records, in one row, the calls of one model reply that were not run because the tool-call limit was reached
    /// (nothing when there are none): how many, and the first ten names, cut.
    static func auditNotRun(
        _ names: [String], limit: String, caller: Caller, executor: GatedToolExecutor, at now: Date
    ) async throws {
        guard !names.isEmpty else { return }
        let shown = names.prefix(10).map { OkikKubeClient.JSONValue.string(String($0.prefix(64))) }
        try await executor.store.append(
            AuditEntry(
                timestamp: now, kind: .decision, actor: caller.description,
                arguments: ["notRun": .int(names.count), "tools": .array(shown)], decision: .deny,
                reason: "\(names.count) further tool call(s) not run: the limit of \(limit) is reached"))
    }

    /// At most this many verification notes wait for a model that could not be asked.
    static let maxUntoldNotes = 20

    /// Records that what a tick saw reached the model (or, without a model, the offline reasoner): the next delta is
    /// taken against it, the attention rule remembers it, the alerts and watchdog actions it carried are no longer
    /// new. Alerts received while the model was asked stay new.
    private func markTold(
        _ observation: ClusterObservation, delta: ObservationDelta, alerts: [ReceivedAlert], watchdog: [Recommendation],
        at now: Date
    ) {
        lastObservation = observation
        attention.told(delta, at: now)
        inbox.told(alerts)
        for recommendation in watchdog { seenWatchdog.insert(recommendation.id) }
        untoldNotes = []
    }

    // MARK: - Talking to the model

    private func converse(
        model: any ChatModel, context: AgentContext, policy: GatePolicy, snapshot: ClusterSnapshot,
        report: OptimizationReport, into tickReport: inout AgentTickReport
    ) async throws {
        let tools = policy.level == .l0 ? [] : executor.registry.descriptors(offeredAt: policy.level).map(\.toolDefinition)
        let system = AgentPrompt.system(level: policy.level, chat: false)
        var messages: [ChatMessage] = [.user(context.text)]
        let pass = RemediationPass()
        var toolCalls = 0
        var finalText = ""
        statusValue.budgetRefusal = nil
        for _ in 0..<configuration.maxModelCallsPerTick {
            let request = ChatRequest(
                systemPrompt: system, messages: messages, tools: tools, temperature: configuration.temperature)
            let estimated = TokenEstimate.raw(system) + messages.reduce(0) { $0 + TokenEstimate.raw($1.carriedText) }
                + tools.reduce(0) { $0 + TokenEstimate.raw($1.name + $1.description) + 60 }
            if let refusal = budget.refusal(for: estimate.corrected(estimated) + 500, at: clock.now) {
                throw refusal
            }
            let callStarted = ContinuousClock.now
            let response: ChatResponse
            do {
                response = try await model.respond(to: request)
            } catch {
                executor.metrics.recordModelCall(
                    source: "agent", succeeded: false, inputTokens: 0, outputTokens: 0,
                    duration: ContinuousClock.now - callStarted)
                throw error
            }
            executor.metrics.recordModelCall(
                source: "agent", succeeded: true, inputTokens: response.usage.inputTokens,
                outputTokens: response.usage.outputTokens, duration: ContinuousClock.now - callStarted)
            auditedRefusal = nil
            tickReport.modelCalls += 1
            statusValue.modelCalls += 1
            statusValue.lastModelCallAt = clock.now
            let spent = response.usage.totalTokens > 0 ? response.usage.totalTokens : estimated
            if response.usage.inputTokens > 0 { estimate.reconcile(estimated: estimated, reported: response.usage.inputTokens) }
            budget.record(spent, at: clock.now)
            await keep(spent)
            tickReport.tokens += spent
            finalText = response.text
            guard !response.toolCalls.isEmpty else { break }
            messages.append(response.message)
            var notRun: [String] = []
            for call in response.toolCalls {
                let content: String
                if toolCalls >= configuration.maxToolCallsPerTick {
                    content = "Not run: the limit of \(configuration.maxToolCallsPerTick) tool calls per look is reached."
                    notRun.append(call.name)
                } else if let issue = call.issue {
                    // Refused without running, and on record like every call the model makes; it counts toward the
                    // limit like any call, so a reply of invented tools or unreadable arguments is bounded too.
                    toolCalls += 1
                    content = issue.message(for: call)
                    _ = try await executor.refuse(ToolInvocation(call), caller: configuration.caller, reason: content)
                } else {
                    toolCalls += 1
                    let invocation = ToolInvocation(call)
                    let result = try await executor.execute(
                        invocation, caller: configuration.caller, rationale: response.text.isEmpty ? nil : response.text,
                        pass: pass)
                    tickReport.calls.append(AgentTickReport.Call(invocation: invocation, outcome: CallOutcome(result.outcome), decision: result.decision.reason))
                    if let subject = subject(of: invocation, in: snapshot) {
                        await ledger.note(
                            subject, severity: report.findings.filter { $0.subject == subject }.map(\.severity).max() ?? .info,
                            text: (await ledger.recommendation(AgentRecommendation.id(for: subject)))?.text ?? "",
                            source: "agent:\(model.model)", findingIDs: [], at: clock.now)
                        await ledger.recordCall(result, about: subject, at: clock.now)
                        if case .executed(let output) = result.outcome, Self.isWrite(invocation, registry: executor.registry) {
                            pendingChecks.append(
                                PendingCheck(
                                    callID: result.callID, invocation: invocation, output: output, subject: subject,
                                    severityBefore: report.findings.filter { $0.subject == subject }.map(\.severity).max(),
                                    dueAt: clock.now.addingTimeInterval(configuration.verifyAfter.timeInterval)))
                        }
                    }
                    content = Self.bounded(result.textForModel, to: configuration.maxToolResultCharacters)
                }
                messages.append(.tool(ToolResult(callID: call.id, content: content, isError: false)))
            }
            try await Self.auditNotRun(
                notRun, limit: "\(configuration.maxToolCallsPerTick) tool calls per look", caller: configuration.caller,
                executor: executor, at: clock.now)
        }
        tickReport.answer = finalText
        // Only objects that exist: a model's text (or a prompt injected into it) cannot fill the ledger with made-up ones.
        for (subject, text) in Self.recommendations(in: finalText) where snapshot.contains(subject) {
            let findings = report.findings.filter { $0.subject == subject }
            await ledger.note(
                subject, severity: findings.map(\.severity).max() ?? .info, text: text, source: "agent:\(model.model)",
                findingIDs: findings.map(\.id), at: clock.now)
        }
    }

    /// Records the first refusal of an hourly or daily window as a ``AuditEntry/Kind/budgetExhausted`` entry; the
    /// per-tick limit starts afresh every tick and is not recorded.
    private func auditExhaustion(_ refusal: BudgetRefusal, at now: Date) async throws {
        guard refusal.window != "tick", auditedRefusal != refusal.window else { return }
        auditedRefusal = refusal.window
        var result: OkikKubeClient.JSONValue = [
            "window": .string(refusal.window), "limit": .int(refusal.limit), "spent": .int(refusal.spent),
        ]
        if let refill = refusal.refillsAt { result["refillsAt"] = .string(Timestamp(refill).rfc3339) }
        try await executor.store.append(
            AuditEntry(
                timestamp: now, kind: .budgetExhausted, actor: configuration.caller.description,
                reason: refusal.description, summary: "the \(refusal.window == "hour" ? "hourly" : "daily") token budget is spent", result: result))
    }

    /// The offline reasoner's reading, when the model cannot be asked.
    private func offline(
        _ report: OptimizationReport, watchdog: [Recommendation], reason: String, into tickReport: inout AgentTickReport,
        now: Date
    ) async {
        statusValue.offlineReason = reason
        tickReport.offline = reason
        let assessment = OfflineReasoner().assess(report, recommendations: watchdog)
        tickReport.answer = assessment.summary
        for incident in assessment.incidents {
            await ledger.note(
                incident.subject, severity: incident.severity, text: incident.next, source: "offline",
                findingIDs: report.findings.filter { $0.subject == incident.subject }.map(\.id), at: now)
        }
    }

    // MARK: - Verification

    /// A write whose target is checked again later.
    struct PendingCheck: Sendable {
        var callID: UUID
        var invocation: ToolInvocation
        var output: ToolOutput
        var subject: ResourceRef
        var severityBefore: Severity?
        var dueAt: Date
    }

    private func verify(report: OptimizationReport, now: Date, into tickReport: inout AgentTickReport) async throws -> [String] {
        var notes: [String] = []
        let due = pendingChecks.filter { $0.dueAt <= now }
        pendingChecks.removeAll { $0.dueAt <= now }
        for check in due {
            let intended = Self.intendedFindings(of: check.invocation.tool)
            let after = report.findings.filter { $0.subject == check.subject && !intended.contains($0.code) }
                .map(\.severity).max()
            let result: AgentRecommendation.Verification.Result
            switch (check.severityBefore, after) {
            case (_, nil): result = .recovered
            case (nil, .some): result = .worse
            case (.some(let before), .some(let now)): result = now < before ? .recovered : now > before ? .worse : .unchanged
            }
            var verification = AgentRecommendation.Verification(
                callID: check.callID, invocation: check.invocation, checkedAt: now, result: result,
                detail: "worst finding before: \(check.severityBefore?.rawValue ?? "none"), after: \(after?.rawValue ?? "none")")
            if result == .worse, configuration.revertWhenWorse,
                let inverse = Inverse.of(check.invocation, output: check.output)
            {
                let reverted = try await executor.execute(
                    inverse, caller: configuration.caller,
                    rationale: "verification: \(check.invocation.tool) left \(check.subject) worse (\(verification.detail)); undoing it",
                    pass: RemediationPass())
                verification.inverse = inverse
                verification.inverseOutcome = CallOutcome(reverted.outcome)
                tickReport.calls.append(
                    AgentTickReport.Call(invocation: inverse, outcome: CallOutcome(reverted.outcome), decision: reverted.decision.reason))
            }
            tickReport.verifications.append(verification)
            await ledger.recordVerification(verification, about: check.subject, at: now)
            notes.append("verification of \(check.invocation.tool) on \(check.subject): \(result.rawValue) (\(verification.detail))")
        }
        return notes
    }

    // MARK: - Helpers

    /// The findings a write exists to cause, which verification does not count against it: a quarantined workload
    /// is meant to serve nothing, a Deployment scaled to zero to be at zero.
    static func intendedFindings(of tool: String) -> Set<FindingCode> {
        switch tool {
        case QuarantineDeploymentTool.name: [.quarantinedWorkload, .deploymentAtZero, .lowAvailability]
        case ScaleToZeroTool.name: [.deploymentAtZero, .lowAvailability]
        default: []
        }
    }

    private func newWatchdogRecommendations() async -> [Recommendation] {
        guard let watchdogFeed else { return [] }
        // Marked seen once told (`markTold`).
        return await watchdogFeed.recommendations().filter { !seenWatchdog.contains($0.id) }
    }

    private func subject(of invocation: ToolInvocation, in snapshot: ClusterSnapshot) -> ResourceRef? {
        guard let call = try? executor.registry.prepare(invocation),
            let target = call.targets.first(where: { $0.name != nil }), let name = target.name
        else { return nil }
        let ref = ResourceRef(kind: target.kind, namespace: target.namespace, name: name)
        if ref.kind == "Pod", let pod = snapshot.pods.first(where: { $0.namespace == ref.namespace && $0.name == name }) {
            return snapshot.owner(of: pod)
        }
        return ref
    }

    private static func isWrite(_ invocation: ToolInvocation, registry: ToolRegistry) -> Bool {
        registry.tool(named: invocation.tool).map { type(of: $0).package.isWrite } ?? false
    }

    /// `text` cut to `limit` characters with the cut marked; a fence the cut leaves open is closed first, so the
    /// marker (and whatever follows) is never inside untrusted data.
    static func bounded(_ text: String, to limit: Int) -> String {
        guard text.count > limit else { return text }
        var cut = String(text.prefix(limit))
        for tag in UntrustedFence.tags
        where cut.components(separatedBy: "<\(tag)>").count > cut.components(separatedBy: "</\(tag)>").count {
            cut += "\n</\(tag)>"
        }
        return cut + "\n[truncated: \(text.count - limit) more characters; narrow the call to see them]"
    }

    /// `Deployment shop/web: scale it back` lines of the model's answer, by object.
    static func recommendations(in text: String) -> [(ResourceRef, String)] {
        var found: [(ResourceRef, String)] = []
        for raw in text.split(separator: "\n") {
            var line = raw.trimmingCharacters(in: .whitespaces)
            while let first = line.first, "-*•0123456789.) ".contains(first) { line.removeFirst() }
            line = line.replacingOccurrences(of: "`", with: "").replacingOccurrences(of: "**", with: "")
            guard let colon = line.firstIndex(of: ":") else { continue }
            let head = line[..<colon].split(separator: " ")
            guard head.count == 2, let kind = head.first, kind.first?.isUppercase == true else { continue }
            let path = head[1].split(separator: "/")
            let text = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty, path.count <= 2, let name = path.last else { continue }
            found.append((
                ResourceRef(kind: String(kind), namespace: path.count == 2 ? String(path[0]) : nil, name: String(name)),
                text
            ))
        }
        return found
    }
}

/// What one tick did.
public struct AgentTickReport: Sendable {
    /// One tool call and what the gate did with it.
    public struct Call: Sendable {
        /// The call.
        public var invocation: ToolInvocation
        /// The outcome.
        public var outcome: CallOutcome
        /// The gate's reason.
        public var decision: String
    }

    /// When it started (the agent's clock).
    public var at: Date
    /// What changed, in words.
    public var delta: String
    /// Why the model was not asked, when it was not.
    public var skipped: String?
    /// Why the offline reasoner answered, when it did.
    public var offline: String?
    /// Model calls made.
    public var modelCalls = 0
    /// Tokens spent (reported by the provider, or estimated).
    public var tokens = 0
    /// Estimated tokens of the context.
    public var contextTokens = 0
    /// Tool calls, in order.
    public var calls: [Call] = []
    /// Re-checks of earlier writes.
    public var verifications: [AgentRecommendation.Verification] = []
    /// The model's (or the offline reasoner's) final answer.
    public var answer = ""

    init(at: Date, delta: String) {
        self.at = at
        self.delta = delta
    }
}

/// What the agent is doing and has spent, for status pages.
public struct AgentStatus: Sendable, Hashable, Codable {
    /// The model, or nil when offline.
    public var model: String?
    /// Ticks run.
    public var ticks = 0
    /// Model calls made.
    public var modelCalls = 0
    /// The last tick's time.
    public var lastTickAt: Date?
    /// The last model call's time.
    public var lastModelCallAt: Date?
    /// Tokens in the last hour and day: the loop's, and chat's through ``Agent/currentModel``.
    public var tokensLastHour = 0
    /// See ``tokensLastHour``.
    public var tokensLastDay = 0
    /// The largest context sent, in estimated tokens.
    public var maxContextTokens = 0
    /// Why the budget refused the last call, while it does.
    public var budgetRefusal: String?
    /// Why the offline reasoner answered last.
    public var offlineReason: String?
    /// The last error.
    public var lastError: String?
}

/// A configuration change the agent refused.
public struct AgentConfigurationError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// The message.
    public var description: String { message }
}
