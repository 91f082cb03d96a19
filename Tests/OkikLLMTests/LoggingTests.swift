import Foundation
import Logging
import OkikLLM
import OkikTesting
import Testing

/// Captures every log line and its metadata as text.
private final class CapturedLogs: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    func append(_ line: String) {
        lock.lock()
        lines.append(line)
        lock.unlock()
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return lines
    }
}

private struct CapturingHandler: LogHandler {
    let logs: CapturedLogs
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        logs.append("\(event.level) \(event.message) \(merged)")
    }
}

@Suite("Logging")
struct LoggingTests {
    @Test("requests, failures and retries are logged under okik.llm.* metadata, never with the key")
    func keyNeverLogged() async throws {
        let logs = CapturedLogs()
        let logger = Logger(label: LLMLogging.label) { _ in CapturingHandler(logs: logs) }
        let unauthorized = ScriptedReply.reply(
            status: 401,
            body: #"{"error":{"message":"Incorrect API key provided: \#(testKey).","type":"invalid_request_error","code":"invalid_api_key"}}"#
        )
        let overloaded = ScriptedReply.reply(status: 503, body: #"{"error":{"message":"Slow Down","code":"slow_down"}}"#)
        try await ScriptedProviderServer.with([overloaded, unauthorized]) { server in
            let client = try OpenAIClient(
                configuration: LLMConfiguration(
                    provider: .openAI,
                    baseURL: server.baseURL,
                    apiKey: APIKey(testKey),
                    retry: fastRetry
                ),
                logger: logger
            )
            await #expect(throws: LLMError.authentication) {
                try await client.respond(to: ChatRequest(messages: [.user("hi")]))
            }
        }
        let lines = logs.all
        #expect(lines.contains { $0.contains("will be retried") && $0.contains("overloaded") })
        #expect(lines.contains { $0.contains("okik.llm.status") && $0.contains("401") })
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { !$0.contains(testKey) })
    }
}
