import Foundation
import HTTPTypes
import HummingbirdTesting
import OkikKit
import OkikServer
import OkikTesting
import ServiceLifecycleTestKit
import Testing

/// GET /recommendations/stream: what the watchdog recommends after a client connects arrives as a `data:` event,
/// with keep-alive comments while nothing happens; every wait has a timeout.
@Suite("GET /recommendations/stream", .serialized)
struct RecommendationStreamTests {
    @Test func aRecommendationArrivesAfterTheWatchdogActsOnTheCrashLoop() async throws {
        try await ServerFixture.run(scenario: "crashloop", level: .l2, keepAlive: .milliseconds(50)) { server in
            let feed = server.runtime.watchdog.feed
            #expect(await feed.count == 0)
            let stream = Task {
                try await server.send(.get, "/recommendations/stream?count=1", as: .viewer)
            }
            try await ServerFixture.eventually { await feed.subscriberCount == 1 }
            // Quiet for a while: keep-alives only.
            try await Task.sleep(for: .milliseconds(200))
            let watchdog = Task { try await server.runtime.watchdog.run() }
            defer { watchdog.cancel() }
            let response = try await ServerFixture.value(of: stream, within: .seconds(30))
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/event-stream") == true)
            #expect(response.headers[.cacheControl] == "no-cache")
            let (events, keepAlives) = ServerFixture.events(response)
            #expect(keepAlives >= 1)
            #expect(events.count == 1)
            let event = try #require(events.first)
            #expect(event.name == nil)
            let recommendation = try ServerFixture.decode(Recommendation.self, event)
            #expect(recommendation.rule == "crash-loop-backoff")
            #expect(recommendation.subject.namespace == "okik-crashloop")
            #expect(await feed.recommendations().contains { $0.id == recommendation.id })
            // The stream ended, so its subscription went away.
            try await ServerFixture.eventually { await feed.subscriberCount == 0 }
            watchdog.cancel()
            _ = await watchdog.result
        }
    }

    @Test func aGracefulShutdownEndsTheStream() async throws {
        try await ServerFixture.run(keepAlive: .milliseconds(50)) { server in
            let feed = server.runtime.watchdog.feed
            let response = try await testGracefulShutdown { trigger in
                let stream = Task { try await server.send(.get, "/recommendations/stream", as: .viewer) }
                try await ServerFixture.eventually { await feed.subscriberCount == 1 }
                try await Task.sleep(for: .milliseconds(120))
                trigger.triggerGracefulShutdown()
                return try await ServerFixture.value(of: stream, within: .seconds(10))
            }
            #expect(response.status == .ok)
            // The stream was subscribed (above) and ended; how many keep-alives fit before the shutdown depends on the
            // machine's load, so the first test counts them, not this one.
            #expect(ServerFixture.events(response).events.isEmpty)
            try await ServerFixture.eventually { await feed.subscriberCount == 0 }
        }
    }

    @Test func aBadCountIsA400AndWatchdogModeServesTheStream() async throws {
        try await ServerFixture.run(mode: .watchdog) { server in
            let response = try await server.send(.get, "/recommendations/stream?count=0", as: .viewer)
            #expect(response.status == .badRequest)
            #expect(try ServerFixture.decode(APIErrorBody.self, response).field == "count")
            #expect(await server.runtime.watchdog.feed.subscriberCount == 0)
            let forbidden = try await server.send(.get, "/recommendations/stream", as: nil)
            #expect(forbidden.status == .unauthorized)
            let badReplay = try await server.send(.get, "/recommendations/stream?replay=maybe", as: .viewer)
            #expect(badReplay.status == .badRequest)
            #expect(try ServerFixture.decode(APIErrorBody.self, badReplay).field == "replay")
        }
    }

    /// `okikctl watch` shows the feed and then follows it in one request: what the feed held and what came after the
    /// server subscribed arrive in order, and an entry added right after the feed was read is not lost (the client's
    /// earlier GET-then-stream had a gap there, where a watch could wait for ever for an entry already made).
    @Test func replayingTheHeldFeedThenFollowingLosesNothing() async throws {
        try await ServerFixture.run(keepAlive: .milliseconds(50)) { server in
            let feed = server.runtime.watchdog.feed
            let held = (1...2).map { Self.recommendation($0) }
            for recommendation in held { await feed.append(recommendation) }
            let stream = Task { try await server.send(.get, "/recommendations/stream?replay=true&count=3", as: .viewer) }
            try await ServerFixture.eventually { await feed.subscriberCount == 1 }
            let later = Self.recommendation(3)
            await feed.append(later)
            let response = try await ServerFixture.value(of: stream, within: .seconds(30))
            #expect(response.status == .ok)
            #expect(ServerFixture.events(response).events.map(\.id) == (held + [later]).map(\.id.uuidString))
        }
    }

    static func recommendation(_ index: Int) -> Recommendation {
        let pod = ResourceRef(kind: "Pod", namespace: "shop", name: "web-\(index)")
        return Recommendation(
            id: UUID(), createdAt: Date(), rule: "crash-loop-backoff", incident: "crash-loop-backoff/shop/web-\(index)",
            severity: .high, subject: pod, pod: pod, container: nil, message: "number \(index)", evidence: [:],
            recommendation: "look", proposedCalls: [], action: nil)
    }

    @Test func reconnectingWithLastEventIDReplaysWhatCameAfterIt() async throws {
        try await ServerFixture.run(keepAlive: .milliseconds(50)) { server in
            let feed = server.runtime.watchdog.feed
            let held = (1...3).map { Self.recommendation($0) }
            for recommendation in held { await feed.append(recommendation) }

            let after = try await server.send(
                .get, "/recommendations/stream?count=2", as: .viewer,
                headers: [HTTPField.Name("Last-Event-ID")!: held[0].id.uuidString])
            let (events, _) = ServerFixture.events(after)
            #expect(events.map(\.id) == [held[1].id.uuidString, held[2].id.uuidString])
            #expect(try events.map { try ServerFixture.decode(Recommendation.self, $0).message } == ["number 2", "number 3"])

            // An id the feed no longer holds replays all it holds.
            let unknown = try await server.send(
                .get, "/recommendations/stream?count=3", as: .viewer,
                headers: [HTTPField.Name("Last-Event-ID")!: UUID().uuidString])
            #expect(ServerFixture.events(unknown).events.map(\.id) == held.map(\.id.uuidString))
        }
    }
}
