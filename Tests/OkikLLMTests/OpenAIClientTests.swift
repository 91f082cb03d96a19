import Foundation
import OkikLLM
import OkikTesting
import Testing

private let podTool = ToolDefinition(
    name: "get_pod",
    description: "Fetch a pod's status",
    inputSchema: [
        "type": "object",
        "properties": ["namespace": ["type": "string"], "name": ["type": "string"]],
        "required": ["namespace", "name"],
        "additionalProperties": false,
    ]
)

private let eventsTool = ToolDefinition(
    name: "get_events",
    description: "List events for an object",
    inputSchema: ["type": "object", "properties": ["name": ["type": "string", "minLength": 1]]]
)

private func openAI(
    _ server: ScriptedProviderServer,
    model: String = "gpt-5-mini",
    retry: RetryPolicy = fastRetry,
    timeout: Duration = .seconds(120),
    usage: UsageTracker? = nil
) throws -> OpenAIClient {
    try OpenAIClient(
        configuration: LLMConfiguration(
            provider: .openAI,
            model: model,
            baseURL: server.baseURL,
            apiKey: APIKey(testKey),
            headers: ["OpenAI-Organization": "org_test"],
            timeout: .init(request: timeout),
            retry: retry
        ),
        usageTracker: usage,
        random: { 0.5 }
    )
}

