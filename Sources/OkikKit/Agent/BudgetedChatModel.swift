import OkikLLM

/// The agent's model as chat sessions use it (``Agent/currentModel``): each call is checked against the agent's
/// hourly and daily token budget first (refused with a ``BudgetRefusal`` when it is spent, without calling the
/// provider) and its tokens are recorded there, so chat and the loop share one budget.
struct BudgetedChatModel: ChatModel {
    let base: any ChatModel
    let agent: Agent

    var model: String { base.model }

    func respond(to request: ChatRequest) async throws -> ChatResponse {
        let estimated = Self.estimate(request)
        if let refusal = await agent.chatRefusal(forEstimated: estimated) { throw refusal }
        let response = try await base.respond(to: request)
        await agent.recordChat(tokens: Self.spent(response, estimated: estimated))
        return response
    }

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream<ChatEvent, any Error>.makeStream()
        let task = Task { [base, agent] in
            do {
                let estimated = Self.estimate(request)
                if let refusal = await agent.chatRefusal(forEstimated: estimated) { throw refusal }
                for try await event in base.stream(request) {
                    if case .finished(let response) = event {
                        await agent.recordChat(tokens: Self.spent(response, estimated: estimated))
                    }
                    continuation.yield(event)
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// The request's size as OKIK estimates it: system prompt, messages and tools.
    static func estimate(_ request: ChatRequest) -> Int {
        TokenEstimate.raw(request.systemPrompt ?? "") + request.messages.reduce(0) { $0 + TokenEstimate.raw($1.carriedText) }
            + request.tools.reduce(0) { $0 + TokenEstimate.raw($1.name + $1.description) + 60 }
    }

    /// What a reply cost: the provider's figure, or the estimate and the reply's text.
    static func spent(_ response: ChatResponse, estimated: Int) -> Int {
        response.usage.totalTokens > 0 ? response.usage.totalTokens : estimated + TokenEstimate.raw(response.text)
    }
}
