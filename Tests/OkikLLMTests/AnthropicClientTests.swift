import AsyncHTTPClient
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
    ]
)

private let logsTool = ToolDefinition(
    name: "get_pod_logs",
    description: "Read a pod's logs",
    inputSchema: ["type": "object", "properties": ["name": ["type": "string"], "tail": ["type": "integer"]]]
)

private func anthropic(
    _ server: ScriptedProviderServer,
    retry: RetryPolicy = fastRetry,
    caching: Bool = true
) throws -> AnthropicClient {
    try AnthropicClient(
        configuration: LLMConfiguration(
            provider: .anthropic,
            baseURL: server.baseURL,
            apiKey: APIKey(testKey),
            options: .init(maxOutputTokens: 1024, promptCaching: caching),
            retry: retry
        ),
        random: { 0.5 }
    )
}

private let conversation = ChatRequest(
    systemPrompt: "You are a Kubernetes SRE assistant.",
    messages: [
        .user("Why is pod api-7d9 crashing?"),
        .assistant(
            text: "Let me look.",
            toolCalls: [
                ToolCall(id: "toolu_01A", name: "get_pod", arguments: ["namespace": "prod", "name": "api-7d9"]),
                ToolCall(id: "toolu_01B", name: "get_pod_logs", arguments: ["name": "api-7d9"]),
            ]
        ),
        .tool(ToolResult(callID: "toolu_01A", content: "CrashLoopBackOff; lastState OOMKilled exit 137")),
        .tool(ToolResult(callID: "toolu_01B", content: "forbidden", isError: true)),
        .user("Anything else?"),
    ],
    tools: [podTool, logsTool],
    toolChoice: .auto,
    parallelToolCalls: false,
    temperature: 0.2
)

