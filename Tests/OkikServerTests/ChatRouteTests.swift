import Foundation
import HTTPTypes
import HummingbirdTesting
import OkikKit
import OkikLLM
import OkikServer
import OkikTesting
import Testing

/// POST /chat and /chat/stream: offline answers without a model, the model's with one, resuming a session by id,
/// and the 404 and 403 for sessions that are unknown or someone else's.
@Suite("POST /chat and /chat/stream", .serialized)
struct ChatRouteTests {
    @Test func withoutAModelTheAnswerIsOfflineAndASessionResumesById() async throws {
        try await ServerFixture.run(scenario: "crashloop") { server in
            let first = try await server.send(.post, "/chat", as: .operator, json: #"{"message":"What is crashing?"}"#)
            #expect(first.status == .ok)
            let answer = try ServerFixture.decode(ChatTurnResponse.self, first)
            #expect(answer.offline)
            #expect(answer.offlineReason == "no model is configured")
            #expect(answer.tokens == 0)
            #expect(!answer.answer.isEmpty)

            let second = try await server.send(
                .post, "/chat", as: .operator, json: #"{"message":"And now?","session":"\#(answer.session)"}"#)
            #expect(second.status == .ok)
            #expect(try ServerFixture.decode(ChatTurnResponse.self, second).session == answer.session)
            let store = try #require(server.runtime.store as? any ChatStore)
            let messages = try await store.chatMessages(answer.session)
            #expect(messages.count == 4)
            #expect(try await store.chatSession(answer.session)?.caller == Caller(.human, "otto"))
        }
    }

    @Test func withAModelTheModelAnswers() async throws {
        let model = ScriptedChatModel { _, _ in .text("payments-api is crash-looping.") }
        try await ServerFixture.run(model: model) { server in
            let response = try await server.send(.post, "/chat", as: .operator, json: #"{"message":"What is wrong?"}"#)
            #expect(response.status == .ok)
            let answer = try ServerFixture.decode(ChatTurnResponse.self, response)
            #expect(!answer.offline)
            #expect(answer.answer.contains("payments-api is crash-looping."))
            #expect(answer.tokens > 0)
            #expect(model.calls == 1)
        }
    }

    /// A model that takes a second to answer, so a second request arrives while the first turn runs.
    struct SlowModel: ChatModel {
        let inner: ScriptedChatModel
        var model: String { inner.model }
        func respond(to request: ChatRequest) async throws -> ChatResponse {
            try await Task.sleep(for: .seconds(1))
            return try await inner.respond(to: request)
        }
        func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatEvent, any Error> {
            AsyncThrowingStream { continuation in
                let task = Task {
                    do {
                        try await Task.sleep(for: .seconds(1))
                        for try await event in inner.stream(request) { continuation.yield(event) }
                        continuation.finish()
                    } catch {
                        continuation.finish(throwing: error)
                    }
                }
                continuation.onTermination = { _ in task.cancel() }
            }
        }
    }

    /// Two turns on one session at once (a double click, a retry after a timeout): the second is refused with a 409
    /// before it runs anything, so the model's write runs once and the first answer is saved.
    @Test func aSecondTurnOnABusySessionIs409() async throws {
        let model = SlowModel(inner: ScriptedChatModel { request, _ in
            request.messages.contains { if case .tool = $0 { true } else { false } } ? .text("Restarted.") : .toolCalls([(
                name: "rollout_restart", arguments: ["namespace": "okik-crashloop", "name": "payments-api"])])
        })
        try await ServerFixture.run(scenario: "crashloop", level: .l4, model: model) { server in
            let opened = try ServerFixture.decode(
                ChatTurnResponse.self, try await server.send(.post, "/chat", as: .operator, json: #"{"message":"hi"}"#))
            let restartsBefore = try await server.runtime.store.entries(AuditQuery(tool: "rollout_restart"))
                .filter { $0.kind == .outcome }.count
            let body = #"{"message":"restart payments-api","session":"\#(opened.session)"}"#
            let first = Task { try await server.send(.post, "/chat", as: .operator, json: body) }
            try await Task.sleep(for: .milliseconds(300))
            let second = try await server.send(.post, "/chat", as: .operator, json: body)
            #expect(second.status == .conflict, "\(second.status)")
            #expect(try ServerFixture.decode(APIErrorBody.self, second).message.contains("already running"))
            let answered = try await first.value
            #expect(answered.status == .ok)
            let executed = try await server.runtime.store.entries(AuditQuery(tool: "rollout_restart"))
                .filter { $0.kind == .outcome }
            #expect(executed.count - restartsBefore <= 1, "\(executed.count) restart outcomes")
            // Free again once the first answered.
            let third = try await server.send(
                .post, "/chat", as: .operator, json: #"{"message":"thanks","session":"\#(opened.session)"}"#)
            #expect(third.status == .ok)
        }
    }

    @Test func anUnknownSessionIs404AndSomeoneElsesIs403() async throws {
        try await ServerFixture.run { server in
            let unknown = try await server.send(
                .post, "/chat", as: .operator, json: #"{"message":"hi","session":"\#(UUID())"}"#)
            #expect(unknown.status == .notFound)
            #expect(try ServerFixture.decode(APIErrorBody.self, unknown).error == "not_found")
            let malformed = try await server.send(.post, "/chat", as: .operator, json: #"{"message":"hi","session":"x"}"#)
            #expect(malformed.status == .notFound)

            let mine = try ServerFixture.decode(
                ChatTurnResponse.self, try await server.send(.post, "/chat", as: .operator, json: #"{"message":"hi"}"#))
            let theirs = try await server.send(
                .post, "/chat", as: .admin, json: #"{"message":"hi","session":"\#(mine.session)"}"#)
            #expect(theirs.status == .forbidden)
            let body = try ServerFixture.decode(APIErrorBody.self, theirs)
            #expect(body.error == "forbidden")
            #expect(body.message.contains("human:otto"))
            let stream = try await server.send(
                .post, "/chat/stream", as: .admin, json: #"{"message":"hi","session":"\#(mine.session)"}"#)
            #expect(stream.status == .forbidden)
            #expect(stream.headers[.contentType]?.hasPrefix("application/json") == true)

            let blank = try await server.send(.post, "/chat", as: .operator, json: #"{"message":"  "}"#)
            #expect(blank.status == .badRequest)
            #expect(try ServerFixture.decode(APIErrorBody.self, blank).field == "message")
        }
    }

    @Test func theStreamSendsTheSessionTheTextAndEndsAfterDone() async throws {
        try await ServerFixture.run(scenario: "crashloop") { server in
            let response = try await ServerFixture.within(.seconds(30)) {
                try await server.send(.post, "/chat/stream", as: .operator, json: #"{"message":"What is crashing?"}"#)
            }
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/event-stream") == true)
            let (events, _) = ServerFixture.events(response)
            let names = events.map { $0.name ?? "message" }
            #expect(names.first == "session")
            #expect(names.last == "done")
            #expect(names.contains("text"))
            #expect(names.filter { $0 == "done" }.count == 1)
            let opened = try ServerFixture.decode(ChatStreamEvent.self, try #require(events.first))
            let done = try ServerFixture.decode(ChatStreamEvent.self, try #require(events.last))
            let session = try #require(opened.session)
            #expect(done.kind == "done")
            #expect(done.answer?.session == session)
            #expect(done.answer?.offline == true)
            let text = try events.filter { $0.name == "text" }.map { try ServerFixture.decode(ChatStreamEvent.self, $0).text ?? "" }
            #expect(text.joined() == done.answer?.answer)

            // The streamed session resumes like any other.
            let again = try await server.send(
                .post, "/chat", as: .operator, json: #"{"message":"And now?","session":"\#(session)"}"#)
            #expect(again.status == .ok)
        }
    }
}
