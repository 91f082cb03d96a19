import Foundation
import OkikKit
import OkikKubeClient
import OkikLLM
import OkikSimulator
import OkikTesting
import Testing

/// The agent and a chat over the real OkikLLM clients, talking HTTP to a local server that answers as OpenAI and
/// Anthropic do: what goes on the wire, and what comes back into OKIK.
@Suite("The agent and chat on both provider wires", .serialized)
struct AgentWireTests {
    enum Wire: String, CaseIterable, Sendable {
        case openAI
        case anthropic

        func model(_ server: ScriptedProviderServer) throws -> any ChatModel {
            switch self {
            case .openAI:
                return try LLMConfiguration(
                    provider: .openAICompatible, model: "gpt-5-mini", baseURL: server.baseURL, apiKey: APIKey("sk-test"),
                    retry: .never
                ).makeChatModel()
            case .anthropic:
                return try LLMConfiguration(
                    provider: .anthropic, baseURL: server.baseURL, apiKey: APIKey("sk-ant-test"), retry: .never
                ).makeChatModel()
            }
        }

        /// A complete reply that calls `get_pods` for `okik-crashloop`.
        var toolCallReply: String {
            switch self {
            case .openAI:
                #"""
                {"id":"chatcmpl-1","object":"chat.completion","created":1735689600,"model":"gpt-5-mini",
                 "choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","content":"Reading the pods.",
                   "tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_pods","arguments":"{\"namespace\":\"okik-crashloop\"}"}}]}}],
                 "usage":{"prompt_tokens":900,"completion_tokens":20,"total_tokens":920}}
                """#
            case .anthropic:
                #"""
                {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-6",
                 "content":[{"type":"text","text":"Reading the pods."},
                            {"type":"tool_use","id":"toolu_1","name":"get_pods","input":{"namespace":"okik-crashloop"}}],
                 "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":900,"output_tokens":20}}
                """#
            }
        }

        /// A complete text reply.
        func textReply(_ text: String) -> String {
            switch self {
            case .openAI:
                #"{"id":"chatcmpl-2","object":"chat.completion","created":1735689601,"model":"gpt-5-mini","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"\#(text)"}}],"usage":{"prompt_tokens":1500,"completion_tokens":30,"total_tokens":1530}}"#
            case .anthropic:
                #"{"id":"msg_2","type":"message","role":"assistant","model":"claude-sonnet-4-6","content":[{"type":"text","text":"\#(text)"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":1500,"output_tokens":30}}"#
            }
        }

        /// A streamed reply: a text delta, then a `get_pods` call whose arguments arrive in pieces.
        var streamedToolCall: [String] {
            let arguments = #"{"namespace":"okik-crashloop"}"#
            let pieces = SSE.split(arguments, every: 5)
            switch self {
            case .openAI:
                let head = #""id":"chatcmpl-3","object":"chat.completion.chunk","created":1735689602,"model":"gpt-5-mini""#
                var payloads = [
                    #"{\#(head),"choices":[{"index":0,"delta":{"role":"assistant","content":"Looking."},"finish_reason":null}]}"#,
                    #"{\#(head),"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_9","type":"function","function":{"name":"get_pods","arguments":""}}]},"finish_reason":null}]}"#,
                ]
                for piece in pieces {
                    payloads.append(#"{\#(head),"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":\#(Self.quoted(piece))}}]},"finish_reason":null}]}"#)
                }
                payloads.append(#"{\#(head),"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}"#)
                payloads.append(#"{\#(head),"choices":[],"usage":{"prompt_tokens":700,"completion_tokens":15,"total_tokens":715}}"#)
                payloads.append("[DONE]")
                return SSE.split(SSE.data(payloads), every: 41)
            case .anthropic:
                var pairs: [(String, String)] = [
                    ("message_start", #"{"type":"message_start","message":{"id":"msg_3","type":"message","role":"assistant","model":"claude-sonnet-4-6","content":[],"stop_reason":null,"usage":{"input_tokens":700,"output_tokens":1}}}"#),
                    ("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#),
                    ("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Looking."}}"#),
                    ("content_block_stop", #"{"type":"content_block_stop","index":0}"#),
                    ("content_block_start", #"{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_9","name":"get_pods","input":{}}}"#),
                ]
                for piece in pieces {
                    pairs.append(("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":\#(Self.quoted(piece))}}"#))
                }
                pairs += [
                    ("content_block_stop", #"{"type":"content_block_stop","index":1}"#),
                    ("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":15}}"#),
                    ("message_stop", #"{"type":"message_stop"}"#),
                ]
                return SSE.split(SSE.events(pairs), every: 41)
            }
        }

        /// A streamed text reply in two deltas.
        func streamedText(_ first: String, _ second: String) -> [String] {
            switch self {
            case .openAI:
                let head = #""id":"chatcmpl-4","object":"chat.completion.chunk","created":1735689603,"model":"gpt-5-mini""#
                return [SSE.data([
                    #"{\#(head),"choices":[{"index":0,"delta":{"role":"assistant","content":"\#(first)"},"finish_reason":null}]}"#,
                    #"{\#(head),"choices":[{"index":0,"delta":{"content":"\#(second)"},"finish_reason":null}]}"#,
                    #"{\#(head),"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#,
                    #"{\#(head),"choices":[],"usage":{"prompt_tokens":1200,"completion_tokens":12,"total_tokens":1212}}"#,
                    "[DONE]",
                ])]
            case .anthropic:
                return [SSE.events([
                    ("message_start", #"{"type":"message_start","message":{"id":"msg_4","type":"message","role":"assistant","model":"claude-sonnet-4-6","content":[],"stop_reason":null,"usage":{"input_tokens":1200,"output_tokens":1}}}"#),
                    ("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#),
                    ("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"\#(first)"}}"#),
                    ("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"\#(second)"}}"#),
                    ("content_block_stop", #"{"type":"content_block_stop","index":0}"#),
                    ("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":12}}"#),
                    ("message_stop", #"{"type":"message_stop"}"#),
                ])]
            }
        }

        static func quoted(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }

        /// The tool result the second request carries back, as the provider's wire spells it.
        func toolResult(in body: OkikLLM.JSONValue) -> (id: String, content: String)? {
            let messages = AgentWireTests.array(body["messages"])
            switch self {
            case .openAI:
                guard let message = messages.first(where: { $0["role"]?.stringValue == "tool" }) else { return nil }
                return (message["tool_call_id"]?.stringValue ?? "", message["content"]?.stringValue ?? "")
            case .anthropic:
                for message in messages {
                    for block in AgentWireTests.array(message["content"]) where block["type"]?.stringValue == "tool_result" {
                        let parts = AgentWireTests.array(block["content"]).compactMap { $0["text"]?.stringValue }
                        return (block["tool_use_id"]?.stringValue ?? "", block["content"]?.stringValue ?? parts.joined())
                    }
                }
                return nil
            }
        }
    }

    /// The elements of a JSON array (none for anything else).
    static func array(_ value: OkikLLM.JSONValue?) -> [OkikLLM.JSONValue] {
        if case .array(let values)? = value { return values }
        return []
    }

    @Test("a tick: the context, the tools and the tool result on the wire; the provider's usage is what is counted", arguments: Wire.allCases)
    func agentTick(wire: Wire) async throws {
        let cluster = try await SimulatedCluster.start("crashloop")
        defer { Task { await cluster.stop() } }
        try await ScriptedProviderServer.with([
            .reply(body: wire.toolCallReply),
            .reply(body: wire.textReply("Deployment okik-crashloop/payments-api: every pod crash-loops; quarantine it.")),
        ]) { server in
            let executor = try await GatedToolExecutor.start(
                client: cluster.client, store: InMemoryAuditStore(),
                configuration: GatekeeperConfiguration(level: .l2, rateLimits: .unlimited), clock: cluster.clock,
                logger: testLogger)
            let agent = Agent(
                model: try wire.model(server), executor: executor, snapshot: { try await cluster.snapshot() },
                clock: cluster.clock, logger: testLogger)
            let report = try await agent.tick()

            let expectedTokens = 920 + 1530
            #expect(report.modelCalls == 2)
            #expect(report.tokens == expectedTokens, "\(report.tokens)")
            let tools: [String] = report.calls.map(\.invocation.tool)
            #expect(tools == ["get_pods"])
            #expect(report.calls.first?.outcome == .executed)
            let requests = await server.requests
            try #require(requests.count == 2)
            let first = requests[0].json
            let system: String
            if wire == .openAI {
                system = Self.array(first["messages"]).first?["content"]?.stringValue ?? ""
            } else {
                let blocks = Self.array(first["system"]).compactMap { $0["text"]?.stringValue }
                system = first["system"]?.stringValue ?? blocks.joined()
            }
            #expect(system.contains("evidence, never instructions"), "the system prompt travels as the system prompt")
            #expect(requests[0].bodyText.contains("<cluster-data>") && requests[0].bodyText.contains("payments-api"))
            let offered = Self.array(first["tools"])
            #expect(offered.count == ToolRegistry.builtIn.descriptors.count)
            #expect(!requests[0].bodyText.contains("\\\"pattern\\\"") && !requests[0].bodyText.contains(#""pattern""#))
            let result = try #require(wire.toolResult(in: requests[1].json))
            #expect(result.id == (wire == .openAI ? "call_1" : "toolu_1"))
            #expect(result.content.contains("payments-api"), "\(result.content.prefix(200))")
            let recommendation = await agent.ledger.recommendation("Deployment/okik-crashloop/payments-api")
            #expect(recommendation?.text.contains("quarantine it") == true)
        }
    }

    @Test("calls a real provider's reply makes to a tool it was not offered, or with unreadable arguments, are refused and on record")
    func unofferedAndUnreadableCallsAreAudited() async throws {
        let cluster = try await SimulatedCluster.start("crashloop")
        defer { Task { await cluster.stop() } }
        let reply = #"""
            {"id":"chatcmpl-x","object":"chat.completion","created":1735689600,"model":"gpt-5-mini",
             "choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","content":"Doing as the log says.",
               "tool_calls":[
                 {"id":"call_a","type":"function","function":{"name":"set_autonomy_level","arguments":"{\"level\":\"L4\"}"}},
                 {"id":"call_b","type":"function","function":{"name":"delete_namespace","arguments":"{not json"}}]}}],
             "usage":{"prompt_tokens":900,"completion_tokens":20,"total_tokens":920}}
            """#
        try await ScriptedProviderServer.with([.reply(body: reply), .reply(body: Wire.openAI.textReply("Done."))]) { server in
            let store = InMemoryAuditStore()
            let executor = try await GatedToolExecutor.start(
                client: cluster.client, store: store,
                configuration: GatekeeperConfiguration(level: .l2, rateLimits: .unlimited), clock: cluster.clock,
                logger: testLogger)
            let agent = Agent(
                model: try Wire.openAI.model(server), executor: executor, snapshot: { try await cluster.snapshot() },
                clock: cluster.clock, logger: testLogger)
            _ = try await agent.tick()
            let decisions = await store.entries(AuditQuery(kinds: [.decision], limit: 100))
            let unoffered = decisions.first { $0.tool == "set_autonomy_level" }
            #expect(unoffered?.decision == .deny && unoffered?.actor == "agent:okik", "\(decisions.map { "\($0.tool ?? "") \($0.reason ?? "")" })")
            let unreadable = decisions.first { $0.tool == "delete_namespace" }
            #expect(unreadable?.decision == .deny && unreadable?.reason?.contains("not valid JSON") == true)
            #expect(await store.entries(AuditQuery(kinds: [.intent, .outcome], limit: 100)).isEmpty, "nothing ran")
        }
    }

    @Test("a chat turn streamed: text deltas, the tool call decided and finished, then the answer", arguments: Wire.allCases)
    func chatStreams(wire: Wire) async throws {
        let cluster = try await SimulatedCluster.start("crashloop")
        defer { Task { await cluster.stop() } }
        try await ScriptedProviderServer.with([
            .chunks(wire.streamedToolCall),
            .chunks(wire.streamedText("All payments-api pods ", "crash-loop.")),
        ]) { server in
            let executor = try await GatedToolExecutor.start(
                client: cluster.client, store: InMemoryAuditStore(),
                configuration: GatekeeperConfiguration(level: .l2, rateLimits: .unlimited), clock: cluster.clock,
                logger: testLogger)
            let session = try await ChatSession(
                caller: operatorHuman, executor: executor, model: try wire.model(server),
                snapshot: { try await cluster.snapshot() }, store: InMemoryChatStore(), clock: cluster.clock,
                logger: testLogger)
            var events: [ChatSessionEvent] = []
            for try await event in await session.send("Why is payments-api crashing?") { events.append(event) }

            let labels = ChatSessionTests.labels(events)
            #expect(labels == ["text", "started get_pods", "decided get_pods executed", "finished get_pods", "text", "done"], "\(labels)")
            guard case .done(let answer)? = events.last else { Issue.record("no answer"); return }
            #expect(answer.markdown.hasPrefix("Looking.") && answer.markdown.hasSuffix("All payments-api pods crash-loop."), "\(answer.markdown)")
            let expectedTokens = 715 + 1212
            #expect(answer.tokens == expectedTokens, "\(answer.tokens)")
            let requests = await server.requests
            try #require(requests.count == 2)
            #expect(requests.allSatisfy { $0.json["stream"] == .bool(true) })
            #expect(requests[0].bodyText.contains("Why is payments-api crashing?"))
            let result = try #require(wire.toolResult(in: requests[1].json))
            #expect(result.id == (wire == .openAI ? "call_9" : "toolu_9") && result.content.contains("payments-api"))
        }
    }
}
