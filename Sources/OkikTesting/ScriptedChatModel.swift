import Foundation
import OkikLLM
import Synchronization

/// A ``ChatModel`` that answers from a script instead of a provider: for tests, examples and benchmarks that need a
/// model without a network. It records every request and counts tokens the way OKIK estimates them (four bytes of
/// UTF-8 a token), reporting them as the provider's usage.
///
/// ```swift
/// let model = ScriptedChatModel { request, turn in
///     turn == 0 ? .toolCalls([("get_pods", ["namespace": "shop"])]) : .text("All pods run.")
/// }
/// ```
public final class ScriptedChatModel: ChatModel {
    /// One scripted answer.
    public enum Answer: Sendable {
        /// A text answer; the conversation ends.
        case text(String)
        /// Tool calls (name and JSON arguments), with optional text.
        case toolCalls([(name: String, arguments: JSONValue)], text: String = "")
        /// Tool calls with argument text exactly as a model wrote it (possibly not JSON), with optional text.
        case rawToolCalls([(name: String, rawArguments: String)], text: String = "")
        /// A failure, as a provider would report it.
        case failure(LLMError)
    }

    /// The model id it reports.
    public let model: String
    private let script: @Sendable (ChatRequest, Int) -> Answer
    private let state = Mutex<(requests: [ChatRequest], usage: TokenUsage, calls: Int)>(([], .zero, 0))

    /// A model that answers each request with `script(request, turn)`, `turn` counting from 0 across all requests.
    public init(model: String = "scripted-model", script: @escaping @Sendable (ChatRequest, Int) -> Answer) {
        self.model = model
        self.script = script
    }

    /// A model that replays a transcript: the first request gets the first answer, and so on; after the last, every
    /// request gets `"Nothing more to do."`.
    public convenience init(model: String = "scripted-model", transcript: [Answer]) {
        self.init(model: model) { _, turn in turn < transcript.count ? transcript[turn] : .text("Nothing more to do.") }
    }

    /// Every request received, in order.
    public var requests: [ChatRequest] { state.withLock { $0.requests } }
    /// How many requests were answered.
    public var calls: Int { state.withLock { $0.calls } }
    /// The tokens counted so far.
    public var usage: TokenUsage { state.withLock { $0.usage } }

    /// Answers from the script.
    public func respond(to request: ChatRequest) async throws -> ChatResponse {
        let turn = state.withLock { state in
            state.requests.append(request)
            state.calls += 1
            return state.calls - 1
        }
        let answer = script(request, turn)
        let input = Self.tokens(Self.text(of: request))
        let response: ChatResponse
        switch answer {
        case .text(let text):
            response = ChatResponse(model: model, text: text, finishReason: .stop)
        case .toolCalls(let calls, let text):
            response = ChatResponse(
                model: model, text: text,
                toolCalls: calls.enumerated().map { index, call in
                    ToolCall(id: "call_\(turn)_\(index)", name: call.name, arguments: call.arguments)
                },
                finishReason: .toolCalls)
        case .rawToolCalls(let calls, let text):
            response = ChatResponse(
                model: model, text: text,
                toolCalls: calls.enumerated().map { index, call in
                    ToolCall(id: "call_\(turn)_\(index)", name: call.name, rawArguments: call.rawArguments)
                },
                finishReason: .toolCalls)
        case .failure(let error):
            throw error
        }
        let output = Self.tokens(response.text + response.toolCalls.map { $0.name + $0.rawArguments }.joined())
        let usage = TokenUsage(inputTokens: input, outputTokens: output)
        state.withLock { $0.usage += usage }
        var reported = response
        reported.usage = usage
        return reported
    }

    /// Streams the scripted answer as one text delta, its tool calls, the usage, and the finished reply.
    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatEvent, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let response = try await self.respond(to: request)
                    if !response.text.isEmpty { continuation.yield(.textDelta(response.text)) }
                    for (index, call) in response.toolCalls.enumerated() {
                        continuation.yield(.toolCallStarted(index: index, id: call.id, name: call.name))
                        continuation.yield(.toolCall(call))
                    }
                    continuation.yield(.usage(response.usage))
                    continuation.yield(.finished(response))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// All the text of a request: system prompt, messages and tool definitions.
    public static func text(of request: ChatRequest) -> String {
        var parts: [String] = [request.systemPrompt ?? ""]
        parts += request.messages.map(\.carriedText)
        parts += request.tools.map { $0.name + $0.description + $0.inputSchema.jsonString }
        return parts.joined(separator: "\n")
    }

    /// Four bytes of UTF-8 a token, rounded up.
    public static func tokens(_ text: String) -> Int { (text.utf8.count + 3) / 4 }
}
