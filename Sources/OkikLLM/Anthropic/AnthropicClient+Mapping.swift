import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

extension AnthropicClient {
    /// Builds the Messages body for `request`: tool results grouped into user turns (results first), roles
    /// alternating, and cache breakpoints on the last tool and the system prompt when caching is on.
    func wireRequest(for request: ChatRequest, model: String, stream: Bool, sendTemperature: Bool)
        -> AnthropicRequest
    {
        var messages: [AnthropicMessage] = []
        func append(role: String, _ blocks: [AnthropicContentBlock]) {
            guard !blocks.isEmpty else { return }
            if let last = messages.last, last.role == role {
                var merged = last
                if role == "user" {
                    // tool_result blocks must come before any text in a user turn.
                    let all = merged.content + blocks
                    merged.content = all.filter(\.isToolResult) + all.filter { !$0.isToolResult }
                } else {
                    merged.content += blocks
                }
                messages[messages.count - 1] = merged
            } else {
                messages.append(AnthropicMessage(role: role, content: blocks))
            }
        }
        for message in request.messages {
            switch message {
            case .user(let text):
                append(role: "user", text.isEmpty ? [] : [.text(text)])
            case .assistant(let text, let toolCalls):
                var blocks: [AnthropicContentBlock] = []
                if let text, !text.trimmingWhitespace().isEmpty { blocks.append(.text(text)) }
                for call in toolCalls {
                    let input = call.arguments.objectValue == nil ? JSONValue.object([:]) : call.arguments
                    blocks.append(.toolUse(id: call.id, name: call.name, input: input))
                }
                append(role: "assistant", blocks)
            case .tool(let result):
                let content = result.content.isEmpty ? "(no output)" : result.content
                append(role: "user", [.toolResult(toolUseID: result.callID, content: content, isError: result.isError)])
            }
        }
        let caching = configuration.options.promptCaching
        var body = AnthropicRequest(
            model: model,
            maxTokens: request.maxOutputTokens ?? configuration.options.maxOutputTokens,
            messages: messages
        )
        if let system = request.systemPrompt, !system.isEmpty {
            body.system = [AnthropicTextBlock(text: system, cacheControl: caching ? AnthropicCacheControl() : nil)]
        }
        if !request.tools.isEmpty {
            var tools = request.tools.map { tool in
                AnthropicTool(name: tool.name, description: tool.description, inputSchema: tool.inputSchema)
            }
            if caching { tools[tools.count - 1].cacheControl = AnthropicCacheControl() }
            body.tools = tools
            let disableParallel = request.parallelToolCalls == false ? true : nil
            switch request.toolChoice {
            case .auto:
                if disableParallel != nil {
                    body.toolChoice = AnthropicToolChoice(type: "auto", disableParallelToolUse: true)
                }
            case .none:
                body.toolChoice = AnthropicToolChoice(type: "none")
            case .required:
                body.toolChoice = AnthropicToolChoice(type: "any", disableParallelToolUse: disableParallel)
            case .tool(let name):
                body.toolChoice = AnthropicToolChoice(type: "tool", name: name, disableParallelToolUse: disableParallel)
            }
        }
        if sendTemperature { body.temperature = request.temperature }
        if stream { body.stream = true }
        return body
    }

    /// Whether a request's temperature is sent at first.
    func shouldSendTemperature(_ request: ChatRequest) -> Bool {
        request.temperature != nil && configuration.options.temperature != .never
    }

    /// Maps a non-streamed reply to a ``ChatResponse``.
    static func response(from wire: AnthropicResponse, request: ChatRequest, model: String) throws(LLMError)
        -> ChatResponse
    {
        guard let blocks = wire.content else {
            throw .malformedReply(message: "the reply has no content")
        }
        var text = ""
        var calls: [ToolCall] = []
        for block in blocks {
            switch block.type {
            case "text":
                text += block.text ?? ""
            case "tool_use":
                guard let id = block.id, let name = block.name else {
                    throw .malformedReply(message: "a tool_use block lacks its id or name")
                }
                let call = ToolCall(id: id, name: name, arguments: block.input ?? .object([:]))
                calls.append(call.validated(against: request.tools))
            default:
                continue
            }
        }
        guard let stopReason = wire.stopReason else {
            throw .malformedReply(message: "the reply has no stop_reason")
        }
        return ChatResponse(
            id: wire.id,
            model: wire.model ?? model,
            text: text,
            toolCalls: calls,
            finishReason: finishReason(stopReason),
            usage: usage(wire.usage)
        )
    }

