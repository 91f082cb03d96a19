import Foundation
import Logging
import OkikKubeClient
import OkikLLM

/// A multi-turn conversation between one person and OKIK, stored so it can be resumed by id. Each turn sends the
/// session's bounded history, a short cluster summary fenced as data, and the tools the current autonomy level
/// offers; every tool call the model makes goes through the gate as the person (so a write at L1 becomes a plan),
/// with bounded, redacted results. Without a model, or when the provider fails, ``OfflineChat`` answers the common
/// questions deterministically and says that it is offline.
///
/// ```swift
/// let chat = try await ChatSession(
///     caller: Caller(.human, "alice"), executor: executor, model: model, snapshot: snapshot, store: store,
///     logger: logger)
/// for try await event in await chat.send("Why is payments-api crashing?") { print(event) }
/// ```
public actor ChatSession {
    /// The session id: pass it to ``resume(id:caller:executor:model:snapshot:store:configuration:clock:logger:)``.
    public nonisolated let id: UUID
    /// The person the session belongs to; every tool call is made as them.
    public nonisolated let caller: Caller
    /// The bounds of a turn.
    public let configuration: ChatConfiguration
    private let model: (any ChatModel)?
    let executor: GatedToolExecutor
    let snapshotSource: @Sendable () async throws -> ClusterSnapshot
    private let store: any ChatStore
    private let clock: any WallClock
    private let logger: Logger
    private var history: [ChatMessage]
    private var lastTurn: Task<Void, Never>?

    /// Starts a new session for a person and stores it.
    /// - Parameters:
    ///   - caller: The person (a `human` caller with a name); every tool call is made as them.
    ///   - model: The chat model; nil answers offline.
    ///   - snapshot: Where a turn reads the cluster for its summary and for offline answers.
    ///   - store: Where the session and its messages are kept (both audit stores are chat stores).
    /// - Throws: ``ChatSessionError`` `.notAPerson` for any other caller, or a store failure.
    public init(
        caller: Caller, executor: GatedToolExecutor, model: (any ChatModel)?,
        snapshot: @escaping @Sendable () async throws -> ClusterSnapshot, store: any ChatStore,
        configuration: ChatConfiguration = ChatConfiguration(), clock: any WallClock = SystemWallClock(),
        logger: Logger
    ) async throws {
        try Self.checkPerson(caller)
        let record = ChatSessionRecord(caller: caller, createdAt: clock.now)
        try await store.createChatSession(record)
        self.init(
            record: record, history: [], executor: executor, model: model, snapshot: snapshot, store: store,
            configuration: configuration, clock: clock, logger: logger)
    }

    /// Resumes a stored session with its history.
    /// - Throws: ``ChatSessionError`` `.notAPerson`, `.unknownSession` when no session has this id, or
    ///   `.notYourSession` when it belongs to someone else; or a store failure.
    public static func resume(
        id: UUID, caller: Caller, executor: GatedToolExecutor, model: (any ChatModel)?,
        snapshot: @escaping @Sendable () async throws -> ClusterSnapshot, store: any ChatStore,
        configuration: ChatConfiguration = ChatConfiguration(), clock: any WallClock = SystemWallClock(),
        logger: Logger
    ) async throws -> ChatSession {
        try checkPerson(caller)
        guard let record = try await store.chatSession(id) else { throw ChatSessionError.unknownSession(id) }
        guard record.caller == caller else {
            throw ChatSessionError.notYourSession(id, owner: record.caller, caller: caller)
        }
        let messages = try await store.chatMessages(id).map(\.message)
        return ChatSession(
            record: record, history: messages, executor: executor, model: model, snapshot: snapshot, store: store,
            configuration: configuration, clock: clock, logger: logger)
    }

    private init(
        record: ChatSessionRecord, history: [ChatMessage], executor: GatedToolExecutor, model: (any ChatModel)?,
        snapshot: @escaping @Sendable () async throws -> ClusterSnapshot, store: any ChatStore,
        configuration: ChatConfiguration, clock: any WallClock, logger: Logger
    ) {
        self.id = record.id
        self.caller = record.caller
        self.history = history
        self.executor = executor
        self.model = model
        self.snapshotSource = snapshot
        self.store = store
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
    }

    private static func checkPerson(_ caller: Caller) throws(ChatSessionError) {
        guard caller.kind == .human, !caller.name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ChatSessionError.notAPerson(caller)
        }
    }

    /// The conversation so far, oldest first (as stored: questions redacted, tool results bounded).
    public var messages: [ChatMessage] { history }

    // MARK: - Turns

    /// Asks one question; the events stream as the turn runs and end with ``ChatSessionEvent/done(_:)``. Turns run
    /// one at a time, in the order they were sent; dropping the stream cancels the turn.
    /// - Returns: A stream that throws only when the stores fail (a failing model falls back to offline answers).
    public func send(_ text: String) -> AsyncThrowingStream<ChatSessionEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream<ChatSessionEvent, any Error>.makeStream(
            bufferingPolicy: .unbounded)
        let previous = lastTurn
        let task = Task {
            await previous?.value
            do {
                let answer = try await self.turn(text) { continuation.yield($0) }
                continuation.yield(.done(answer))
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        lastTurn = task
        continuation.onTermination = { termination in
            if case .cancelled = termination { task.cancel() }
        }
        return stream
    }

    /// Asks one question and waits for the whole answer.
    /// - Throws: when the stores fail, or when the turn is cancelled.
    public func ask(_ text: String) async throws -> ChatAnswer {
        for try await event in send(text) {
            if case .done(let answer) = event { return answer }
        }
        throw CancellationError()
    }

    /// A model call that failed, with what the turn had done until then: the turn goes on offline.
    private struct ProviderFailure: Error {
        var underlying: any Error
        var calls: [ChatAnswer.Call] = []
        var planIDs: [UUID] = []
        var tokens = 0
    }

    private func turn(_ text: String, emit: @escaping @Sendable (ChatSessionEvent) -> Void) async throws -> ChatAnswer {
        let question = Redactor.standard.redact(text)
        let policy = try await executor.controls.refresh()
        guard let model else {
            return try await offline(question, reason: "no model is configured", emit: emit)
        }
        do {
            return try await converse(question, model: model, policy: policy, emit: emit)
        } catch let failure as ProviderFailure {
            if failure.underlying is CancellationError { throw CancellationError() }
            if let refusal = failure.underlying as? BudgetRefusal {
                // The agent's model refuses over its budget (``Agent/currentModel``): no provider call was made.
                emit(.error("The token budget is spent: \(refusal)"))
                // Refused before any model call of the turn returned: no model read the question, so the offline
                // answers treat it as they do without a model (and do not say the model failed).
                let modelRead = !failure.calls.isEmpty || failure.tokens > 0
                return try await offline(
                    question, reason: "the token budget shared with the agent is spent (\(refusal)), so OKIK answers offline",
                    after: modelRead ? failure : nil, emit: emit)
            }
            let cause = Redactor.standard.redact(String(describing: failure.underlying).prefix(300).description)
            logger.warning(
                "chat model failed; answering offline",
                metadata: ["okik.chat.session": "\(id)", "okik.error": "\(cause)"])
            emit(.error("The model provider failed: \(cause)"))
            return try await offline(
                question, reason: "the model provider failed (\(cause)), so OKIK answers offline", after: failure,
                emit: emit)
        }
    }

    /// The offline answer; after a provider failure it also lists the calls the model made earlier in the turn.
    private func offline(
        _ question: String, reason: String, after failure: ProviderFailure? = nil,
        emit: @escaping @Sendable (ChatSessionEvent) -> Void
    ) async throws -> ChatAnswer {
        let offline = OfflineChat(executor: executor, caller: caller, snapshot: snapshotSource)
        // After a model failure the question was the model's to read: the fallback proposes no write.
        let reply = try await offline.answer(question, reason: reason, readOnly: failure != nil, emit: emit)
        var markdown = reply.markdown
        let earlier = failure?.calls ?? []
        if !earlier.isEmpty {
            markdown += "\n\n**Before the model failed**, this turn made these tool calls:\n"
            for call in earlier {
                markdown += "- `\(OfflineChat.cell(call.invocation.description))`: \(call.decision.summary)\n"
            }
        }
        emit(.textDelta(markdown))
        try await persist([.user(question), .assistant(markdown)])
        return ChatAnswer(
            sessionID: id, markdown: markdown, tokens: failure?.tokens ?? 0, offlineReason: reason,
            calls: earlier + reply.calls, planIDs: (failure?.planIDs ?? []) + reply.planIDs)
    }

    private func converse(
        _ question: String, model: any ChatModel, policy: GatePolicy,
        emit: @escaping @Sendable (ChatSessionEvent) -> Void
    ) async throws -> ChatAnswer {
        let tools = executor.registry.descriptors(offeredAt: policy.level).map(\.toolDefinition)
        let system = AgentPrompt.system(level: policy.level, chat: true)
        let (earlier, droppedTurns) = Self.bounded(history, maxTokens: configuration.historyTokens)
        var opening = await clusterContext(policy: policy)
        if droppedTurns > 0 {
            opening += "\n(\(droppedTurns) earlier turn\(droppedTurns == 1 ? "" : "s") of this conversation "
                + "\(droppedTurns == 1 ? "was" : "were") left out to stay within the history bound.)\n"
        }
        opening += "\n## The person asks\n\(question)"
        var turnMessages: [ChatMessage] = []
        let pass = RemediationPass()
        var toolCalls = 0
        var tokens = 0
        var answer = ""
        var calls: [ChatAnswer.Call] = []
        var planIDs: [UUID] = []
        var stoppedEarly = false
        for round in 0..<configuration.maxModelCallsPerTurn {
            let request = ChatRequest(
                systemPrompt: system, messages: earlier + [.user(opening)] + turnMessages, tools: tools,
                temperature: configuration.temperature)
            let separator = answer.isEmpty ? "" : "\n\n"
            let response: ChatResponse
            do {
                response = try await stream(request, model: model, separator: separator, emit: emit)
            } catch var failure as ProviderFailure {
                failure.calls = calls
                failure.planIDs = planIDs
                failure.tokens = tokens
                throw failure
            }
            let estimated = Self.estimatedTokens(request) + TokenEstimate.raw(response.text)
            tokens += response.usage.totalTokens > 0 ? response.usage.totalTokens : estimated
            if !response.text.isEmpty { answer += separator + response.text }
            guard !response.toolCalls.isEmpty else { break }
            turnMessages.append(response.message)
            var notRun: [String] = []
            for call in response.toolCalls {
                let invocation = ToolInvocation(call)
                let decision: ChatSessionEvent.Decision
                let result: ToolResult
                if toolCalls >= configuration.maxToolCallsPerTurn {
                    let reason = "the limit of \(configuration.maxToolCallsPerTurn) tool calls per turn is reached"
                    decision = .denied(reason: reason)
                    result = ToolResult(callID: call.id, content: "Not run: \(reason).", isError: true)
                    notRun.append(call.name)
                } else if let issue = call.issue {
                    // Refused without running, and on record like every call the model makes; it counts toward the
                    // limit like any call, so a reply of invented tools or unreadable arguments is bounded too.
                    toolCalls += 1
                    decision = .invalid(reason: issue.message(for: call))
                    result = ToolResult(rejecting: call)
                    _ = try await executor.refuse(invocation, caller: caller, reason: issue.message(for: call))
                } else {
                    toolCalls += 1
                    let report = try await executor.execute(
                        invocation, caller: caller,
                        rationale: Self.rationale(question: question, model: response.text, caller: caller),
                        pass: pass)
                    decision = Self.decision(report)
                    let content = Agent.bounded(report.textForModel, to: configuration.maxToolResultCharacters)
                    result = ToolResult(callID: call.id, content: content, isError: decision.isError)
                }
                calls.append(ChatAnswer.Call(invocation: invocation, decision: decision))
                emit(.toolCallDecided(callID: call.id, invocation: invocation, decision: decision))
                if case .queued(let planID) = decision {
                    planIDs.append(planID)
                    emit(.planQueued(planID))
                }
                emit(
                    .toolCallFinished(
                        callID: call.id, tool: call.name, result: result.content, isError: result.isError))
                turnMessages.append(.tool(result))
            }
            try await Agent.auditNotRun(
                notRun, limit: "\(configuration.maxToolCallsPerTurn) tool calls per turn", caller: caller,
                executor: executor, at: clock.now)
            if round == configuration.maxModelCallsPerTurn - 1 { stoppedEarly = true }
        }
        if stoppedEarly {
            let note = "\(answer.isEmpty ? "" : "\n\n")_I stopped after \(configuration.maxModelCallsPerTurn) model "
                + "calls in this turn; ask me to go on._"
            emit(.textDelta(note))
            answer += note
        }
        try await persist([.user(question)] + turnMessages + [.assistant(answer)])
        return ChatAnswer(
            sessionID: id, markdown: answer, tokens: tokens, offlineReason: nil, calls: calls, planIDs: planIDs)
    }

    /// Streams one model call, forwarding text and tool-call starts; a provider failure becomes ``ProviderFailure``.
    private func stream(
        _ request: ChatRequest, model: any ChatModel, separator: String,
        emit: @escaping @Sendable (ChatSessionEvent) -> Void
    ) async throws -> ChatResponse {
        var final: ChatResponse?
        var started = Set<String>()
        var wroteText = false
        let callStarted = ContinuousClock.now
        defer {
            executor.metrics.recordModelCall(
                source: "chat", succeeded: final != nil, inputTokens: final?.usage.inputTokens ?? 0,
                outputTokens: final?.usage.outputTokens ?? 0, duration: ContinuousClock.now - callStarted)
        }
        do {
            for try await event in model.stream(request) {
                switch event {
                case .textDelta(let delta):
                    if !wroteText && !separator.isEmpty { emit(.textDelta(separator)) }
                    wroteText = true
                    emit(.textDelta(delta))
                case .toolCallStarted(_, let id, let name):
                    started.insert(id)
                    emit(.toolCallStarted(callID: id, tool: name))
                case .finished(let response):
                    final = response
                default:
                    break
                }
            }
        } catch {
            throw ProviderFailure(underlying: error)
        }
        guard let final else {
            throw ProviderFailure(underlying: LLMError.streamInterrupted(message: "the stream ended without a reply"))
        }
        if !wroteText && !final.text.isEmpty { emit(.textDelta(separator + final.text)) }
        for call in final.toolCalls where !started.contains(call.id) {
            emit(.toolCallStarted(callID: call.id, tool: call.name))
        }
        return final
    }

    private func persist(_ messages: [ChatMessage]) async throws {
        let now = clock.now
        let stored = messages.enumerated().map { offset, message in
            StoredChatMessage(message, sequence: history.count + offset, at: now)
        }
        try await store.appendChatMessages(stored, to: id, at: now)
        history += messages
    }

    // MARK: - Helpers

    static func decision(_ report: CallReport) -> ChatSessionEvent.Decision {
        switch report.outcome {
        case .executed: .executed
        case .failed(let failure): .failed(Redactor.standard.redact(failure.message))
        case .queued(let plan): .queued(planID: plan.id)
        case .denied(let reason, _): .denied(reason: reason)
        case .invalid(let error): .invalid(reason: Redactor.standard.redact(error.message))
        }
    }

    static func rationale(question: String, model text: String, caller: Caller) -> String {
        var rationale = "asked in chat by \(caller): \"\(question.prefix(200))\""
        if !text.isEmpty { rationale += "; model: \(text.prefix(300))" }
        return rationale
    }
}
