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
    static func classify(_ reply: HTTPTransport.ErrorReply, provider: LLMProvider, keyConfigured: Bool) -> LLMError {
        let body = ErrorBody(reply.body)
        let message = body?.message ?? ErrorBodyText.describe(reply.body, headers: reply.headers)
        var error = LLMError.fromProvider(
            kind: kind(status: reply.status, body: body),
            provider: provider,
            statusCode: reply.status,
            message: message ?? "HTTP \(reply.status) with an empty body",
            providerErrorType: body?.errorType,
            parameter: body?.param,
            requestID: reply.headers.first(name: "x-request-id") ?? body?.requestID,
            retryAfter: RetryAfter.parse(reply.headers)
        )
        if error == .authentication { error.message = keyHint(error.message, provider: provider, keyConfigured) }
        return error
    }

    /// Adds to a 401's message where OKIK took the key from, or that it sent none.
    static func keyHint(_ message: String?, provider: LLMProvider, _ keyConfigured: Bool) -> String {
        let variables: String
        switch provider {
        case .openAICompatible:
            variables = "OKIK_LLM_API_KEY (OPENAI_API_KEY is not sent to OpenAI-compatible servers)"
        case .openAI:
            variables = "OKIK_LLM_API_KEY or OPENAI_API_KEY"
        case .anthropic:
            variables = "OKIK_LLM_API_KEY or ANTHROPIC_API_KEY"
        }
        let hint = keyConfigured
            ? "check the key OKIK sends, from \(variables) or apiKey/apiKeyEnv in the configuration file"
            : "no API key was sent; set \(variables) or apiKey/apiKeyEnv in the configuration file"
        guard let message, !message.isEmpty else { return hint }
        return message + " (" + hint + ")"
    }

    /// The kind of an error, by HTTP status (or, inside a stream, the numeric code the server gave), refined by the
    /// body's type and code.
    static func kind(status: Int?, body: ErrorBody?) -> LLMError {
        let identifiers = body?.identifiers ?? []
        let lowerMessage = (body?.message ?? "").lowercased()
        if identifiers.contains("insufficient_quota") { return .quotaExceeded }
        if identifiers.contains("context_length_exceeded") || lowerMessage.contains("maximum context length")
            || lowerMessage.contains("context window") || status == 413
        {
            return .contextTooLong
        }
        switch status ?? body?.numericCode {
        case 401?: return .authentication
        case 403?: return .permissionDenied
        case 404?: return .notFound
        case 408?: return .timeout
        case 429?: return .rateLimited
        case 503?, 529?: return .overloaded
        case let code? where code >= 500: return .serverError
        case let code? where code >= 400: return .invalidRequest
        default: break
        }
        // No status: an error inside a stream. Go by the words the server used.
        let words = identifiers.map { $0.lowercased() }
        func mentions(_ parts: String...) -> Bool { words.contains { word in parts.contains { word.contains($0) } } }
        if mentions("rate_limit", "ratelimit") { return .rateLimited }
        if mentions("overloaded", "unavailable") { return .overloaded }
        if mentions("authentication", "invalid_api_key", "auth_error") { return .authentication }
        if mentions("permission") { return .permissionDenied }
        if mentions("not_found", "notfound") { return .notFound }
        if mentions("invalid_request", "badrequest", "bad_request") { return .invalidRequest }
        return .serverError
    }

    /// An error sent inside a stream: an `event: error` frame, a data frame holding `error` (OpenAI, llama.cpp) or
    /// `"object": "error"` (vLLM), or llama.cpp's `error:` field. `data` may be JSON of any shape, or plain text.
    static func streamError(_ data: String, provider: LLMProvider) -> LLMError {
        let body = ErrorBody(text: data)
        let text = data.trimmingWhitespace()
        let message = body?.message ?? (text.isEmpty ? "the stream reported an error" : String(text.prefix(500)))
        return .fromProvider(
            kind: kind(status: nil, body: body),
            provider: provider,
            statusCode: nil,
            message: message,
            providerErrorType: body?.errorType,
            parameter: body?.param,
            requestID: body?.requestID,
            retryAfter: nil
        )
    }
}
