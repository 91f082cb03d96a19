import Foundation
import HTTPTypes
import HummingbirdTesting
import OkikKit
import OkikServer
import OkikTesting
import Testing

/// POST /config: validation (a 400 names the field and nothing changes), the level without an agent, the agent's
/// settings with one, and the 409 for agent settings without one.
@Suite("POST /config", .serialized)
struct ConfigRouteTests {
    @Test(arguments: [
        (#"{"provider":"gemini"}"#, "provider", "unknown provider \"gemini\""),
        (#"{"level":"L9"}"#, "level", "not an autonomy level"),
        (#"{"level":"L3","interval":0}"#, "interval", "positive number of seconds"),
        (#"{"interval":-5}"#, "interval", "positive number of seconds"),
        (#"{"interval":"soon"}"#, "interval", "must be a number"),
        (#"{"temperature":2.5}"#, "temperature", "between 0 and 2"),
        (#"{"temperature":-0.1}"#, "temperature", "between 0 and 2"),
        (#"{"model":"  "}"#, "model", "must not be blank"),
        (#"{"apiKey":"sk-1"}"#, "apiKey", "unknown field"),
    ])
    func aBadFieldIsA400NamingIt(json: String, field: String, message: String) async throws {
        try await ServerFixture.run { server in
            let response = try await server.send(.post, "/config", as: .admin, json: json)
            #expect(response.status == .badRequest)
            let body = try ServerFixture.decode(APIErrorBody.self, response)
            #expect(body.error == "bad_request")
            #expect(body.field == field)
            #expect(body.message.contains(message), "\(body.message)")
            #expect(await server.runtime.executor.controls.current.level == .l1)
        }
    }

    @Test func aLevelChangeWithoutAnAgentShowsInStatus() async throws {
        try await ServerFixture.run { server in
            let response = try await server.send(.post, "/config", as: .admin, json: #"{"level":"L3"}"#)
            #expect(response.status == .ok)
            let config = try ServerFixture.decode(ConfigResponse.self, response)
            #expect(!config.agent)
            #expect(config.level == "L3")
            #expect(config.model == nil)
            let status = try ServerFixture.decode(StatusResponse.self, try await server.send(.get, "/status", as: .viewer))
            #expect(status.level == "L3")
            #expect(status.changedBy == "human:adam")
        }
    }

    @Test func agentSettingsWithoutAnAgentAre409AndChangeNothing() async throws {
        try await ServerFixture.run { server in
            for json in [#"{"model":"gpt-5-mini"}"#, #"{"level":"L3","temperature":0.5}"#, #"{"interval":60}"#] {
                let response = try await server.send(.post, "/config", as: .admin, json: json)
                #expect(response.status == .conflict, "\(json)")
                let body = try ServerFixture.decode(APIErrorBody.self, response)
                #expect(body.error == "no_agent")
                #expect(body.message.contains("only \"level\""))
            }
            #expect(await server.runtime.executor.controls.current.level == .l1)
        }
    }

    @Test func withAnAgentTheIntervalTemperatureAndLevelApply() async throws {
        let model = ScriptedChatModel { _, _ in .text("All is well.") }
        try await ServerFixture.run(model: model) { server in
            let agent = try #require(server.runtime.agent)
            let response = try await server.send(
                .post, "/config", as: .admin, json: #"{"interval":60,"temperature":0.7,"level":"L2"}"#)
            #expect(response.status == .ok)
            let config = try ServerFixture.decode(ConfigResponse.self, response)
            #expect(config.agent)
            #expect(config.model == "scripted-model")
            #expect(config.interval == 60)
            #expect(config.temperature == 0.7)
            #expect(config.level == "L2")
            let applied = await agent.configuration
            #expect(applied.interval == .seconds(60))
            #expect(applied.temperature == 0.7)
            #expect(await server.runtime.executor.controls.current.level == .l2)
            let audit = try await server.runtime.store.entries(AuditQuery(kinds: [.policyChanged], actor: "human:adam"))
            #expect(audit.contains { ($0.reason ?? "").contains("temperature 0.7") })
        }
    }

    @Test func aChangeSurvivesARestartOnTheSameDatabase() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("okik-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let audit = OkikRuntimeConfiguration.AuditStorage.sqlite(path: directory.appendingPathComponent("okik.sqlite").path)
        try await ServerFixture.run(model: ScriptedChatModel(transcript: []), audit: audit, environment: [:]) { server in
            let response = try await server.send(
                .post, "/config", as: .admin,
                json: #"{"provider":"ollama","model":"qwen3","interval":45,"temperature":0.4,"level":"L2"}"#)
            #expect(response.status == .ok)
            let config = try ServerFixture.decode(ConfigResponse.self, response)
            #expect(config.provider == "openai-compatible")
            #expect(config.model == "qwen3")
        }
        try await ServerFixture.run(model: ScriptedChatModel(transcript: []), audit: audit, environment: [:]) { server in
            let response = try await server.send(.post, "/config", as: .admin, json: "{}")
            #expect(response.status == .ok)
            let config = try ServerFixture.decode(ConfigResponse.self, response)
            #expect(config.agent)
            #expect(config.provider == "openai-compatible")
            #expect(config.model == "qwen3")
            #expect(config.interval == 45)
            #expect(config.temperature == 0.4)
            #expect(config.level == "L2")
        }
    }
}
