import Foundation
import HTTPTypes
import HummingbirdTesting
import MCP
import NIOCore
import OkikKit
@testable import OkikServer
import OkikSimulator
import OkikTesting
import Testing

/// What one client of `/mcp` can hold: subscriptions only to resources that exist, and only so many; sessions only
/// so many, however they race; and no session outlives its idle timeout or the server.
@Suite("MCP limits", .serialized)
struct MCPLimitsTests {
    static let accept: HTTPFields = [.accept: "application/json, text/event-stream"]

    /// The JSON-RPC answer in a response, whether sent as JSON or as one server-sent event.
    static func answer(_ response: TestResponse) throws -> OkikKubeClient.JSONValue {
        let text = String(buffer: response.body)
        let json = text.split(separator: "\n").first { $0.hasPrefix("data:") }.map { String($0.dropFirst(5)) } ?? text
        return try OkikKubeClient.JSONValue.parse(Data(json.utf8))
    }

    @Test func subscriptionsNeedAResourceThatExistsAndAreCapped() async throws {
        try await ServerFixture.run(scenario: "healthy", mcp: MCPConfiguration(maxSubscriptionsPerSession: 3)) { server in
            let started = try await server.send(.post, "/mcp", as: .operator, json: MCPSupport.initialize, headers: Self.accept)
            let session = try #require(started.headers[HTTPField.Name("MCP-Session-Id")!])
            var named = Self.accept
            named[HTTPField.Name("MCP-Session-Id")!] = session
            let initialized = #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#
            #expect(try await server.send(.post, "/mcp", as: .operator, json: initialized, headers: named).status == .accepted)
            func call(_ method: String, _ uri: String) async throws -> OkikKubeClient.JSONValue {
                let json = #"{"jsonrpc":"2.0","id":7,"method":"\#(method)","params":{"uri":"\#(uri)"}}"#
                return try Self.answer(try await server.send(.post, "/mcp", as: .operator, json: json, headers: named))
            }

            let gone = "okik://namespaces/no-such-namespace/findings"
            let missing = try await call("resources/subscribe", gone)
            #expect(missing["error"]?["code"]?.intValue == -32002, "\(missing)")
            // The namespace found missing is remembered: reading it again does not read the cluster again.
            server.cluster.simulator.requests.reset()
            let read = try await call("resources/read", gone)
            #expect(read["error"]?["code"]?.intValue == -32002, "\(read)")
            let asked = server.cluster.simulator.requests.entries.filter { $0.path.contains("no-such-namespace") }
            #expect(asked.isEmpty, "\(asked.map(\.path))")

            for uri in ["okik://namespaces/okik-healthy/findings", "okik://status", "okik://plans/pending"] {
                let answer = try await call("resources/subscribe", uri)
                #expect(answer["result"] != nil, "\(uri): \(answer)")
            }
            let fourth = try await call("resources/subscribe", "okik://audit/recent")
            #expect(fourth["error"]?["code"]?.intValue == -32000, "\(fourth)")
            #expect(fourth["error"]?["message"]?.stringValue?.contains("Too many subscriptions") == true, "\(fourth)")
            // Subscribing again to one held is no new subscription; one given up makes room.
            #expect(try await call("resources/subscribe", "okik://status")["result"] != nil)
            #expect(try await call("resources/unsubscribe", "okik://status")["result"] != nil)
            #expect(try await call("resources/subscribe", "okik://audit/recent")["result"] != nil)
        }
    }

    static func initialize(_ sessions: MCPHTTPSessions, owner: String) async -> MCP.HTTPResponse {
        let request = MCP.HTTPRequest(
            method: "POST", headers: ["Accept": "application/json, text/event-stream", "Content-Type": "application/json"],
            body: Data(MCPSupport.initialize.utf8))
        return await sessions.handle(request, owner: owner)
    }

    @Test func concurrentInitializeRequestsCannotPassTheSessionCaps() async throws {
        try await ServerFixture.run(scenario: "healthy") { server in
            // The POST handler itself, twenty times at once (an HTTP test client would send them one by one).
            let sessions = MCPHTTPSessions(
                endpoint: MCPEndpoint(
                    runtime: server.runtime, mode: .agent, configuration: MCPConfiguration(maxSessions: 10, maxSessionsPerOwner: 2),
                    logger: SimulatedCluster.quietLogger))
            let statuses = await withTaskGroup(of: Int.self) { group in
                for _ in 0..<20 { group.addTask { await Self.initialize(sessions, owner: "otto").statusCode } }
                var statuses: [Int] = []
                for await status in group { statuses.append(status) }
                return statuses
            }
            #expect(statuses.contains(200))
            #expect(statuses.allSatisfy { [200, 503].contains($0) }, "\(statuses)")
            let held = await sessions.count(of: "otto")
            #expect(held <= 2, "otto holds \(held) sessions")
            #expect(await Self.initialize(sessions, owner: "ada").statusCode == 200, "another holder still gets a session")
            await sessions.endAll()
        }
    }

    @Test func idleSessionsEndOnATimerAndEverySessionEndsAtShutdown() async throws {
        try await ServerFixture.run(scenario: "healthy") { server in
            let sessions = MCPHTTPSessions(
                endpoint: MCPEndpoint(
                    runtime: server.runtime, mode: .agent, configuration: MCPConfiguration(sessionIdleTimeout: .milliseconds(400)),
                    logger: SimulatedCluster.quietLogger))
            @Sendable func initialize() async -> Int { await Self.initialize(sessions, owner: "otto").statusCode }
            #expect(await initialize() == 200)
            #expect(await sessions.count == 1)
            let reaper = Task { await sessions.run() }
            // No request comes: the timer alone ends the idle session.
            try await ServerFixture.eventually(.seconds(5)) { await sessions.count == 0 }
            #expect(await initialize() == 200)
            #expect(await sessions.count == 1)
            reaper.cancel()
            await reaper.value
            #expect(await sessions.count == 0, "the end of the reaper (shutdown) ends every session")
            #expect(await initialize() == 503, "and no new one starts")
        }
    }
}
