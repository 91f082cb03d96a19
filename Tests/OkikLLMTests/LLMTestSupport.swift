import Foundation
import OkikLLM
import OkikTesting
import Testing

/// Collects every event of a stream, or the error that ended it.
func collect(_ stream: AsyncThrowingStream<ChatEvent, any Error>) async -> (events: [ChatEvent], error: (any Error)?) {
    var events: [ChatEvent] = []
    do {
        for try await event in stream { events.append(event) }
        return (events, nil)
    } catch {
        return (events, error)
    }
}

/// A retry policy for tests: real but tiny waits.
let fastRetry = RetryPolicy(maxAttempts: 3, initialBackoff: .milliseconds(5), maxBackoff: .milliseconds(20))

let testKey = "sk-test-SECRET-0123456789abcdefXYZ"

/// The two wire protocols, for tests that must behave the same on both.
enum Wire: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case openAICompatible
    case anthropic

    var testDescription: String { rawValue }

    /// A client for this wire against `server`.
    func client(
        _ server: ScriptedProviderServer, apiKey: String? = testKey, retry: RetryPolicy = .never
    ) throws -> any ChatModel {
        switch self {
        case .openAICompatible:
            return try OpenAIClient(
                configuration: LLMConfiguration(
                    provider: .openAICompatible, model: "llama3.1", baseURL: server.baseURL,
                    apiKey: apiKey.map(APIKey.init), retry: retry))
        case .anthropic:
            return try AnthropicClient(
                configuration: LLMConfiguration(
                    provider: .anthropic, baseURL: server.baseURL, apiKey: apiKey.map(APIKey.init), retry: retry))
        }
    }
}
