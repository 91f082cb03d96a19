import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

extension OpenAIClient {
    /// Builds the Chat Completions body for `request`.
    func wireRequest(for request: ChatRequest, model: String, stream: Bool, sendTemperature: Bool)
        -> OpenAIChatRequest
    {
        var messages: [OpenAIMessage] = []
        if let system = request.systemPrompt, !system.isEmpty {
            messages.append(OpenAIMessage(role: "system", content: system))
        }
        for message in request.messages {
            switch message {
            case .user(let text):
                messages.append(OpenAIMessage(role: "user", content: text))
            case .assistant(let text, let toolCalls):
                let calls = toolCalls.map { call in
                    OpenAIToolCall(
                        id: call.id,
                        type: "function",
                        function: OpenAIFunctionCall(name: call.name, arguments: call.rawArguments)
                    )
                }
                let content = (text?.isEmpty ?? true) ? nil : text
                messages.append(
                    OpenAIMessage(role: "assistant", content: content, toolCalls: calls.isEmpty ? nil : calls)
                )
            case .tool(let result):
                // Chat Completions has no error flag: a failed tool's text is marked for the model instead.
                var content = result.content
                if result.isError, !content.lowercased().hasPrefix("error") { content = "Error: " + content }
                messages.append(OpenAIMessage(role: "tool", content: content, toolCallID: result.callID))
            }
        }
        var body = OpenAIChatRequest(model: model, messages: messages)
        if !request.tools.isEmpty {
            body.tools = request.tools.map { tool in
                OpenAITool(
                    function: OpenAIFunctionDefinition(
                        name: tool.name,
                        description: tool.description,
                        parameters: tool.inputSchema,
                        strict: tool.strict ? true : nil
                    )
                )
            }
            switch request.toolChoice {
            case .auto: body.toolChoice = .mode("auto")
            case .none: body.toolChoice = .mode("none")
            case .required: body.toolChoice = .mode("required")
            case .tool(let name): body.toolChoice = .function(name)
            }
            body.parallelToolCalls = request.parallelToolCalls
        }
        if sendTemperature { body.temperature = request.temperature }
        let limit = request.maxOutputTokens ?? configuration.options.maxOutputTokens
        switch maxTokensField {
        case .maxCompletionTokens: body.maxCompletionTokens = limit
        case .maxTokens: body.maxTokens = limit
        }
        if stream {
            body.stream = true
            if configuration.options.includeStreamUsage { body.streamOptions = OpenAIStreamOptions(includeUsage: true) }
        }
        return body
    }

    /// The field that carries the output limit for this configuration.
    var maxTokensField: LLMConfiguration.MaxTokensField {
        configuration.options.maxTokensField ?? (configuration.provider == .openAI ? .maxCompletionTokens : .maxTokens)
    }

    /// Whether a request's temperature should be sent to `model` at first.
    func shouldSendTemperature(_ request: ChatRequest, model: String) -> Bool {
        guard request.temperature != nil else { return false }
        switch configuration.options.temperature {
        case .always: return true
        case .never: return false
        case .automatic: return !Self.rejectsTemperature(model: model)
        }
    }

    /// Models known to reject a temperature other than the default: the o-series and the gpt-5 family.
    static func rejectsTemperature(model: String) -> Bool {
        let name = (model.split(separator: "/").last.map(String.init) ?? model).lowercased()
        if name.hasPrefix("gpt-5") { return true }
        guard name.first == "o", let second = name.dropFirst().first else { return false }
        return second.isNumber
    }

    /// Maps a non-streamed reply to a ``ChatResponse``.
    static func response(from wire: OpenAIChatResponse, request: ChatRequest, model: String) throws(LLMError)
        -> ChatResponse
    {
        guard let choice = wire.choices?.first else {
            throw .malformedReply(message: "the reply has no choices")
        }
        guard let message = choice.message else {
            throw .malformedReply(message: "the reply's first choice has no message")
        }
        var calls: [ToolCall] = []
        for (offset, call) in (message.toolCalls ?? []).enumerated() {
            let id = call.id.flatMap { $0.isEmpty ? nil : $0 } ?? "call_\(offset)"
            calls.append(
                ToolCall(id: id, name: call.function.name, rawArguments: call.function.arguments)
                    .validated(against: request.tools)
            )
        }
        var text = message.content ?? ""
        if text.isEmpty, let refusal = message.refusal { text = refusal }
        return ChatResponse(
            id: wire.id,
            model: wire.model ?? model,
            text: text,
            toolCalls: calls,
            finishReason: finishReason(choice.finishReason, hasToolCalls: !calls.isEmpty),
            usage: usage(wire.usage)
        )
    }

