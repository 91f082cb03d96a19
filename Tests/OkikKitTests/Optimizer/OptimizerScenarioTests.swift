import Foundation
import OkikKit
import OkikKubeClient
import OkikSimulator
import OkikTesting
import Testing

@Suite("Optimizer on the built-in scenarios", .serialized)
struct OptimizerScenarioTests {
    /// What each problem scenario must yield: codes with their severity.
    static let expected: [String: [(FindingCode, Severity)]] = [
        "crashloop": [(.crashLoop, .critical)],
        "oom": [(.oomKilled, .high)],
        "pending": [(.podUnschedulable, .high)],
        "imagepull": [(.imagePullFailure, .high)],
        "overprovisioned": [(.overProvisioned, .info)],  // info until there is enough usage history to resize
        "idle": [(.idleWorkload, .low)],
        "hpa-saturated": [(.autoscalerSaturated, .high)],
        "failing-job": [(.jobFailed, .high)],
        "failing-cronjob": [(.cronJobFailing, .high)],
        "daemonset-gap": [(.daemonSetUnavailable, .medium), (.daemonSetSkipsNodes, .low)],
        "unbound-pvc": [(.unboundClaim, .high), (.podUnschedulable, .high)],
        "node-pressure": [(.nodePressure, .high)],
        "node-notready": [(.nodeNotReady, .critical)],
        "missing-requests": [(.missingRequests, .medium), (.missingLimits, .low)],
        "single-replica": [(.singleReplicaWithoutBudget, .low)],
        "broken-rollout": [(.crashLoop, .high), (.rolloutStalled, .high)],  // high: the old revision still serves
    ]

    @Test func everyProblemScenarioHasExpectations() {
        #expect(Set(Self.expected.keys) == Set(BuiltInScenarios.problems.map(\.name)))
    }

    @Test(arguments: BuiltInScenarios.problems.map(\.name))
    func scenarioYieldsItsFindings(_ name: String) async throws {
        let cluster = try await SimulatedCluster.start(name)
        defer { Task { await cluster.stop() } }
        let report = Optimizer().evaluate(try await cluster.snapshot())
        let found = report.findings.map { "\($0.code) \($0.severity) \($0.subject)" }
        for (code, severity) in Self.expected[name] ?? [] {
            let matches = report.findings.filter { $0.code == code }
            #expect(!matches.isEmpty, "\(name): expected \(code) (\(code.title)); found \(found)")
            #expect(matches.allSatisfy { $0.severity == severity }, "\(name): \(code) severity \(matches.map(\.severity))")
        }
        #expect(report.score < 100, "\(name): a problem scenario scores 100")
        print("[\(name)] score \(report.score): \(found)")
    }

    @Test func healthyBaselineHasNoFindingsAndScores100() async throws {
        let cluster = try await SimulatedCluster.start("healthy")
        defer { Task { await cluster.stop() } }
        let snapshot = try await cluster.snapshot()
        #expect(snapshot.hasMetrics)
        #expect(snapshot.pods.count >= 10)
        let report = Optimizer().evaluate(snapshot)
        #expect(report.findings.isEmpty, "false positives: \(report.findings.map { "\($0.code) \($0.message)" })")
        #expect(report.score == 100)
        #expect(report.categories.allSatisfy { $0.evaluated > 0 && $0.skipped.isEmpty })
    }
}