    /// Maps `stop_reason`.
    static func finishReason(_ raw: String) -> FinishReason {
        switch raw {
        case "end_turn", "stop_sequence": return .stop
        case "max_tokens", "model_context_window_exceeded": return .length
        case "tool_use": return .toolCalls
        case "refusal": return .refusal
        default: return .other(raw)
        }
    }

    /// Maps Anthropic's usage, whose `input_tokens` excludes cache reads and writes.
    static func usage(_ wire: AnthropicUsage?) -> TokenUsage {
        guard let wire else { return .zero }
        let read = wire.cacheReadInputTokens ?? 0
        let write = wire.cacheCreationInputTokens ?? 0
        return TokenUsage(
            inputTokens: (wire.inputTokens ?? 0) + read + write,
            outputTokens: wire.outputTokens ?? 0,
            cachedInputTokens: read,
            cacheWriteInputTokens: write
        )
    }

    /// Turns an error reply into an ``LLMError``, by `error.type` first and HTTP status second.
    static func classify(_ reply: HTTPTransport.ErrorReply, keyConfigured: Bool) -> LLMError {
        let body = ErrorBody(reply.body)
        let message = body?.message ?? ErrorBodyText.describe(reply.body, headers: reply.headers)
        var error = LLMError.fromProvider(
            kind: kind(type: body?.type, status: reply.status, message: message),
            provider: .anthropic,
            statusCode: reply.status,
            message: message ?? "HTTP \(reply.status) with an empty body",
            providerErrorType: body?.errorType,
            parameter: body?.param,
            requestID: reply.headers.first(name: "request-id") ?? body?.requestID,
            retryAfter: RetryAfter.parse(reply.headers)
        )
        if error == .authentication {
            error.message = OpenAIClient.keyHint(error.message, provider: .anthropic, keyConfigured)
        }
        return error
    }

    /// An `event: error` inside a stream (after HTTP 200): `{"type":"error","error":{...}}` as documented, or an
    /// error object of another shape, or plain text.
    static func streamError(_ data: String) -> LLMError {
        let body = ErrorBody(text: data)
        let text = data.trimmingWhitespace()
        let message = body?.message ?? (text.isEmpty ? "the stream reported an error" : String(text.prefix(500)))
        return .fromProvider(
            kind: kind(type: body?.type, status: body?.numericCode, message: message),
            provider: .anthropic,
            statusCode: nil,
            message: message,
            providerErrorType: body?.errorType,
            parameter: body?.param,
            requestID: body?.requestID,
            retryAfter: nil
        )
    }

    private static func kind(type: String?, status: Int?, message: String?) -> LLMError {
        let lower = (message ?? "").lowercased()
        switch type {
        case "authentication_error": return .authentication
        case "permission_error": return .permissionDenied
        case "not_found_error": return .notFound
        case "rate_limit_error": return .rateLimited
        case "overloaded_error": return .overloaded
        case "api_error": return .serverError
        case "billing_error": return .quotaExceeded
        case "request_too_large": return .contextTooLong
        case "invalid_request_error":
            if lower.contains("prompt is too long") || lower.contains("context window")
                || lower.contains("too many tokens")
            {
                return .contextTooLong
            }
            return .invalidRequest
        default:
            break
        }
        switch status {
        case 401: return .authentication
        case 402: return .quotaExceeded
        case 403: return .permissionDenied
        case 404: return .notFound
        case 408: return .timeout
        case 413: return .contextTooLong
        case 429: return .rateLimited
        case 529, 503: return .overloaded
        case let code? where code >= 500: return .serverError
        case nil: return .serverError
        default: return .invalidRequest
        }
    }
}

extension AnthropicContentBlock {
    var isToolResult: Bool {
        if case .toolResult = self { return true }
        return false
    }
}