    /// Maps `finish_reason`; some compatible servers say `stop` after tool calls, which is read as `toolCalls`.
    static func finishReason(_ raw: String?, hasToolCalls: Bool) -> FinishReason {
        switch raw {
        case "stop", nil: return hasToolCalls ? .toolCalls : .stop
        case "length": return .length
        case "tool_calls", "function_call": return .toolCalls
        case "content_filter": return .contentFilter
        case let other?: return .other(other)
        }
    }

    /// Maps OpenAI's usage block.
    static func usage(_ wire: OpenAIUsage?) -> TokenUsage {
        guard let wire else { return .zero }
        return TokenUsage(
            inputTokens: wire.promptTokens ?? 0,
            outputTokens: wire.completionTokens ?? 0,
            cachedInputTokens: wire.promptTokensDetails?.cachedTokens ?? 0,
            reasoningTokens: wire.completionTokensDetails?.reasoningTokens ?? 0
        )
    }

    /// Turns an error reply (any status, any body) into an ``LLMError``.
    static func classify(_ reply: HTTPTransport.ErrorReply, provider: LLMProvider) -> LLMError {
        let requestID = reply.headers.first(name: "x-request-id")
        let fields = errorFields(from: reply.body) ?? ErrorFields(
            message: ErrorBodyText.describe(reply.body, headers: reply.headers)
        )
        let retryAfter = RetryAfter.parse(reply.headers)
        let typeOrCode = [fields.code, fields.type].compactMap { $0 }
        let lowerMessage = (fields.message ?? "").lowercased()
        let kind: LLMError
        if typeOrCode.contains("insufficient_quota") {
            kind = .quotaExceeded
        } else if typeOrCode.contains("context_length_exceeded") || lowerMessage.contains("maximum context length")
            || lowerMessage.contains("context window") || reply.status == 413
        {
            kind = .contextTooLong
        } else {
            switch reply.status {
            case 401: kind = .authentication
            case 403: kind = .permissionDenied
            case 404: kind = .notFound
            case 408: kind = .timeout
            case 429: kind = .rateLimited
            case 503, 529: kind = .overloaded
            case 500...: kind = .serverError
            default: kind = .invalidRequest
            }
        }
        return .fromProvider(
            kind: kind,
            provider: provider,
            statusCode: reply.status,
            message: fields.message ?? "HTTP \(reply.status) with an empty body",
            providerErrorType: fields.code ?? fields.type,
            parameter: fields.param,
            requestID: requestID,
            retryAfter: retryAfter
        )
    }

    /// An error object sent inside a stream (`data: {"error": {...}}`).
    static func streamError(_ value: JSONValue, provider: LLMProvider) -> LLMError {
        let fields = ErrorFields(value)
        let typeOrCode = [fields.code, fields.type].compactMap { $0 }
        let kind: LLMError
        if typeOrCode.contains(where: { $0.contains("rate_limit") }) {
            kind = .rateLimited
        } else if typeOrCode.contains(where: { $0.contains("overloaded") || $0.contains("unavailable") }) {
            kind = .overloaded
        } else if typeOrCode.contains("context_length_exceeded") {
            kind = .contextTooLong
        } else if typeOrCode.contains("invalid_request_error") {
            kind = .invalidRequest
        } else {
            kind = .serverError
        }
        return .fromProvider(
            kind: kind,
            provider: provider,
            statusCode: nil,
            message: fields.message ?? "the stream reported an error",
            providerErrorType: fields.code ?? fields.type,
            parameter: fields.param,
            requestID: nil,
            retryAfter: nil
        )
    }

    struct ErrorFields {
        var message: String?
        var type: String?
        var code: String?
        var param: String?

        init(message: String?) {
            self.message = message
        }

        init(_ value: JSONValue) {
            switch value {
            case .string(let text):
                message = text
            case .object(let object):
                message = object["message"]?.stringValue
                type = object["type"]?.stringValue
                code = object["code"].flatMap { $0 == .null ? nil : ($0.stringValue ?? $0.jsonString) }
                param = object["param"]?.stringValue
            default:
                message = value.jsonString
            }
        }
    }

    private static func errorFields(from body: ByteBuffer) -> ErrorFields? {
        guard let envelope = try? JSONDecoder().decode(OpenAIErrorEnvelope.self, from: body) else { return nil }
        if let error = envelope.error, error != .null { return ErrorFields(error) }
        if let detail = envelope.detail { return ErrorFields(detail.stringValue.map(JSONValue.string) ?? detail) }
        if let message = envelope.message { return ErrorFields(message: message) }
        return nil
    }
}
