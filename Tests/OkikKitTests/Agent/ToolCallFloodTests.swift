import CoreMetrics
import Foundation
import OkikKit
import OkikKubeClient
import OkikLLM
import OkikSimulator
import OkikTesting
import Synchronization
import Testing

/// A model that floods a reply with tool calls it invented, or whose arguments are not JSON, is held to the per-tick
/// and per-turn tool-call limits like one that calls real tools: bounded audit rows and bounded metric series.
@Suite("Refused tool calls are bounded", .serialized)
struct ToolCallFloodTests {
    /// 10 calls whose arguments are not JSON, then 50 of made-up tools.
    static let flood = ScriptedChatModel.Answer.rawToolCalls(
        (0..<10).map { (name: "get_pods", rawArguments: "{not json \($0)") }
            + (0..<50).map { (name: "invented_tool_\($0)_\(String(repeating: "x", count: 200))", rawArguments: #"{"payload":"\#(String(repeating: "p", count: 5_000))"}"#) },
        text: "Trying everything.")

    @Test("the agent: at most the per-tick limit of refusals is audited, plus one row for the rest; metric labels stay the registry's")
    func agentFlood() async throws {
        let cluster = try await SimulatedCluster.start("crashloop")
        defer { Task { await cluster.stop() } }
        let metrics = RecordingMetrics()
        let store = InMemoryAuditStore()
        let executor = try await GatedToolExecutor.start(
            client: cluster.client, store: store,
            configuration: GatekeeperConfiguration(level: .l2, rateLimits: .unlimited), clock: cluster.clock,
            metrics: OkikMetrics(factory: metrics), logger: testLogger)
        let model = ScriptedChatModel(transcript: [Self.flood, .text("Done.")])
        let configuration = AgentConfiguration()
        let agent = Agent(
            model: model, executor: executor, configuration: configuration, snapshot: { try await cluster.snapshot() },
            clock: cluster.clock, logger: testLogger)
        _ = try await agent.tick()

        let rows = await store.entries(AuditQuery(actor: configuration.caller.description))
        #expect(rows.count <= configuration.maxToolCallsPerTick + 1, "\(rows.count) audit rows")
        #expect(rows.contains { $0.reason?.contains("not run") == true }, "the calls beyond the limit are on record")
        #expect(rows.allSatisfy { ($0.arguments?.jsonString().count ?? 0) <= 4_000 }, "stored arguments are bounded")
        let labels = metrics.toolLabels
        let known = Set(executor.registry.descriptors(offeredAt: .l4).map(\.name)).union(["unknown"])
        #expect(!labels.isEmpty && labels.isSubset(of: known), "\(labels.sorted())")
    }

    @Test("a chat turn: the same bound on refusals per turn")
    func chatFlood() async throws {
        let cluster = try await SimulatedCluster.start("crashloop")
        defer { Task { await cluster.stop() } }
        let model = ScriptedChatModel(transcript: [Self.flood, .text("Done.")])
        let configuration = ChatConfiguration()
        let (session, executor) = try await ChatSessionTests.session(cluster, model: model, configuration: configuration)
        let answer = try await session.ask("try every tool")
        let rows = try await executor.store.entries(AuditQuery(actor: operatorHuman.description))
        #expect(rows.count <= configuration.maxToolCallsPerTurn + 1, "\(rows.count) audit rows")
        #expect(answer.calls.filter { if case .denied = $0.decision { true } else { false } }.count >= 50)
    }
}

/// Records the labels of every counter made.
final class RecordingMetrics: MetricsFactory {
    private let counters = Mutex<[(label: String, dimensions: [(String, String)])]>([])

    /// The `tool` label of every `okik_tool_calls_total` series.
    var toolLabels: Set<String> {
        counters.withLock { counters in
            Set(counters.filter { $0.label == "okik_tool_calls_total" }.compactMap { $0.dimensions.first { $0.0 == "tool" }?.1 })
        }
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        counters.withLock { $0.append((label, dimensions)) }
        return Handler()
    }
    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler { Handler() }
    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler { Handler() }
    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}

    private final class Handler: CounterHandler, RecorderHandler, TimerHandler {
        func increment(by: Int64) {}
        func reset() {}
        func record(_ value: Int64) {}
        func record(_ value: Double) {}
        func recordNanoseconds(_ duration: Int64) {}
    }
}
