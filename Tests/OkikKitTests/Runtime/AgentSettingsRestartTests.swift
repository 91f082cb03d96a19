import Foundation
import OkikKit
import OkikLLM
import OkikTesting
import Testing

/// The model, interval and temperature a person sets through ``Agent/reconfigure(_:by:)`` are saved as
/// ``AgentSettings`` and win over the start's configuration when ``OkikRuntime`` starts again on the same database;
/// a stored provider whose key is gone falls back to the start's model; the key is never stored.
@Suite("Agent settings across a restart", .serialized)
struct AgentSettingsRestartTests {
    static let alice = Caller(.human, "alice")

    /// Starts a runtime on `path` with a scripted model and, optionally, a start model configuration (the flags').
    static func start(
        _ cluster: SimulatedCluster, path: String, llm: LLMConfiguration? = nil, environment: [String: String] = [:]
    ) async throws -> OkikRuntime {
        try await OkikRuntime.start(
            OkikRuntimeConfiguration(
                cluster: .client(cluster.client), audit: .sqlite(path: path), model: ScriptedChatModel(transcript: []),
                agent: AgentConfiguration(llm: llm), clock: cluster.clock, environment: environment),
            logger: testLogger)
    }

    static func withDatabase(_ body: (String) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("okik-settings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await body(directory.appendingPathComponent("audit.sqlite").path)
    }

    @Test func aReconfiguredModelIntervalAndTemperatureComeBackAfterARestart() async throws {
        let cluster = try await SimulatedCluster.start("healthy")
        defer { Task { await cluster.stop() } }
        try await Self.withDatabase { path in
            let first = try await Self.start(cluster, path: path)
            let agent = try #require(first.agent)
            try await agent.reconfigure({ configuration in
                configuration.llm = LLMConfiguration(
                    provider: .openAICompatible, model: "qwen3", baseURL: "http://10.0.0.5:8000/v1")
                configuration.interval = .seconds(90)
                configuration.temperature = 0.6
            }, by: Self.alice)

            let second = try await Self.start(cluster, path: path)
            let restored = try #require(second.agent)
            let configuration = await restored.configuration
            #expect(configuration.llm?.provider == .openAICompatible)
            #expect(configuration.llm?.model == "qwen3")
            #expect(configuration.llm?.baseURL == "http://10.0.0.5:8000/v1")
            #expect(configuration.interval == .seconds(90))
            #expect(configuration.temperature == 0.6)
            #expect(await restored.status.model == "qwen3")
            let stored = try #require(try await (second.store as? any AgentSettingsStore)?.loadAgentSettings())
            #expect(stored.changedBy == "human:alice")
        }
    }

    @Test func theSameProviderKeepsTheStartKeyAndALaterChangeKeepsTheEarlierOne() async throws {
        let cluster = try await SimulatedCluster.start("healthy")
        defer { Task { await cluster.stop() } }
        try await Self.withDatabase { path in
            let start = LLMConfiguration(provider: .openAI, apiKey: APIKey("sk-from-the-key-file"))
            let first = try await Self.start(cluster, path: path, llm: start)
            let agent = try #require(first.agent)
            try await agent.reconfigure({ $0.llm?.model = "gpt-4.1-mini" }, by: Self.alice)
            // A second change (the temperature only, and the level, which is the control state's) keeps the model.
            try await agent.reconfigure({ $0.temperature = 0.1; $0.level = .l3 }, by: Self.alice)

            let second = try await Self.start(cluster, path: path, llm: start)
            let configuration = try #require(await second.agent?.configuration)
            #expect(configuration.llm?.model == "gpt-4.1-mini")
            #expect(configuration.llm?.apiKey == APIKey("sk-from-the-key-file"))
            #expect(configuration.temperature == 0.1)
            #expect(configuration.interval == .seconds(30))
            #expect(await second.executor.controls.current.level == .l3)
            let stored = try #require(try await (second.store as? any AgentSettingsStore)?.loadAgentSettings())
            #expect(stored.intervalSeconds == nil)
            // The key is in no file of the database (the main file, its WAL, its shared memory).
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
                let bytes = try Data(contentsOf: directory.appendingPathComponent(file))
                #expect(bytes.range(of: Data("sk-from-the-key-file".utf8)) == nil, "\(file)")
            }
        }
    }

    @Test func aStoredProviderWhoseKeyIsGoneFallsBackToTheStartModel() async throws {
        let cluster = try await SimulatedCluster.start("healthy")
        defer { Task { await cluster.stop() } }
        try await Self.withDatabase { path in
            let start = LLMConfiguration(provider: .openAICompatible, model: "llama3", baseURL: "http://10.0.0.7/v1")
            let first = try await Self.start(cluster, path: path, llm: start)
            let agent = try #require(first.agent)
            try await agent.reconfigure({ configuration in
                configuration.llm = LLMConfiguration(
                    provider: .anthropic, model: "claude-sonnet-4-6", apiKey: APIKey("sk-ant-given"))
                configuration.temperature = 0.9
            }, by: Self.alice)
            #expect(await agent.configuration.llm?.provider == .anthropic)

            // No ANTHROPIC_API_KEY now: the start's model stays, the temperature still applies.
            let second = try await Self.start(cluster, path: path, llm: start)
            let configuration = try #require(await second.agent?.configuration)
            #expect(configuration.llm == start)
            #expect(configuration.temperature == 0.9)

            // With the key in the environment the person's provider comes back.
            let third = try await Self.start(
                cluster, path: path, llm: start, environment: ["ANTHROPIC_API_KEY": "sk-ant-environment"])
            let restored = try #require(await third.agent?.configuration)
            #expect(restored.llm?.provider == .anthropic)
            #expect(restored.llm?.model == "claude-sonnet-4-6")
        }
    }

    @Test func theInMemoryStoreKeepsTheSettingsAndALevelOnlyChangeStoresNone() async throws {
        let cluster = try await SimulatedCluster.start("healthy")
        defer { Task { await cluster.stop() } }
        let runtime = try await OkikRuntime.start(
            OkikRuntimeConfiguration(
                cluster: .client(cluster.client), model: ScriptedChatModel(transcript: []), clock: cluster.clock,
                environment: [:]),
            logger: testLogger)
        let agent = try #require(runtime.agent)
        let store = try #require(runtime.store as? any AgentSettingsStore)
        try await agent.reconfigure({ $0.level = .l3 }, by: Self.alice)
        #expect(try await store.loadAgentSettings() == nil)
        try await agent.reconfigure({ $0.interval = .seconds(45) }, by: Self.alice)
        let stored = try #require(try await store.loadAgentSettings())
        #expect(stored.intervalSeconds == 45)
        #expect(stored.model == nil)
        #expect(stored.temperature == nil)
    }
}
