import Foundation

/// Assembles a streamed Messages reply: `message_start`, content blocks with `text_delta` and
/// `input_json_delta` keyed by `index`, `message_delta` (stop reason, cumulative usage), `message_stop`,
/// `ping`, and `error` events (of any shape); unknown events are ignored.
///
/// Tool-call events carry the call's position among the reply's tool calls (0, 1, ...), not the content block index
/// (a text block before the first call would make that 1), so both wires number calls alike.
struct AnthropicStreamDecoder: StreamDecoder {
    private enum Block {
        case text(String)
        case toolUse(id: String, name: String, json: String)
        case other
    }

    let request: ChatRequest
    let model: String
    private var id: String?
    private var reportedModel: String?
    private var blocks: [Int: Block] = [:]
    private var completedCalls: [Int: ToolCall] = [:]
    /// Tool-call positions by content block index.
    private var toolPositions: [Int: Int] = [:]
    private var stopReason: String?
    private var usage = AnthropicUsage()
    private var sawUsage = false
    private var done = false

    init(request: ChatRequest, model: String) {
        self.request = request
        self.model = model
    }

    var isComplete: Bool { done }

    mutating func consume(_ event: SSEEvent) throws(LLMError) -> [ChatEvent] {
        let data = event.data.trimmingWhitespace()
        if event.event == "error" { throw AnthropicClient.streamError(data) }
        if data.isEmpty { return [] }
        let decoded: AnthropicStreamEvent
        do {
            decoded = try JSONDecoder().decode(AnthropicStreamEvent.self, from: Data(data.utf8))
        } catch {
            if let body = ErrorBody(text: data), body.message != nil, body.type != nil || body.code != nil {
                // An error object without the event's `type` (some proxies).
                throw AnthropicClient.streamError(data)
            }
            throw LLMError.malformedReply(message: "a stream event is not valid JSON: \(data.prefix(200))")
                .with(provider: .anthropic, underlying: error)
        }
        switch decoded.type {
        case "message_start":
            id = decoded.message?.id
            reportedModel = decoded.message?.model
            if let wire = decoded.message?.usage { merge(wire) }
            return []
        case "content_block_start":
            guard let index = decoded.index, let block = decoded.contentBlock else {
                throw LLMError.malformedReply(message: "content_block_start without index or block")
                    .with(provider: .anthropic)
            }
            switch block.type {
            case "text":
                let initial = block.text ?? ""
                blocks[index] = .text(initial)
                return initial.isEmpty ? [] : [.textDelta(initial)]
            case "tool_use":
                let id = block.id ?? "toolu_\(index)"
                let name = block.name ?? ""
                blocks[index] = .toolUse(id: id, name: name, json: "")
                let position = toolPositions[index] ?? toolPositions.count
                toolPositions[index] = position
                return [.toolCallStarted(index: position, id: id, name: name)]
            default:
                blocks[index] = .other
                return []
            }
        case "content_block_delta":
            guard let index = decoded.index, let delta = decoded.delta else { return [] }
            switch (blocks[index], delta.type) {
            case (.text(let text), "text_delta"):
                let piece = delta.text ?? ""
                blocks[index] = .text(text + piece)
                return piece.isEmpty ? [] : [.textDelta(piece)]
            case (.toolUse(let id, let name, let json), "input_json_delta"):
                let piece = delta.partialJSON ?? ""
                blocks[index] = .toolUse(id: id, name: name, json: json + piece)
                let position = toolPositions[index] ?? 0
                return piece.isEmpty ? [] : [.toolCallArgumentsDelta(index: position, fragment: piece)]
            case (nil, _):
                throw LLMError.malformedReply(message: "content_block_delta for unknown block \(index)")
                    .with(provider: .anthropic)
            default:
                return []
            }
        case "content_block_stop":
            guard let index = decoded.index, case .toolUse(let id, let name, let json)? = blocks[index] else {
                return []
            }
            let call = ToolCall(id: id, name: name, rawArguments: json).validated(against: request.tools)
            completedCalls[index] = call
            return [.toolCall(call)]
        case "message_delta":
            if let reason = decoded.delta?.stopReason { stopReason = reason }
            if let wire = decoded.usage { merge(wire) }
            return []
        case "message_stop":
            done = true
            return []
        case "error":
            throw AnthropicClient.streamError(data)
        default:
            // `ping` and event types added later.
            return []
        }
    }

    /// Usage in `message_delta` is cumulative: later values replace earlier ones field by field.
    private mutating func merge(_ wire: AnthropicUsage) {
        sawUsage = true
        if let value = wire.inputTokens { usage.inputTokens = value }
        if let value = wire.outputTokens { usage.outputTokens = value }
        if let value = wire.cacheCreationInputTokens { usage.cacheCreationInputTokens = value }
        if let value = wire.cacheReadInputTokens { usage.cacheReadInputTokens = value }
    }

    mutating func finish() throws(LLMError) -> [ChatEvent] {
        guard let stopReason else {
            throw LLMError.streamInterrupted(message: "the stream ended without a stop_reason")
                .with(provider: .anthropic)
        }
        var events: [ChatEvent] = []
        var text = ""
        var calls: [ToolCall] = []
        for index in blocks.keys.sorted() {
            switch blocks[index] {
            case .text(let piece)?:
                text += piece
            case .toolUse(let id, let name, let json)?:
                if let call = completedCalls[index] {
                    calls.append(call)
                } else {
                    // The block never got its content_block_stop; assemble what arrived.
                    let call = ToolCall(id: id, name: name, rawArguments: json).validated(against: request.tools)
                    calls.append(call)
                    events.append(.toolCall(call))
                }
            default:
                continue
            }
        }
        let tokens = AnthropicClient.usage(usage)
        if sawUsage { events.append(.usage(tokens)) }
        events.append(
            .finished(
                ChatResponse(
                    id: id,
                    model: reportedModel ?? model,
                    text: text,
                    toolCalls: calls,
                    finishReason: AnthropicClient.finishReason(stopReason),
                    usage: tokens
                )
            )
        )
        done = true
        return events
    }
}
