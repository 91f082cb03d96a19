import AsyncHTTPClient
import HummingbirdTesting
import OkikKit
import OkikLLM
import OkikServer
import OkikTesting
import Testing

/// The server benchmark's parts against a live server on a localhost port: the load generator counts what it sends
/// and what fails, and the stream timer sees a chat stream's events. No timing is asserted.
@Suite("Load generator and stream timer", .serialized)
struct LoadGeneratorTests {
    @Test func aLowRateForASecondSendsEveryRequestInTurnAndCountsFailures() async throws {
        try await ServerFixture.run(testing: .live) { server in
            let port = try #require(server.client.port)
            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            let base = "http://127.0.0.1:\(port)"
            let report = await LoadGenerator(LoadGenerator.Configuration(
                baseURL: base, paths: ["/status", "/recommendations"],
                headers: ["Authorization": "Bearer \(ServerFixture.tokens[.viewer]!)"], rate: 40,
                duration: .seconds(1))).run(using: http)
            let refused = await LoadGenerator(LoadGenerator.Configuration(
                baseURL: base, paths: ["/status"], rate: 10, duration: .milliseconds(500))).run(using: http)
            try await http.shutdown()

            #expect(report.sent == 40)
            #expect(report.errors == 0, "\(report.errorSamples)")
            #expect(report.routes.map(\.path) == ["/status", "/recommendations"])
            #expect(report.routes.map(\.sent) == [20, 20])
            #expect(report.overall.count == 40)
            #expect(refused.sent == 5)
            #expect(refused.errors == 5)
            #expect(refused.errorSamples.first == "GET /status: 401")
        }
    }

    @Test func theStreamTimerSeesTheChatStreamsSessionTextAndDoneEventsInOrder() async throws {
        let model = ScriptedChatModel { _, _ in .text("All pods run.") }
        try await ServerFixture.run(model: model, testing: .live) { server in
            let port = try #require(server.client.port)
            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            do {
                let timer = StreamTimer(
                    url: "http://127.0.0.1:\(port)/chat/stream",
                    headers: ["Authorization": "Bearer \(ServerFixture.tokens[.operator]!)"])
                let timing = try await timer.measure(body: #"{"message":"How is the cluster?"}"#, using: http)
                #expect(timing.status == 200)
                let session = try #require(timing.firstEvent["session"])
                let text = try #require(timing.firstEvent["text"])
                let done = try #require(timing.firstEvent["done"])
                #expect(session <= text && text <= done && done <= timing.total)
            } catch {
                try await http.shutdown()
                throw error
            }
            try await http.shutdown()
        }
    }
}
