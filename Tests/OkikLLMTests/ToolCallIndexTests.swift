import Foundation
import OkikLLM
import OkikTesting
import Testing

/// `toolCallStarted` and `toolCallArgumentsDelta` carry the same index on both wires: the call's 0-based position
/// among the reply's tool calls, in the order they started (Anthropic numbers content blocks, text included; OpenAI
/// numbers tool calls, and some compatible servers start anywhere).
@Suite("Tool-call indexes in streams")
struct ToolCallIndexTests {
    static let tools = [
        ToolDefinition(name: "get_pod", description: "Fetch a pod", inputSchema: ["type": "object"]),
        ToolDefinition(name: "get_events", description: "List events", inputSchema: ["type": "object"]),
    ]
    static let request = ChatRequest(messages: [.user("Why is api-7d9 crashing?")], tools: tools)

    /// Text first, then two tool calls whose arguments interleave.
    static func body(_ wire: Wire, firstWireIndex: Int = 0) -> String {
        switch wire {
        case .anthropic:
            return SSE.events([
                ("message_start", #"{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-6","content":[],"stop_reason":null,"usage":{"input_tokens":10,"output_tokens":1}}}"#),
                ("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#),
                ("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Checking."}}"#),
                ("content_block_stop", #"{"type":"content_block_stop","index":0}"#),
                ("content_block_start", #"{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_A","name":"get_pod","input":{}}}"#),
                ("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"name\":"}}"#),
                ("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"\"api\"}"}}"#),
                ("content_block_stop", #"{"type":"content_block_stop","index":1}"#),
                ("content_block_start", #"{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_B","name":"get_events","input":{}}}"#),
                ("content_block_delta", #"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{}"}}"#),
                ("content_block_stop", #"{"type":"content_block_stop","index":2}"#),
                ("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":20}}"#),
                ("message_stop", #"{"type":"message_stop"}"#),
            ])
        case .openAICompatible:
            let head = #""id":"c","object":"chat.completion.chunk","created":1,"model":"m""#
            func call(_ index: Int, _ fields: String) -> String {
                #"{\#(head),"choices":[{"index":0,"delta":{"tool_calls":[{"index":\#(index),\#(fields)}]},"finish_reason":null}]}"#
            }
            let first = firstWireIndex
            return SSE.data([
                #"{\#(head),"choices":[{"index":0,"delta":{"role":"assistant","content":"Checking."},"finish_reason":null}]}"#,
                call(first, #""id":"call_A","type":"function","function":{"name":"get_pod","arguments":"{\"name\":"}"#),
                call(first + 1, #""id":"call_B","type":"function","function":{"name":"get_events","arguments":""}"#),
                call(first, #""function":{"arguments":"\"api\"}"}"#),
                call(first + 1, #""function":{"arguments":"{}"}"#),
                #"{\#(head),"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}"#,
                "[DONE]",
            ])
        }
    }

    /// The indexes of the started calls, and the arguments gathered per index.
    static func indexes(_ events: [ChatEvent]) -> (started: [Int], names: [String], arguments: [Int: String]) {
        var started: [Int] = []
        var names: [String] = []
        var arguments: [Int: String] = [:]
        for event in events {
            switch event {
            case .toolCallStarted(let index, _, let name):
                started.append(index)
                names.append(name)
            case .toolCallArgumentsDelta(let index, let fragment):
                arguments[index, default: ""] += fragment
            default:
                break
            }
        }
        return (started, names, arguments)
    }

    @Test("the same indexes on both wires", arguments: Wire.allCases)
    func sameIndexes(_ wire: Wire) async throws {
        try await ScriptedProviderServer.with([.chunks(SSE.split(Self.body(wire), every: 41))]) { server in
            let (events, error) = await collect(try wire.client(server).stream(Self.request))
            #expect(error == nil)
            let seen = Self.indexes(events)
            #expect(seen.started == [0, 1])
            #expect(seen.names == ["get_pod", "get_events"])
            #expect(seen.arguments == [0: #"{"name":"api"}"#, 1: "{}"])
            guard case .finished(let response)? = events.last else {
                Issue.record("no .finished event")
                return
            }
            // The index is the position in the reply's tool calls.
            #expect(response.toolCalls.map(\.name) == seen.names)
        }
    }

    @Test("an OpenAI-compatible server that numbers tool calls from 1 still yields 0 and 1")
    func compatibleServerStartingAtOne() async throws {
        let body = Self.body(.openAICompatible, firstWireIndex: 1)
        try await ScriptedProviderServer.with([.chunks([body])]) { server in
            let (events, error) = await collect(try Wire.openAICompatible.client(server).stream(Self.request))
            #expect(error == nil)
            #expect(Self.indexes(events).started == [0, 1])
            #expect(Self.indexes(events).arguments == [0: #"{"name":"api"}"#, 1: "{}"])
        }
    }

    @Test("a hostile server's tool-call index of Int.max, then a delta without one, is a malformed reply, not a trap")
    func hugeWireIndex() async throws {
        let head = #""id":"c","object":"chat.completion.chunk","created":1,"model":"m""#
        let body = SSE.data([
            #"{\#(head),"choices":[{"index":0,"delta":{"tool_calls":[{"index":9223372036854775807,"id":"call_A","type":"function","function":{"name":"get_pod","arguments":""}}]},"finish_reason":null}]}"#,
            #"{\#(head),"choices":[{"index":0,"delta":{"tool_calls":[{"id":"call_B","type":"function","function":{"name":"get_events","arguments":"{}"}}]},"finish_reason":null}]}"#,
            #"{\#(head),"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}"#,
            "[DONE]",
        ])
        try await ScriptedProviderServer.with([.chunks([body])]) { server in
            let (_, error) = await collect(try Wire.openAICompatible.client(server).stream(Self.request))
            let llmError = try #require(error as? LLMError)
            #expect(llmError == .malformedReply)
            #expect(llmError.message?.contains("index") == true)
        }
    }
}
