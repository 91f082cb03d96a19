import Foundation
import Testing

@testable import OkikLLM

@Suite("Model types and usage")
struct ModelTests {
    @Test("JSONValue round-trips and keeps integers apart from doubles")
    func jsonValue() throws {
        let text = #"{"a":[1,2.5,true,null,"x"],"b":{"c":-3}}"#
        let value = try JSONValue(parsing: text)
        #expect(value == ["a": [1, 2.5, true, .null, "x"], "b": ["c": -3]])
        #expect(value.jsonString == text)
        #expect(throws: (any Error).self) { try JSONValue(parsing: "{nope") }
        struct Input: Decodable, Equatable { var namespace: String; var replicas: Int }
        let call = ToolCall(id: "1", name: "scale", rawArguments: #" {"namespace":"prod","replicas":3} "#)
        #expect(try call.decodeArguments(as: Input.self) == Input(namespace: "prod", replicas: 3))
    }

    @Test("tool calls: empty arguments mean {}, bad ones are kept with an issue")
    func toolCalls() {
        #expect(ToolCall(id: "1", name: "t", rawArguments: "").arguments == [:])
        #expect(ToolCall(id: "1", name: "t", rawArguments: "").isValid)
        let bad = ToolCall(id: "1", name: "t", rawArguments: "{\"a\":")
        #expect(bad.issue == .malformedArguments && bad.rawArguments == "{\"a\":")
        let unknown = ToolCall(id: "2", name: "nope", arguments: [:]).validated(against: [ToolDefinition(name: "t", description: "")])
        #expect(unknown.issue == .unknownTool(available: ["t"]))
        #expect(ToolResult(rejecting: unknown) == ToolResult(callID: "2", content: "Error: there is no tool named 'nope'. Available tools: t.", isError: true))
    }

    @Test("usage is tracked per model and in total, and priced by longest prefix")
    func usage() async {
        let tracker = UsageTracker()
        await tracker.record(TokenUsage(inputTokens: 1_000_000, outputTokens: 100_000, cachedInputTokens: 500_000), model: "gpt-5-mini-2025-08-07")
        await tracker.record(TokenUsage(inputTokens: 10, outputTokens: 5), model: "claude-sonnet-4-6")
        await tracker.record(TokenUsage(inputTokens: 20, outputTokens: 5), model: "claude-sonnet-4-6")
        #expect(await tracker.requestCount == 3)
        #expect(await tracker.total == TokenUsage(inputTokens: 1_000_030, outputTokens: 100_010, cachedInputTokens: 500_000))
        #expect(await tracker.byModel.map(\.requests) == [2, 1])
        #expect(await tracker.lastRequest == TokenUsage(inputTokens: 20, outputTokens: 5))

        let table = PriceTable.builtIn
        #expect(table.price(for: "gpt-5-mini-2025-08-07") == table.prices["gpt-5-mini"])
        // 500k uncached × 0.25 + 500k cached × 0.025 + 100k output × 2.00, per million.
        let cost = table.cost(of: TokenUsage(inputTokens: 1_000_000, outputTokens: 100_000, cachedInputTokens: 500_000), model: "gpt-5-mini")
        #expect(cost.map { abs($0 - 0.3375) < 1e-9 } == true)
        #expect(table.cost(of: .zero, model: "mystery-model") == nil)
        #expect(await tracker.estimatedCost(using: PriceTable(prices: [:])) == nil)
        let custom = try? PriceTable(json: #"{"local":{"input":0,"output":0}}"#)
        #expect(custom?.cost(of: TokenUsage(inputTokens: 5), model: "local-llama") == 0)
    }

    @Test("errors compare by kind and describe themselves briefly")
    func errors() {
        let error = LLMError.rateLimited(retryAfter: .milliseconds(1500), message: "slow down")
        #expect(error == .rateLimited)
        #expect(error != .overloaded)
        #expect(error.shortDescription == "rate_limited")
        #expect(error.isRetryable)
        #expect(error.description == "LLMError.rate_limited: slow down; retry after 1.5s")
        #expect(!LLMError.authentication.isRetryable)
        #expect(!LLMError.authentication.suggestion.isEmpty)
    }
}
