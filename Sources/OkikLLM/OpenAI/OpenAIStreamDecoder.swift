import Foundation

/// Assembles a streamed Chat Completions reply: text deltas, tool-call fragments keyed by `index`,
/// `finish_reason`, the final usage chunk (`choices: []`) and `data: [DONE]`.
struct OpenAIStreamDecoder: StreamDecoder {
    private struct PartialCall {
        var id: String
        var name: String
        var arguments: String
    }

    let request: ChatRequest
    let model: String
    let provider: LLMProvider
    private var id: String?
    private var reportedModel: String?
    private var text = ""
    private var calls: [Int: PartialCall] = [:]
    private var callOrder: [Int] = []
    private var finishReason: String?
    private var usage: TokenUsage?
    private var done = false

    init(request: ChatRequest, model: String, provider: LLMProvider) {
        self.request = request
        self.model = model
        self.provider = provider
    }

    var isComplete: Bool { done }

    mutating func consume(_ event: SSEEvent) throws(LLMError) -> [ChatEvent] {
        let data = event.data.trimmingWhitespace()
        if event.event == "error" {
            throw OpenAIClient.streamError(data, provider: provider)
        }
        if data == "[DONE]" {
            done = true
            return []
        }
        if data.isEmpty { return [] }
        let chunk: OpenAIChunk
        do {
            chunk = try JSONDecoder().decode(OpenAIChunk.self, from: Data(data.utf8))
        } catch {
            throw LLMError.malformedReply(message: "a stream chunk is not valid JSON: \(data.prefix(200))")
                .with(provider: provider, underlying: error)
        }
        if (chunk.error != nil && chunk.error != .null) || chunk.object == "error" {
            throw OpenAIClient.streamError(data, provider: provider)
        }
        if chunk.choices == nil, chunk.usage == nil, chunk.id == nil, ErrorBody(text: data)?.message != nil {
            // `{"message": ...}` or `{"detail": ...}` alone: an error in a shape of the server's own.
            throw OpenAIClient.streamError(data, provider: provider)
        }
        if id == nil { id = chunk.id }
        if reportedModel == nil { reportedModel = chunk.model }
        if let wireUsage = chunk.usage { usage = OpenAIClient.usage(wireUsage) }
        var events: [ChatEvent] = []
        for choice in chunk.choices ?? [] where (choice.index ?? 0) == 0 {
            if let delta = choice.delta {
                if let content = delta.content, !content.isEmpty {
                    text += content
                    events.append(.textDelta(content))
                }
                if let refusal = delta.refusal, !refusal.isEmpty {
                    text += refusal
                    events.append(.textDelta(refusal))
                }
                for fragment in delta.toolCalls ?? [] {
                    events += try absorb(fragment)
                }
            }
            if let reason = choice.finishReason {
                finishReason = reason
            }
        }
        return events
    }

    /// Wire indexes a reply may use for its tool calls; anything else is a malformed reply.
    static let wireIndexes = 0..<1024

    private mutating func absorb(_ fragment: OpenAIToolCallDelta) throws(LLMError) -> [ChatEvent] {
        let index: Int
        if let given = fragment.index {
            guard Self.wireIndexes.contains(given) else {
                throw LLMError.malformedReply(
                    message: "a tool-call delta has index \(given), outside \(Self.wireIndexes.lowerBound)..<\(Self.wireIndexes.upperBound)")
                    .with(provider: provider)
            }
            index = given
        } else if let id = fragment.id, let existing = calls.first(where: { $0.value.id == id })?.key {
            index = existing
        } else if fragment.id != nil || callOrder.isEmpty {
            // Indexes are below 1024 (checked above), so this cannot overflow.
            index = (callOrder.max() ?? -1) &+ 1
        } else {
            index = callOrder.last ?? 0
        }
        var events: [ChatEvent] = []
        if calls[index] == nil {
            let id = fragment.id.flatMap { $0.isEmpty ? nil : $0 } ?? "call_\(callOrder.count)"
            calls[index] = PartialCall(id: id, name: fragment.function?.name ?? "", arguments: "")
            callOrder.append(index)
            events.append(.toolCallStarted(index: callOrder.count - 1, id: id, name: fragment.function?.name ?? ""))
        } else if let name = fragment.function?.name, !name.isEmpty, calls[index]?.name.isEmpty == true {
            calls[index]?.name = name
        }
        if let arguments = fragment.function?.arguments, !arguments.isEmpty {
            calls[index]?.arguments += arguments
            // Events number calls by position in the reply, as on the Anthropic wire, not by the wire's index.
            let position = callOrder.firstIndex(of: index) ?? 0
            events.append(.toolCallArgumentsDelta(index: position, fragment: arguments))
        }
        return events
    }

    mutating func finish() throws(LLMError) -> [ChatEvent] {
        guard let finishReason else {
            let detail = done ? "[DONE] arrived before any finish_reason" : "the stream ended without a finish_reason"
            throw LLMError.streamInterrupted(message: detail).with(provider: provider)
        }
        let toolCalls = callOrder.compactMap { index -> ToolCall? in
            guard let partial = calls[index] else { return nil }
            return ToolCall(id: partial.id, name: partial.name, rawArguments: partial.arguments)
                .validated(against: request.tools)
        }
        var events: [ChatEvent] = toolCalls.map { .toolCall($0) }
        if let usage { events.append(.usage(usage)) }
        let response = ChatResponse(
            id: id,
            model: reportedModel ?? model,
            text: text,
            toolCalls: toolCalls,
            finishReason: OpenAIClient.finishReason(finishReason, hasToolCalls: !toolCalls.isEmpty),
            usage: usage ?? .zero
        )
        events.append(.finished(response))
        done = true
        return events
    }
}