/// A conversation that has every message kind.
private let conversation = ChatRequest(
    systemPrompt: "You are a Kubernetes SRE assistant.",
    messages: [
        .user("Why is pod api-7d9 in prod crashing?"),
        .assistant(
            text: nil,
            toolCalls: [ToolCall(id: "call_A1", name: "get_pod", arguments: ["namespace": "prod", "name": "api-7d9"])]
        ),
        .tool(ToolResult(callID: "call_A1", content: #"{"phase":"Running","waiting":"CrashLoopBackOff"}"#)),
    ],
    tools: [podTool, eventsTool],
    temperature: 0.2,
    maxOutputTokens: 2048
)

private let toolCallReply = #"""
    {"id":"chatcmpl-9x","object":"chat.completion","created":1735689600,"model":"gpt-5-mini-2025-08-07",
     "choices":[{"index":0,"finish_reason":"tool_calls","logprobs":null,
       "message":{"role":"assistant","content":null,"refusal":null,
         "tool_calls":[{"id":"call_B1","type":"function","function":{"name":"get_events","arguments":"{\"name\":\"api-7d9\"}"}},
                       {"id":"call_B2","type":"function","function":{"name":"get_pod","arguments":"{\"namespace\":\"prod\",\"name\":\"api-7d9\"}"}}]}}],
     "usage":{"prompt_tokens":812,"completion_tokens":96,"total_tokens":908,
       "prompt_tokens_details":{"cached_tokens":768,"audio_tokens":0},
       "completion_tokens_details":{"reasoning_tokens":64,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},
     "service_tier":"default","system_fingerprint":null}
    """#

@Suite("OpenAI Chat Completions on the wire")
struct OpenAIClientTests {
    @Test("a reply with parallel tool calls; the request carries every documented field")
    func respondWithToolCalls() async throws {
        try await ScriptedProviderServer.with([.reply(body: toolCallReply)]) { server in
            let tracker = UsageTracker()
            let response = try await openAI(server, usage: tracker).respond(to: conversation)

            #expect(response.finishReason == .toolCalls)
            #expect(response.model == "gpt-5-mini-2025-08-07")
            #expect(response.toolCalls.map(\.id) == ["call_B1", "call_B2"])
            #expect(response.toolCalls[0].arguments == ["name": "api-7d9"])
            #expect(response.toolCalls[1].arguments == ["namespace": "prod", "name": "api-7d9"])
            #expect(response.toolCalls.allSatisfy { $0.isValid })
            #expect(
                response.usage
                    == TokenUsage(inputTokens: 812, outputTokens: 96, cachedInputTokens: 768, reasoningTokens: 64)
            )
            #expect(await tracker.total.inputTokens == 812)
            #expect(await tracker.byModel.map(\.model) == ["gpt-5-mini"])

            let requests = await server.requests
            #expect(requests.count == 1)
            let sent = try #require(requests.first)
            #expect(sent.method == "POST")
            #expect(sent.path == "/v1/chat/completions")
            #expect(sent.headers["authorization"] == "Bearer \(testKey)")
            #expect(sent.headers["content-type"] == "application/json")
            #expect(sent.headers["openai-organization"] == "org_test")
            let body = sent.json
            #expect(body["model"] == "gpt-5-mini")
            #expect(body["max_completion_tokens"] == 2048)
            #expect(body["max_tokens"] == nil)
            #expect(body["temperature"] == nil, "gpt-5 models reject temperature")
            #expect(body["stream"] == nil)
            #expect(body["tool_choice"] == "auto")
            #expect(
                body["messages"]
                    == [
                        ["role": "system", "content": "You are a Kubernetes SRE assistant."],
                        ["role": "user", "content": "Why is pod api-7d9 in prod crashing?"],
                        [
                            "role": "assistant",
                            "tool_calls": [
                                [
                                    "id": "call_A1", "type": "function",
                                    "function": ["name": "get_pod", "arguments": #"{"name":"api-7d9","namespace":"prod"}"#],
                                ]
                            ],
                        ],
                        [
                            "role": "tool", "tool_call_id": "call_A1",
                            "content": #"{"phase":"Running","waiting":"CrashLoopBackOff"}"#,
                        ],
                    ]
            )
            #expect(
                body["tools"]
                    == [
                        [
                            "type": "function",
                            "function": [
                                "name": "get_pod", "description": "Fetch a pod's status",
                                "parameters": podTool.inputSchema,
                            ],
                        ],
                        [
                            "type": "function",
                            "function": [
                                "name": "get_events", "description": "List events for an object",
                                "parameters": eventsTool.inputSchema,
                            ],
                        ],
                    ]
            )
            // Integers in schemas stay integers on the wire.
            #expect(sent.bodyText.contains(#""minLength":1"#))
        }
    }

    @Test("a streamed reply with two tool calls whose arguments arrive split across many chunks")
    func streamedParallelToolCalls() async throws {
        let head = #""id":"chatcmpl-9x","object":"chat.completion.chunk","created":1735689600,"model":"gpt-5-mini-2025-08-07""#
        func toolDelta(_ index: Int, _ fields: String) -> String {
            #"{\#(head),"choices":[{"index":0,"delta":{"tool_calls":[{"index":\#(index),\#(fields)}]},"finish_reason":null}],"usage":null}"#
        }
        let firstArguments = #"{"namespace":"prod","name":"api-7d9"}"#
        let secondArguments = #"{"name":"api-7d9"}"#
        var payloads = [
            #"{\#(head),"choices":[{"index":0,"delta":{"role":"assistant","content":"Checking."},"finish_reason":null}],"usage":null}"#,
            toolDelta(0, #""id":"call_A1","type":"function","function":{"name":"get_pod","arguments":""}"#),
        ]
        // Arguments three characters at a time, the two calls interleaved.
        let first = SSE.split(firstArguments, every: 3)
        let second = SSE.split(secondArguments, every: 3)
        payloads.append(toolDelta(1, #""id":"call_B2","type":"function","function":{"name":"get_events","arguments":""}"#))
        for step in 0..<max(first.count, second.count) {
            if step < first.count { payloads.append(toolDelta(0, #""function":{"arguments":\#(jsonString(first[step]))}"#)) }
            if step < second.count { payloads.append(toolDelta(1, #""function":{"arguments":\#(jsonString(second[step]))}"#)) }
        }
        payloads.append(#"{\#(head),"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}],"usage":null}"#)
        payloads.append(
            #"{\#(head),"choices":[],"usage":{"prompt_tokens":812,"completion_tokens":96,"total_tokens":908,"prompt_tokens_details":{"cached_tokens":768}}}"#
        )
        payloads.append("[DONE]")
        // CRLF line endings, a keep-alive comment, and network chunks that cut lines anywhere.
        let body = ": keep-alive\r\n\r\n" + SSE.data(payloads).replacingOccurrences(of: "\n", with: "\r\n")
        try await ScriptedProviderServer.with([.chunks(SSE.split(body, every: 37))]) { server in
            let (events, error) = await collect(try openAI(server).stream(conversation))
            #expect(error == nil)

            let text = events.compactMap { if case .textDelta(let t) = $0 { t } else { nil } }.joined()
            #expect(text == "Checking.")
            let started = events.compactMap { if case .toolCallStarted(let i, let id, let name) = $0 { "\(i):\(id):\(name)" } else { nil } }
            #expect(started == ["0:call_A1:get_pod", "1:call_B2:get_events"])
            let fragments = events.compactMap { if case .toolCallArgumentsDelta(0, let f) = $0 { f } else { nil } }
            #expect(fragments.joined() == firstArguments)
            let calls = events.compactMap { if case .toolCall(let c) = $0 { c } else { nil } }
            #expect(calls.map(\.name) == ["get_pod", "get_events"])
            #expect(calls[0].arguments == ["namespace": "prod", "name": "api-7d9"])
            #expect(calls[1].rawArguments == secondArguments)
            guard case .finished(let response)? = events.last else {
                Issue.record("the stream did not end with .finished")
                return
            }
            #expect(response.finishReason == .toolCalls)
            #expect(response.text == "Checking.")
            #expect(response.toolCalls == calls)
            #expect(response.usage.inputTokens == 812 && response.usage.cachedInputTokens == 768)
            #expect(events.contains(.usage(response.usage)))

            let sent = try #require(await server.requests.first)
            #expect(sent.json["stream"] == true)
            #expect(sent.json["stream_options"] == ["include_usage": true])
            #expect(sent.headers["accept"] == "text/event-stream")
        }
    }

    @Test("429 with Retry-After, then success: retried once after the wait")
    func retriesAfter429() async throws {
        let rateLimited = ScriptedReply.reply(
            status: 429,
            headers: ["content-type": "application/json", "retry-after": "0", "x-request-id": "req_1"],
            body: #"{"error":{"message":"Rate limit reached for requests","type":"requests","param":null,"code":"rate_limit_exceeded"}}"#
        )
        try await ScriptedProviderServer.with([rateLimited, .reply(body: toolCallReply)]) { server in
            let response = try await openAI(server).respond(to: conversation)
            #expect(response.toolCalls.count == 2)
            let requests = await server.requests
            #expect(requests.count == 2)
            #expect(requests[0].body == requests[1].body, "the retry sends the same request")
        }
    }

    @Test("429 that keeps coming: the error says how long to wait")
    func rateLimitedError() async throws {
        let reply = ScriptedReply.reply(
            status: 429,
            headers: ["content-type": "application/json", "retry-after-ms": "10", "x-request-id": "req_7"],
            body: #"{"error":{"message":"Rate limit reached for requests","type":"requests","param":null,"code":"rate_limit_exceeded"}}"#
        )
        try await ScriptedProviderServer.with([reply, reply]) { server in
            let client = try openAI(server, retry: RetryPolicy(maxAttempts: 2))
            let error = try await #require(throws: LLMError.self) { try await client.respond(to: conversation) }
            #expect(error == .rateLimited)
            #expect(error.retryAfter == .milliseconds(10))
            #expect(error.statusCode == 429)
            #expect(error.requestID == "req_7")
            #expect(error.providerErrorType == "rate_limit_exceeded")
            #expect(await server.requests.count == 2)
        }
    }

    @Test("insufficient_quota is a 429 that is not retried")
    func quotaNotRetried() async throws {
        let reply = ScriptedReply.reply(
            status: 429,
            body: #"{"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}"#
        )
        try await ScriptedProviderServer.with([reply]) { server in
            let error = try await #require(throws: LLMError.self) { try await openAI(server).respond(to: conversation) }
            #expect(error == .quotaExceeded)
            #expect(await server.requests.count == 1)
        }
    }

    @Test("401: authentication error, not retried, key never in the description")
    func authenticationError() async throws {
        let reply = ScriptedReply.reply(
            status: 401,
            body: #"{"error":{"message":"Incorrect API key provided: \#(testKey). You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}"#
        )
        try await ScriptedProviderServer.with([reply]) { server in
            let error = try await #require(throws: LLMError.self) { try await openAI(server).respond(to: conversation) }
            #expect(error == .authentication)
            #expect(error.provider == .openAI)
            #expect(error.providerErrorType == "invalid_api_key")
            #expect(!error.description.contains(testKey))
            #expect(!String(reflecting: error).contains(testKey))
            #expect(error.description.contains("Incorrect API key provided"))
            #expect(await server.requests.count == 1)
        }
    }

    @Test("a stream cut in the middle: stream_interrupted, and no retry after output")
    func streamCut() async throws {
        let head = #""id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-5-mini""#
        let chunks = [
            SSE.data([#"{\#(head),"choices":[{"index":0,"delta":{"role":"assistant","content":"The pod is "},"finish_reason":null}]}"#]),
            #"data: {"id":"c","object":"chat.co"#,
        ]
        try await ScriptedProviderServer.with([.cut(chunks), .reply(body: toolCallReply)]) { server in
            let (events, error) = await collect(try openAI(server).stream(conversation))
            #expect(events == [.textDelta("The pod is ")])
            let llmError = try #require(error as? LLMError)
            #expect(llmError == .streamInterrupted)
            #expect(await server.requests.count == 1)
        }
    }

    @Test("a stream that ends without finish_reason")
    func streamWithoutFinish() async throws {
        let head = #""id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-5-mini""#
        let body = SSE.data([#"{\#(head),"choices":[{"index":0,"delta":{"content":"Hello"},"finish_reason":null}]}"#])
        try await ScriptedProviderServer.with([.chunks([body])]) { server in
            let (events, error) = await collect(try openAI(server).stream(conversation))
            #expect(events == [.textDelta("Hello")])
            #expect((error as? LLMError) == .streamInterrupted)
        }
    }

    @Test("malformed tool arguments and an unknown tool become tool-error messages, not failures")
    func malformedToolArguments() async throws {
        let reply = #"""
            {"id":"c","object":"chat.completion","created":1,"model":"gpt-5-mini",
             "choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","content":null,
               "tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_pod","arguments":"{\"namespace\": \"prod\", \"name\": "}},
                             {"id":"call_2","type":"function","function":{"name":"delete_cluster","arguments":"{}"}},
                             {"id":"call_3","type":"function","function":{"name":"get_pod","arguments":"[1,2]"}}]}}],
             "usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}
            """#
        try await ScriptedProviderServer.with([.reply(body: reply)]) { server in
            let response = try await openAI(server).respond(to: conversation)
            #expect(response.toolCalls.count == 3)
            let malformed = response.toolCalls[0]
            #expect(malformed.issue == .malformedArguments)
            #expect(malformed.rawArguments == #"{"namespace": "prod", "name": "#)
            #expect(response.toolCalls[1].issue == .unknownTool(available: ["get_pod", "get_events"]))
            #expect(response.toolCalls[2].issue == .argumentsNotAnObject)
            let result = ToolResult(rejecting: malformed)
            #expect(result.isError && result.callID == "call_1")
            #expect(result.content.contains("not valid JSON"))
            #expect(ToolResult(rejecting: response.toolCalls[1]).content.contains("no tool named 'delete_cluster'"))
        }
    }

    @Test("an empty choice list is a malformed reply")
    func emptyChoices() async throws {
        let reply = #"{"id":"c","object":"chat.completion","created":1,"model":"gpt-5-mini","choices":[],"usage":null}"#
        try await ScriptedProviderServer.with([.reply(body: reply)]) { server in
            let error = try await #require(throws: LLMError.self) { try await openAI(server).respond(to: conversation) }
            #expect(error == .malformedReply)
            #expect(error.message?.contains("no choices") == true)
        }
    }

    @Test("an HTML error page from a proxy: retried on 502, then reported with its title")
    func htmlErrorPage() async throws {
        let page = ScriptedReply.reply(
            status: 502,
            headers: ["content-type": "text/html"],
            body: "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"
        )
        try await ScriptedProviderServer.with([page, page]) { server in
            let client = try openAI(server, retry: RetryPolicy(maxAttempts: 2, initialBackoff: .milliseconds(1)))
            let error = try await #require(throws: LLMError.self) { try await client.respond(to: conversation) }
            #expect(error == .serverError)
            #expect(error.statusCode == 502)
            #expect(error.message?.contains("HTML page") == true)
            #expect(error.message?.contains("502 Bad Gateway") == true)
            #expect(await server.requests.count == 2)
        }
    }

    @Test("an HTML page with status 200 is a malformed reply")
    func htmlWithSuccessStatus() async throws {
        let page = ScriptedReply.reply(
            headers: ["content-type": "text/html"],
            body: "<!DOCTYPE html><html><head><title>Sign in</title></head></html>"
        )
        try await ScriptedProviderServer.with([page]) { server in
            let error = try await #require(throws: LLMError.self) { try await openAI(server).respond(to: conversation) }
            #expect(error == .malformedReply)
            #expect(error.message?.contains("HTML") == true)
        }
    }

    @Test("a model that rejects temperature: the request is sent again without it")
    func temperatureFallback() async throws {
        let rejection = ScriptedReply.reply(
            status: 400,
            body: #"{"error":{"message":"Unsupported value: 'temperature' does not support 0.2 with this model. Only the default (1) value is supported.","type":"invalid_request_error","param":"temperature","code":"unsupported_value"}}"#
        )
        try await ScriptedProviderServer.with([rejection, .reply(body: toolCallReply)]) { server in
            _ = try await openAI(server, model: "my-reasoner").respond(to: conversation)
            let requests = await server.requests
            #expect(requests.count == 2)
            #expect(requests[0].json["temperature"] == 0.2)
            #expect(requests[1].json["temperature"] == nil)
        }
    }

    @Test("a 400 is returned with the provider's message and not retried")
    func invalidRequest() async throws {
        let reply = ScriptedReply.reply(
            status: 400,
            body: #"{"error":{"message":"This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}"#
        )
        try await ScriptedProviderServer.with([reply]) { server in
            let error = try await #require(throws: LLMError.self) { try await openAI(server).respond(to: conversation) }
            #expect(error == .contextTooLong)
            #expect(error.parameter == "messages")
            #expect(await server.requests.count == 1)
        }
    }

    @Test("an OpenAI-compatible server: base URL path, query items, api-key header, max_tokens, temperature")
    func compatibleServer() async throws {
        let reply = #"{"id":"c","object":"chat.completion","created":1,"model":"llama3.1","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"Hi there"}}]}"#
        try await ScriptedProviderServer.with([.reply(body: reply)]) { server in
            let client = try OpenAIClient(
                configuration: LLMConfiguration(
                    provider: .openAICompatible,
                    model: "llama3.1",
                    baseURL: "http://127.0.0.1:\(server.port)/openai/deployments/okik/",
                    apiKey: APIKey(testKey),
                    apiKeyHeader: "api-key",
                    queryParameters: ["api-version": "2024-10-21"]
                )
            )
            let response = try await client.respond(
                to: ChatRequest(messages: [.user("Hi")], temperature: 0.3, maxOutputTokens: 100)
            )
            #expect(response.text == "Hi there")
            #expect(response.finishReason == .stop)
            #expect(response.usage == .zero)
            let sent = try #require(await server.requests.first)
            #expect(sent.path == "/openai/deployments/okik/chat/completions?api-version=2024-10-21")
            #expect(sent.headers["api-key"] == testKey)
            #expect(sent.headers["authorization"] == nil)
            #expect(sent.json["max_tokens"] == 100)
            #expect(sent.json["temperature"] == 0.3)
            #expect(sent.json["tools"] == nil)
        }
    }

    @Test("a server that does not answer in time: timeout")
    func timeout() async throws {
        try await ScriptedProviderServer.with([.hang]) { server in
            let client = try openAI(server, retry: .never, timeout: .milliseconds(200))
            let error = try await #require(throws: LLMError.self) { try await client.respond(to: conversation) }
            #expect(error == .timeout)
        }
    }

    @Test("an error object inside the stream")
    func errorInsideStream() async throws {
        let body = SSE.data([#"{"error":{"message":"The server had an error while processing your request.","type":"server_error"}}"#])
        try await ScriptedProviderServer.with([.chunks([body]), .chunks([body])]) { server in
            let client = try openAI(server, retry: RetryPolicy(maxAttempts: 2, initialBackoff: .milliseconds(1)))
            let (events, error) = await collect(client.stream(conversation))
            #expect(events.isEmpty)
            #expect((error as? LLMError) == .serverError)
            #expect(await server.requests.count == 2, "nothing was yielded, so the stream was retried")
        }
    }

    @Test("requests that no provider would accept fail before anything is sent")
    func localValidation() async throws {
        try await ScriptedProviderServer.with([]) { server in
            let client = try openAI(server)
            let badName = ChatRequest(messages: [.user("x")], tools: [ToolDefinition(name: "get pod", description: "")])
            await #expect(throws: LLMError.invalidRequest) { try await client.respond(to: badName) }
            let noMessages = ChatRequest(messages: [])
            await #expect(throws: LLMError.invalidRequest) { try await client.respond(to: noMessages) }
            #expect(await server.requests.isEmpty)
        }
    }
}

private func jsonString(_ text: String) -> String {
    JSONValue.string(text).jsonString
}

@Suite("Cancellation")
struct CancellationTests {
    @Test("cancelling the calling task cancels the request")
    func cancelRespond() async throws {
        try await ScriptedProviderServer.with([.hang]) { server in
            let client = try openAICancellable(server)
            let task = Task { try await client.respond(to: ChatRequest(messages: [.user("hi")])) }
            for _ in 0..<500 where await server.requests.isEmpty {
                try await Task.sleep(for: .milliseconds(10))
            }
            task.cancel()
            let result = await task.result
            #expect(throws: CancellationError.self) { try result.get() }
        }
    }

    @Test("dropping a stream ends its task")
    func dropStream() async throws {
        try await ScriptedProviderServer.with([.hang]) { server in
            let client = try openAICancellable(server)
            let consumer = Task {
                for try await _ in client.stream(ChatRequest(messages: [.user("hi")])) {}
            }
            for _ in 0..<500 where await server.requests.isEmpty {
                try await Task.sleep(for: .milliseconds(10))
            }
            consumer.cancel()
            _ = await consumer.result
            #expect(await server.requests.count == 1)
        }
    }
}

private func openAICancellable(_ server: ScriptedProviderServer) throws -> OpenAIClient {
    try OpenAIClient(
        configuration: LLMConfiguration(provider: .openAI, baseURL: server.baseURL, apiKey: APIKey(testKey), retry: .never)
    )
}

@Suite("Streams that are not event streams")
struct NotAnEventStreamTests {
    @Test("a JSON body where a stream was asked for is a malformed reply, not a hang or a crash")
    func jsonInsteadOfStream() async throws {
        let reply = ScriptedReply.reply(body: #"{"id":"c","choices":[{"index":0,"message":{"role":"assistant","content":"hi"}}]}"#)
        try await ScriptedProviderServer.with([reply]) { server in
            let (events, error) = await collect(try openAICancellable(server).stream(ChatRequest(messages: [.user("hi")])))
            #expect(events.isEmpty)
            let llmError = try #require(error as? LLMError)
            #expect(llmError == .malformedReply)
            #expect(llmError.message?.contains("expected an event stream") == true)
        }
    }
}
