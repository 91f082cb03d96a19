import Foundation
import OkikKit
import OkikKubeClient
import OkikLLM
import OkikSimulator
import OkikTesting
import Testing

@Suite("The demo: watchdog, optimizer at L2, approvals and audit on every scenario", .serialized)
struct ClusterDemoTests {
    @Test func theDemoFindsFixesQueuesAndAudits() async throws {
        let cluster = try await SimulatedCluster.start(BuiltInScenarios.all, runFor: false)
        defer { Task { await cluster.stop() } }
        let simulator = cluster.simulator
        let lines = LineCollector()
        let result = try await ClusterDemo.run(
            client: cluster.client, clock: cluster.clock, advance: { await simulator.advance(by: $0) }, logger: testLogger,
            progress: { lines.append($0) })

        // The watchdog quarantined the crash loop and recommended memory for the OOM kill.
        let quarantine = result.recommendations.first { $0.rule == "crash-loop-backoff" && $0.action?.outcome == .executed }
        #expect(quarantine?.subject.name == "payments-api")
        #expect(result.recommendations.contains { $0.rule == "oom-killed" && $0.proposedCalls.first?.tool == "update_resources" })
        #expect(result.recommendations.contains { $0.rule == "pending-timeout" && $0.subject.name == "ml-trainer" })
        #expect(!result.recommendations.contains { $0.rule == "crash-loop-backoff" && $0.subject.name == "report-renderer" && $0.action != nil })

        // Every problem scenario shows in the scan; reconcile at L2 ran remediations and queued destructive calls.
        for code in [FindingCode.imagePullFailure, .podUnschedulable, .nodeNotReady, .nodePressure, .jobFailed, .cronJobFailing,
                     .unboundClaim, .missingRequests, .singleReplicaWithoutBudget, .autoscalerSaturated] {
            #expect(result.before.findings.contains { $0.code == code }, "missing \(code)")
        }
        #expect(result.reconcile.actions(.executed).contains { $0.invocation.tool == "update_resources" })
        #expect(result.pendingPlans.allSatisfy { $0.risk >= .restart })
        #expect(result.after.score >= result.before.score)
        #expect(result.after.findings.count < result.before.findings.count)
        // A critical finding caps the score: the demo's cluster is honestly an F before and after.
        #expect(result.before.score <= HealthScore.criticalCap)

        // The audit holds every decision, by the watchdog and by the optimizer.
        #expect(result.audit.contains { $0.actor == "watchdog:okik-watchdog" && $0.tool == "quarantine_deployment" })
        #expect(result.audit.filter { $0.kind == .decision }.count
            == result.reconcile.actions.count + result.recommendations.filter { $0.action != nil }.count)

        // The offline reasoner leads with a critical incident and knows what was done.
        let first = try #require(result.assessment.incidents.first)
        #expect(first.severity == .critical)
        #expect(result.assessment.incidents.contains { $0.subject.name == "payments-api" && !$0.done.isEmpty })
        #expect(lines.lines.count >= 4)
    }
}

extension ClusterDemoTests {
    @Test("with a model, the agent takes one look after reconcile: its calls pass the gate and are audited")
    func theDemoAsksTheModel() async throws {
        let cluster = try await SimulatedCluster.start(["crashloop"].compactMap(BuiltInScenarios.named), runFor: false)
        defer { Task { await cluster.stop() } }
        let simulator = cluster.simulator
        let model = ScriptedChatModel(transcript: [
            .toolCalls([(name: "get_pods", arguments: ["namespace": "okik-crashloop"]), (name: "delete_namespace", arguments: ["name": "kube-system"])]),
            .text("Deployment okik-crashloop/payments-api: quarantined by the watchdog; read its logs before restoring it."),
        ])
        var configuration = ClusterDemo.Configuration()
        configuration.model = model
        configuration.watchFor = .seconds(600)
        let result = try await ClusterDemo.run(
            client: cluster.client, clock: cluster.clock, configuration: configuration,
            advance: { await simulator.advance(by: $0) }, logger: testLogger)

        let look = try #require(result.agent)
        #expect(look.model == model.model && look.offline == nil && look.modelCalls == 2)
        #expect(look.calls.map(\.outcome) == [.executed, .denied], "\(look.calls)")
        #expect(look.answer.contains("payments-api"))
        #expect(result.audit.contains { $0.actor == "agent:okik" && $0.tool == "delete_namespace" && $0.decision == .deny })
        let context = try #require(model.requests.first?.messages.first)
        guard case .user(let text) = context else { Issue.record("the context is the first user message"); return }
        #expect(text.contains("watchdog"), "the watchdog's quarantine reaches the agent as a note")
    }
}

/// Collects progress lines from any task.
final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func append(_ line: String) { lock.withLock { stored.append(line) } }
    var lines: [String] { lock.withLock { stored } }
}
