import OkikLLM

extension ChatSession {
    /// The latest whole turns of `history` (a turn starts at a person's message) that fit `maxTokens`, and how many
    /// older turns were left out.
    static func bounded(_ history: [ChatMessage], maxTokens: Int) -> (messages: [ChatMessage], droppedTurns: Int) {
        var turns: [[ChatMessage]] = []
        for message in history {
            if case .user = message {
                turns.append([message])
            } else if turns.isEmpty {
                turns.append([message])
            } else {
                turns[turns.count - 1].append(message)
            }
        }
        var kept: [[ChatMessage]] = []
        var used = 0
        for turn in turns.reversed() {
            let cost = turn.reduce(0) { $0 + TokenEstimate.raw($1.carriedText) }
            guard used + cost <= maxTokens else { break }
            kept.insert(turn, at: 0)
            used += cost
        }
        return (kept.flatMap { $0 }, turns.count - kept.count)
    }

    /// The raw token estimate of a request: system prompt, messages and tool definitions.
    static func estimatedTokens(_ request: ChatRequest) -> Int {
        TokenEstimate.raw(request.systemPrompt ?? "")
            + request.messages.reduce(0) { $0 + TokenEstimate.raw($1.carriedText) }
            + request.tools.reduce(0) { $0 + TokenEstimate.raw($1.name + $1.description) + 60 }
    }
}