private let toolUseReply = #"""
    {"id":"msg_01XYZ","type":"message","role":"assistant","model":"claude-sonnet-4-6",
     "content":[{"type":"text","text":"I'll check the pod."},
                {"type":"tool_use","id":"toolu_02A","name":"get_pod","input":{"namespace":"prod","name":"api-7d9"}}],
     "stop_reason":"tool_use","stop_sequence":null,
     "usage":{"input_tokens":849,"output_tokens":47,"cache_creation_input_tokens":100,"cache_read_input_tokens":1024,
              "cache_creation":{"ephemeral_5m_input_tokens":100,"ephemeral_1h_input_tokens":0},"service_tier":"standard"}}
    """#

@Suite("Anthropic Messages on the wire")
struct AnthropicClientTests {
    @Test("a tool_use reply; the request has headers, max_tokens, cached system and tools, grouped tool results")
    func respondWithToolUse() async throws {
        try await ScriptedProviderServer.with([.reply(body: toolUseReply)]) { server in
            let response = try await anthropic(server).respond(to: conversation)
            #expect(response.text == "I'll check the pod.")
            #expect(response.finishReason == .toolCalls)
            #expect(response.toolCalls == [ToolCall(id: "toolu_02A", name: "get_pod", arguments: ["namespace": "prod", "name": "api-7d9"])])
            #expect(
                response.usage
                    == TokenUsage(inputTokens: 849 + 100 + 1024, outputTokens: 47, cachedInputTokens: 1024, cacheWriteInputTokens: 100)
            )

            let sent = try #require(await server.requests.first)
            #expect(sent.path == "/v1/messages")
            #expect(sent.headers["x-api-key"] == testKey)
            #expect(sent.headers["anthropic-version"] == "2023-06-01")
            #expect(sent.headers["content-type"] == "application/json")
            #expect(sent.headers["authorization"] == nil)
            let body = sent.json
            #expect(body["model"] == "claude-sonnet-4-6")
            #expect(body["max_tokens"] == 1024)
            #expect(body["temperature"] == 0.2)
            #expect(
                body["system"]
                    == [["type": "text", "text": "You are a Kubernetes SRE assistant.", "cache_control": ["type": "ephemeral"]]]
            )
            #expect(
                body["tools"]
                    == [
                        ["name": "get_pod", "description": "Fetch a pod's status", "input_schema": podTool.inputSchema],
                        [
                            "name": "get_pod_logs", "description": "Read a pod's logs", "input_schema": logsTool.inputSchema,
                            "cache_control": ["type": "ephemeral"],
                        ],
                    ]
            )
            #expect(body["tool_choice"] == ["type": "auto", "disable_parallel_tool_use": true])
            #expect(
                body["messages"]
                    == [
                        ["role": "user", "content": [["type": "text", "text": "Why is pod api-7d9 crashing?"]]],
                        [
                            "role": "assistant",
                            "content": [
                                ["type": "text", "text": "Let me look."],
                                ["type": "tool_use", "id": "toolu_01A", "name": "get_pod", "input": ["namespace": "prod", "name": "api-7d9"]],
                                ["type": "tool_use", "id": "toolu_01B", "name": "get_pod_logs", "input": ["name": "api-7d9"]],
                            ],
                        ],
                        [
                            "role": "user",
                            "content": [
                                ["type": "tool_result", "tool_use_id": "toolu_01A", "content": "CrashLoopBackOff; lastState OOMKilled exit 137"],
                                ["type": "tool_result", "tool_use_id": "toolu_01B", "content": "forbidden", "is_error": true],
                                ["type": "text", "text": "Anything else?"],
                            ],
                        ],
                    ]
            )
        }
    }

    @Test("tool choice mapping and caching off")
    func toolChoiceMapping() async throws {
        let reply = #"{"id":"m","type":"message","role":"assistant","model":"claude-sonnet-4-6","content":[{"type":"text","text":"ok"}],"stop_reason":"end_turn","usage":{"input_tokens":5,"output_tokens":1}}"#
        try await ScriptedProviderServer.with([.reply(body: reply), .reply(body: reply), .reply(body: reply)]) { server in
            let client = try anthropic(server, caching: false)
            var request = ChatRequest(systemPrompt: "s", messages: [.user("hi")], tools: [podTool], toolChoice: .required)
            _ = try await client.respond(to: request)
            request.toolChoice = .tool("get_pod")
            _ = try await client.respond(to: request)
            request.toolChoice = .none
            let last = try await client.respond(to: request)
            #expect(last.finishReason == .stop && last.text == "ok")
            let bodies = await server.requests.map(\.json)
            #expect(bodies[0]["tool_choice"] == ["type": "any"])
            #expect(bodies[1]["tool_choice"] == ["type": "tool", "name": "get_pod"])
            #expect(bodies[2]["tool_choice"] == ["type": "none"])
            #expect(bodies[0]["system"] == [["type": "text", "text": "s"]])
            #expect(bodies[0]["tools"]?.jsonString.contains("cache_control") == false)
            #expect(bodies[0]["temperature"] == nil)
        }
    }

    @Test("a streamed reply: text, ping, a tool_use whose input_json arrives in many fragments and chunks")
    func streamedToolUse() async throws {
        let arguments = #"{"namespace": "prod", "name": "api-7d9"}"#
        var pairs: [(String, String)] = [
            ("message_start", #"{"type":"message_start","message":{"id":"msg_01K2","type":"message","role":"assistant","model":"claude-sonnet-4-6","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":849,"cache_creation_input_tokens":0,"cache_read_input_tokens":512,"output_tokens":10}}}"#),
            ("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#),
            ("ping", #"{"type": "ping"}"#),
            ("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"I'll "}}"#),
            ("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"check."}}"#),
            ("content_block_stop", #"{"type":"content_block_stop","index":0}"#),
            ("content_block_start", #"{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01KF","name":"get_pod","input":{}}}"#),
            ("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}"#),
        ]
        for piece in SSE.split(arguments, every: 4) {
            let escaped = JSONValue.string(piece).jsonString
            pairs.append(("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":\#(escaped)}}"#))
        }
        pairs += [
            ("content_block_stop", #"{"type":"content_block_stop","index":1}"#),
            ("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":47}}"#),
            ("message_stop", #"{"type":"message_stop"}"#),
        ]
        let body = SSE.events(pairs)
        try await ScriptedProviderServer.with([.chunks(SSE.split(body, every: 53))]) { server in
            let (events, error) = await collect(try anthropic(server).stream(conversation))
            #expect(error == nil)
            let text = events.compactMap { if case .textDelta(let t) = $0 { t } else { nil } }.joined()
            #expect(text == "I'll check.")
            // The first tool call is call 0, although its content block (after the text block) is block 1.
            #expect(events.contains(.toolCallStarted(index: 0, id: "toolu_01KF", name: "get_pod")))
            let fragments = events.compactMap { if case .toolCallArgumentsDelta(0, let f) = $0 { f } else { nil } }
            #expect(fragments.joined() == arguments)
            let expectedCall = ToolCall(id: "toolu_01KF", name: "get_pod", rawArguments: arguments)
            #expect(events.contains(.toolCall(expectedCall)))
            #expect(expectedCall.arguments == ["namespace": "prod", "name": "api-7d9"])
            guard case .finished(let response)? = events.last else {
                Issue.record("no .finished event")
                return
            }
            #expect(response.id == "msg_01K2")
            #expect(response.finishReason == .toolCalls)
            #expect(response.text == "I'll check.")
            #expect(response.toolCalls == [expectedCall])
            #expect(response.usage == TokenUsage(inputTokens: 849 + 512, outputTokens: 47, cachedInputTokens: 512))

            let sent = try #require(await server.requests.first)
            #expect(sent.json["stream"] == true)
            #expect(sent.headers["accept"] == "text/event-stream")
        }
    }

    @Test("529 overloaded, then success")
    func retriesAfter529() async throws {
        let overloaded = ScriptedReply.reply(
            status: 529,
            headers: ["content-type": "application/json", "request-id": "req_011CSLsW7mFqvHHnzrKdKjAE"],
            body: #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_011CSLsW7mFqvHHnzrKdKjAE"}"#
        )
        try await ScriptedProviderServer.with([overloaded, .reply(body: toolUseReply)]) { server in
            let response = try await anthropic(server).respond(to: conversation)
            #expect(response.toolCalls.count == 1)
            #expect(await server.requests.count == 2)
        }
    }

    @Test("529 every time: overloaded error after the allowed attempts")
    func overloadedError() async throws {
        let overloaded = ScriptedReply.reply(
            status: 529,
            headers: ["content-type": "application/json", "request-id": "req_9"],
            body: #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_9"}"#
        )
        try await ScriptedProviderServer.with([overloaded, overloaded, overloaded]) { server in
            let error = try await #require(throws: LLMError.self) { try await anthropic(server).respond(to: conversation) }
            #expect(error == .overloaded)
            #expect(error.statusCode == 529)
            #expect(error.requestID == "req_9")
            #expect(error.message == "Overloaded")
            #expect(await server.requests.count == 3)
        }
    }

    @Test("429 with retry-after then success")
    func retriesAfter429() async throws {
        let limited = ScriptedReply.reply(
            status: 429,
            headers: ["content-type": "application/json", "retry-after": "0"],
            body: #"{"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}"#
        )
        try await ScriptedProviderServer.with([limited, .reply(body: toolUseReply)]) { server in
            _ = try await anthropic(server).respond(to: conversation)
            #expect(await server.requests.count == 2)
        }
    }

    @Test("401: authentication error with the provider's message, key scrubbed")
    func authenticationError() async throws {
        let reply = ScriptedReply.reply(
            status: 401,
            body: #"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key \#(testKey)"}}"#
        )
        try await ScriptedProviderServer.with([reply]) { server in
            let error = try await #require(throws: LLMError.self) { try await anthropic(server).respond(to: conversation) }
            #expect(error == .authentication)
            #expect(error.providerErrorType == "authentication_error")
            #expect(error.message?.contains("invalid x-api-key") == true)
            #expect(!error.description.contains(testKey))
            #expect(!"\(error)".contains(testKey))
            #expect(await server.requests.count == 1)
        }
    }

    @Test("prompt too long is context_too_long")
    func promptTooLong() async throws {
        let reply = ScriptedReply.reply(
            status: 400,
            body: #"{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 215000 tokens > 200000 maximum"}}"#
        )
        try await ScriptedProviderServer.with([reply]) { server in
            let error = try await #require(throws: LLMError.self) { try await anthropic(server).respond(to: conversation) }
            #expect(error == .contextTooLong)
        }
    }

    @Test("an error event before any output is retried; one after output is not")
    func errorEvents() async throws {
        let start = ("message_start", #"{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-6","content":[],"stop_reason":null,"usage":{"input_tokens":10,"output_tokens":1}}}"#)
        let error = ("error", #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#)
        let earlyError = SSE.events([start, error])
        let text = [
            start,
            ("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#),
            ("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Partial"}}"#),
        ]
        let success = SSE.events(text + [
            ("content_block_stop", #"{"type":"content_block_stop","index":0}"#),
            ("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":3}}"#),
            ("message_stop", #"{"type":"message_stop"}"#),
        ])
        let lateError = SSE.events(text + [error])

        try await ScriptedProviderServer.with([.chunks([earlyError]), .chunks([success])]) { server in
            let (events, failure) = await collect(try anthropic(server).stream(conversation))
            #expect(failure == nil)
            #expect(events.first == .textDelta("Partial"))
            #expect(await server.requests.count == 2)
        }
        try await ScriptedProviderServer.with([.chunks([lateError]), .chunks([success])]) { server in
            let (events, failure) = await collect(try anthropic(server).stream(conversation))
            #expect(events == [.textDelta("Partial")])
            #expect((failure as? LLMError) == .overloaded)
            #expect(await server.requests.count == 1)
        }
    }

    @Test("a stream cut in the middle of a tool call")
    func streamCut() async throws {
        let body = SSE.events([
            ("message_start", #"{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-6","content":[],"stop_reason":null,"usage":{"input_tokens":10,"output_tokens":1}}}"#),
            ("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_1","name":"get_pod","input":{}}}"#),
            ("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"namespace\": \"pr"}}"#),
        ])
        try await ScriptedProviderServer.with([.cut([body])]) { server in
            let (events, failure) = await collect(try anthropic(server).stream(conversation))
            #expect(events.first == .toolCallStarted(index: 0, id: "toolu_1", name: "get_pod"))
            #expect(!events.contains { if case .toolCall = $0 { true } else { false } })
            #expect((failure as? LLMError) == .streamInterrupted)
            #expect(await server.requests.count == 1)
        }
    }

    @Test("a non-streamed tool_use with an unknown tool is flagged, not thrown")
    func unknownTool() async throws {
        let reply = #"{"id":"m","type":"message","role":"assistant","model":"claude-sonnet-4-6","content":[{"type":"tool_use","id":"toolu_9","name":"drain_node","input":{"node":"n1"}}],"stop_reason":"tool_use","usage":{"input_tokens":5,"output_tokens":1}}"#
        try await ScriptedProviderServer.with([.reply(body: reply)]) { server in
            let response = try await anthropic(server).respond(to: conversation)
            let call = try #require(response.toolCalls.first)
            #expect(call.issue == .unknownTool(available: ["get_pod", "get_pod_logs"]))
            #expect(ToolResult(rejecting: call).isError)
        }
    }
}

@Suite("Redirects")
struct RedirectTests {
    @Test("with HTTPClient.makeForLLM a redirect is reported, not followed with the key")
    func redirectNotFollowed() async throws {
        let redirect = ScriptedReply.reply(
            status: 307,
            headers: ["location": "http://127.0.0.1:9/elsewhere/v1/messages"],
            body: ""
        )
        try await ScriptedProviderServer.with([redirect]) { server in
            let httpClient = HTTPClient.makeForLLM()
            do {
                let client = try AnthropicClient(
                    configuration: LLMConfiguration(provider: .anthropic, baseURL: server.baseURL, apiKey: APIKey(testKey)),
                    httpClient: httpClient
                )
                let error = try await #require(throws: LLMError.self) {
                    try await client.respond(to: ChatRequest(messages: [.user("hi")]))
                }
                #expect(error == .invalidConfiguration)
                #expect(error.statusCode == 307)
                #expect(error.message?.contains("redirected to http://127.0.0.1:9/elsewhere") == true)
                #expect(await server.requests.count == 1)
            } catch {
                try await httpClient.shutdown()
                throw error
            }
            try await httpClient.shutdown()
        }
    }
}
