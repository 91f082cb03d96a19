// Asks a model one question with one tool (`get_time`), runs the tool locally, sends the result back and
// prints the answer.
//
//   OPENAI_API_KEY=... swift run AskOneQuestion "What time is it in Tokyo?"
//   ANTHROPIC_API_KEY=... swift run AskOneQuestion --provider anthropic --stream "Time in Lima?"
//   swift run AskOneQuestion --provider ollama --model llama3.1 "What time is it in Paris?"
//
// Flags: --provider NAME, --model ID, --base-url URL, --config FILE, --stream. The environment variables of
// LLMConfiguration.resolve apply too (OKIK_LLM_PROVIDER, OKIK_LLM_MODEL, OKIK_LLM_BASE_URL, ...).
import Foundation
import OkikLLM

@main
struct AskOneQuestion {
    static func main() async {
        var overrides = LLMConfiguration.Overrides()
        var file: String?
        var streaming = false
        var words: [String] = []
        var arguments = CommandLine.arguments.dropFirst()
        while let argument = arguments.popFirst() {
            switch argument {
            case "--provider": overrides.provider = arguments.popFirst()
            case "--model": overrides.model = arguments.popFirst()
            case "--base-url": overrides.baseURL = arguments.popFirst()
            case "--config": file = arguments.popFirst()
            case "--stream": streaming = true
            case "-h", "--help":
                print(
                    "usage: AskOneQuestion [--provider NAME] [--model ID] [--base-url URL] [--config FILE] [--stream]"
                        + " QUESTION"
                )
                return
            default: words.append(argument)
            }
        }
        let question = words.isEmpty ? "What time is it in Tokyo right now?" : words.joined(separator: " ")

        let tracker = UsageTracker()
        let model: any ChatModel
        do {
            let configuration = try LLMConfiguration.resolve(file: file, overrides: overrides)
            model = try configuration.makeChatModel(usageTracker: tracker)
        } catch {
            fail(error)
        }

        let getTime = ToolDefinition(
            name: "get_time",
            description: "Returns the current date and time in an IANA time zone such as Asia/Tokyo.",
            inputSchema: [
                "type": "object",
                "properties": ["time_zone": ["type": "string", "description": "IANA time zone id"]],
                "required": ["time_zone"],
            ]
        )
        var request = ChatRequest(
            systemPrompt: "Answer briefly. Use the get_time tool for anything about the current time.",
            messages: [.user(question)],
            tools: [getTime]
        )
        do {
            for _ in 0..<5 {
                let reply: ChatResponse
                if streaming {
                    reply = try await model.respondStreaming(to: request) { event in
                        if case .textDelta(let text) = event { print(text, terminator: "") }
                    }
                    if !reply.text.isEmpty { print() }
                } else {
                    reply = try await model.respond(to: request)
                    if !reply.text.isEmpty { print(reply.text) }
                }
                request.messages.append(reply.message)
                if reply.toolCalls.isEmpty { break }
                for call in reply.toolCalls {
                    let result = call.isValid ? runGetTime(call) : ToolResult(rejecting: call)
                    let line = "[tool] \(call.name)(\(call.rawArguments)) -> \(result.content)\n"
                    FileHandle.standardError.write(Data(line.utf8))
                    request.messages.append(.tool(result))
                }
            }
        } catch {
            fail(error)
        }
        let total = await tracker.total
        let requests = await tracker.requestCount
        let summary = "[usage] \(requests) request(s), \(total.inputTokens) input tokens"
            + " (\(total.cachedInputTokens) cached), \(total.outputTokens) output tokens\n"
        FileHandle.standardError.write(Data(summary.utf8))
    }

    /// The one tool: the current time in a time zone.
    static func runGetTime(_ call: ToolCall) -> ToolResult {
        struct Input: Decodable {
            var time_zone: String
        }
        guard let input = try? call.decodeArguments(as: Input.self) else {
            return ToolResult(callID: call.id, content: "Error: expected {\"time_zone\": \"Area/City\"}", isError: true)
        }
        guard let zone = TimeZone(identifier: input.time_zone) else {
            return ToolResult(callID: call.id, content: "Error: unknown time zone \(input.time_zone)", isError: true)
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ssXXXXX (EEEE)"
        return ToolResult(callID: call.id, content: formatter.string(from: Date()))
    }

    static func fail(_ error: any Error) -> Never {
        var message = "error: \(error)"
        if let error = error as? LLMError {
            if error == .missingAPIKey {
                message = """
                    No API key is configured. Set OPENAI_API_KEY (OpenAI) or ANTHROPIC_API_KEY (Anthropic), \
                    or choose a local server: --provider ollama --model llama3.1
                    """
            } else {
                message += "\n" + error.suggestion
            }
        }
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(1)
    }
}
