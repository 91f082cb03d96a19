import Foundation
import OkikLLM
import OkikTesting
import Testing

private let question = ChatRequest(messages: [.user("Why is pod api-7d9 crashing?")])

@Suite("Provider errors: types, shapes and hints")
struct ProviderErrorTests {
    // MARK: c. the provider's error type, not a numeric code

    @Test("llama.cpp sends a numeric code and a type: the type is shown")
    func llamaCppNumericCode() async throws {
        let reply = ScriptedReply.reply(
            status: 401,
            body: #"{"error":{"code":401,"message":"Invalid API Key","type":"authentication_error"}}"#)
        try await ScriptedProviderServer.with([reply]) { server in
            let error = try await #require(throws: LLMError.self) {
                try await Wire.openAICompatible.client(server).respond(to: question)
            }
            #expect(error == .authentication)
            #expect(error.providerErrorType == "authentication_error")
            #expect(error.description.contains("authentication_error"), "\(error)")
            #expect(error.message?.contains("Invalid API Key") == true)
        }
    }

    @Test("LiteLLM sends the status as a string code and \"None\" for absent fields: the type is shown")
    func liteLLMStringCode() async throws {
        let reply = ScriptedReply.reply(
            status: 400,
            body: #"{"error":{"message":"litellm.BadRequestError: model 'gpt-x' is not supported","type":"invalid_request_error","param":"None","code":"400"}}"#
        )
        try await ScriptedProviderServer.with([reply]) { server in
            let error = try await #require(throws: LLMError.self) {
                try await Wire.openAICompatible.client(server).respond(to: question)
            }
            #expect(error == .invalidRequest)
            #expect(error.providerErrorType == "invalid_request_error")
            #expect(error.parameter == nil)
            #expect(error.description.contains("invalid_request_error"), "\(error)")
        }
    }

    @Test("OpenAI's type and code: the more specific code is kept")
    func openAICodeAndType() async throws {
        let reply = ScriptedReply.reply(
            status: 400,
            body: #"{"error":{"message":"Unsupported value: 'temperature'","type":"invalid_request_error","param":"temperature","code":"unsupported_value"}}"#
        )
        try await ScriptedProviderServer.with([reply]) { server in
            let error = try await #require(throws: LLMError.self) {
                try await Wire.openAICompatible.client(server).respond(to: question)
            }
            #expect(error.providerErrorType == "unsupported_value")
            #expect(error.parameter == "temperature")
        }
    }

    @Test("Anthropic's overloaded_error is shown, in a reply and in a stream")
    func anthropicOverloaded() async throws {
        let body = #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#
        let stream = SSE.events([("error", body)])
        try await ScriptedProviderServer.with([.reply(status: 529, body: body), .chunks([stream])]) { server in
            let client = try Wire.anthropic.client(server)
            let error = try await #require(throws: LLMError.self) { try await client.respond(to: question) }
            #expect(error == .overloaded)
            #expect(error.description.contains("overloaded_error"), "\(error)")
            let (_, streamed) = await collect(client.stream(question))
            let streamError = try #require(streamed as? LLMError)
            #expect(streamError == .overloaded)
            #expect(streamError.description.contains("overloaded_error"), "\(streamError)")
        }
    }

    // MARK: d. other JSON error shapes, both wires

    struct Shape: Sendable, CustomTestStringConvertible {
        var status: Int
        var body: String
        var message: String
        var testDescription: String { body }
    }

    static let shapes: [Shape] = [
        Shape(status: 401, body: #"{"detail":"Not authenticated"}"#, message: "Not authenticated"),
        Shape(status: 404, body: #"{"message":"Model llama9 not found"}"#, message: "Model llama9 not found"),
        Shape(status: 404, body: #"{"error":"model 'llama9' not found, try pulling it first"}"#,
              message: "model 'llama9' not found, try pulling it first"),
        Shape(status: 422, body: #"{"detail":[{"loc":["body","messages"],"msg":"field required","type":"value_error.missing"}]}"#,
              message: "body.messages: field required"),
        Shape(status: 400, body: #"{"error":{"message":"bad tool schema"}}"#, message: "bad tool schema"),
        Shape(status: 500, body: #"{"type":"error","error":{"type":"api_error","message":"Internal server error"}}"#,
              message: "Internal server error"),
    ]

    @Test("error bodies of other shapes are read on both wires", arguments: Wire.allCases, shapes)
    func otherShapes(_ wire: Wire, _ shape: Shape) async throws {
        try await ScriptedProviderServer.with([.reply(status: shape.status, body: shape.body)]) { server in
            let error = try await #require(throws: LLMError.self) { try await wire.client(server).respond(to: question) }
            #expect(error.statusCode == shape.status)
            #expect(error.message?.hasPrefix(shape.message) == true, "\(error)")
            #expect(error.message?.contains("non-JSON") != true, "\(error)")
        }
    }

    @Test("JSON in no known shape is quoted as JSON, not called non-JSON", arguments: Wire.allCases)
    func unknownJSON(_ wire: Wire) async throws {
        try await ScriptedProviderServer.with([.reply(status: 500, body: #"{"oops":true}"#)]) { server in
            let error = try await #require(throws: LLMError.self) { try await wire.client(server).respond(to: question) }
            #expect(error == .serverError)
            #expect(error.message?.contains(#"{"oops":true}"#) == true, "\(error)")
            #expect(error.message?.contains("non-JSON") != true, "\(error)")
        }
    }

    // MARK: e. error frames in streams

    struct Frame: Sendable, CustomTestStringConvertible {
        var wire: Wire
        var body: String
        var kind: LLMError
        var message: String
        var type: String?
        var testDescription: String { "\(wire.rawValue): \(body)" }
    }

    static let frames: [Frame] = [
        // Anthropic's documented frame.
        Frame(wire: .anthropic, body: "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n",
              kind: .overloaded, message: "Overloaded", type: "overloaded_error"),
        // A proxy that drops the top-level type.
        Frame(wire: .anthropic, body: "event: error\ndata: {\"error\":{\"type\":\"api_error\",\"message\":\"Internal error\"}}\n\n",
              kind: .serverError, message: "Internal error", type: "api_error"),
        // Plain text in an error frame.
        Frame(wire: .anthropic, body: "event: error\ndata: upstream connect timeout\n\n",
              kind: .serverError, message: "upstream connect timeout", type: nil),
        // OpenAI-compatible: an error object in a data frame, with a numeric code.
        Frame(wire: .openAICompatible, body: "data: {\"error\":{\"code\":500,\"message\":\"context shift failed\",\"type\":\"server_error\"}}\n\n",
              kind: .serverError, message: "context shift failed", type: "server_error"),
        // vLLM's error response in a data frame.
        Frame(wire: .openAICompatible, body: "data: {\"object\":\"error\",\"message\":\"max_tokens is too large\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}\n\n",
              kind: .invalidRequest, message: "max_tokens is too large", type: "BadRequestError"),
        // An `event: error` frame on the OpenAI wire.
        Frame(wire: .openAICompatible, body: "event: error\ndata: {\"message\":\"worker crashed\"}\n\n",
              kind: .serverError, message: "worker crashed", type: nil),
        // llama.cpp's server writes an `error:` field instead of `data:`.
        Frame(wire: .openAICompatible, body: "error: {\"code\":500,\"message\":\"slot unavailable\",\"type\":\"server_error\"}\n\n",
              kind: .serverError, message: "slot unavailable", type: "server_error"),
    ]

    @Test("an error frame is a provider error with its message, not invalid JSON", arguments: frames)
    func errorFrames(_ frame: Frame) async throws {
        try await ScriptedProviderServer.with([.chunks([frame.body])]) { server in
            let (events, failure) = await collect(try frame.wire.client(server).stream(question))
            #expect(events.isEmpty)
            let error = try #require(failure as? LLMError)
            #expect(error == frame.kind, "\(error)")
            #expect(error.message == frame.message, "\(error)")
            #expect(error.providerErrorType == frame.type)
            #expect(!error.description.contains("not valid JSON"), "\(error)")
        }
    }

    // MARK: f. a 401 names the variable the key comes from

    @Test("a 401 from an OpenAI-compatible server names OKIK_LLM_API_KEY")
    func compatible401NamesVariable() async throws {
        let reply = ScriptedReply.reply(status: 401, body: #"{"error":{"message":"Invalid API Key","type":"authentication_error","code":401}}"#)
        try await ScriptedProviderServer.with([reply, reply]) { server in
            let withKey = try await #require(throws: LLMError.self) {
                try await Wire.openAICompatible.client(server).respond(to: question)
            }
            #expect(withKey == .authentication)
            #expect(withKey.message?.contains("Invalid API Key") == true)
            #expect(withKey.message?.contains("OKIK_LLM_API_KEY") == true, "\(withKey)")
            #expect(withKey.suggestion.contains("OKIK_LLM_API_KEY"))
            #expect(!withKey.suggestion.contains("OPENAI_API_KEY"), "OPENAI_API_KEY is never sent to these servers")

            let withoutKey = try await #require(throws: LLMError.self) {
                try await Wire.openAICompatible.client(server, apiKey: nil).respond(to: question)
            }
            #expect(withoutKey.message?.contains("no API key was sent") == true, "\(withoutKey)")
            #expect(withoutKey.message?.contains("OKIK_LLM_API_KEY") == true, "\(withoutKey)")
        }
    }

    @Test("a 401 from OpenAI or Anthropic names both variables that can hold the key")
    func provider401NamesVariables() async throws {
        let openAIReply = ScriptedReply.reply(status: 401, body: #"{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":"invalid_api_key"}}"#)
        let anthropicReply = ScriptedReply.reply(status: 401, body: #"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"#)
        try await ScriptedProviderServer.with([openAIReply, anthropicReply]) { server in
            let openAI = try OpenAIClient(
                configuration: LLMConfiguration(provider: .openAI, baseURL: server.baseURL, apiKey: APIKey(testKey), retry: .never))
            let first = try await #require(throws: LLMError.self) { try await openAI.respond(to: question) }
            #expect(first.message?.contains("OKIK_LLM_API_KEY") == true, "\(first)")
            #expect(first.message?.contains("OPENAI_API_KEY") == true, "\(first)")
            let second = try await #require(throws: LLMError.self) {
                try await Wire.anthropic.client(server).respond(to: question)
            }
            #expect(second.message?.contains("ANTHROPIC_API_KEY") == true, "\(second)")
            #expect(!second.description.contains(testKey))
        }
    }
}
