import Foundation
import OkikKit
import OkikKubeClient
import OkikSimulator
import OkikTesting
import Testing

@Suite("Optimizer reports", .serialized)
struct OptimizerReportTests {
    static func encoded(_ report: OptimizationReport) throws -> String {
        var report = report
        report.timings = .init(snapshotSeconds: nil, checksSeconds: 0)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }

    @Test func theSameSnapshotGivesTheSameReport() async throws {
        let cluster = try await SimulatedCluster.start(BuiltInScenarios.all)
        defer { Task { await cluster.stop() } }
        let snapshot = try await cluster.snapshot()
        let first = Optimizer().evaluate(snapshot)
        let second = Optimizer().evaluate(snapshot)
        #expect(try Self.encoded(first) == Self.encoded(second))
        #expect(first.findings.map(\.id) == first.findings.sorted(by: Finding.reportOrder).map(\.id))
        #expect(Set(first.findings.map(\.id)).count == first.findings.count, "finding ids are not unique")
        #expect(first.categories.map(\.category) == OptimizationCategory.builtIn)
        #expect(first.score == HealthScore.overall(first.categories))
        for category in first.categories {
            let findings = first.findings(in: category.category)
            #expect(category.cap == HealthScore.cap(findings))
            if let cap = category.cap { #expect(category.score <= cap) }
            #expect(category.evaluated >= Set(findings.map(\.subject)).count)
        }
        let decoded = try JSONDecoder().decode(OptimizationReport.self, from: Data(try Self.encoded(first).utf8))
        #expect(decoded.findings == first.findings)
        #expect(decoded.schema == "okik.io/optimise/v1")
    }

    @Test("--disable: a finding code drops its findings; a check whose codes are all disabled does not run")
    func disablingCodesAndChecks() async throws {
        let cluster = try await SimulatedCluster.start("missing-requests")
        defer { Task { await cluster.stop() } }
        let snapshot = try await cluster.snapshot()
        let all = Optimizer().evaluate(snapshot)
        #expect(all.findings.contains { $0.code == .missingLimits } && all.findings.contains { $0.code == .missingRequests })
        let withoutLimits = Optimizer().evaluate(snapshot, disabledChecks: ["OKK-106"])
        #expect(!withoutLimits.findings.contains { $0.code == .missingLimits })
        #expect(withoutLimits.findings.contains { $0.code == .missingRequests }, "the check still runs for OKK-105")
        let both = Optimizer().evaluate(snapshot, disabledChecks: ["OKK-105", "OKK-106"])
        let skipped = both.categories.flatMap(\.skipped)
        #expect(skipped.contains("missing-resources: disabled"), "\(skipped)")
        #expect(CheckRegistry.isKnown("OKK-106") && CheckRegistry.isKnown("missing-resources"))
        #expect(!CheckRegistry.isKnown("OKK-999") && !CheckRegistry.isKnown("okk-106"))
    }

    @Test func scoreFollowsTheDocumentedFormula() {
        let subjects = (0..<10).map { ResourceRef(kind: "Deployment", namespace: "a", name: "w\($0)") }
        func finding(_ severity: Severity, _ subject: Int = 0) -> Finding {
            Finding(code: .crashLoop, severity: severity, subject: subjects[subject], message: "m", recommendation: "r")
        }
        func score(_ count: Int, _ findings: [Finding]) -> Int {
            HealthScore.score(subjects: Set(subjects.prefix(count)), findings: findings)
        }
        #expect(score(0, []) == 100)
        // One critical subject of ten: 90 by the formula, capped at 49 (F).
        #expect(score(10, [finding(.critical)]) == 49)
        // A subject counts once, at its worst severity: high (0.75) and low on one subject of ten.
        #expect(score(10, [finding(.high), finding(.low)]) == 93)
        #expect(score(10, [finding(.high, 0), finding(.low, 1)]) == 90)
        #expect(score(4, [finding(.medium)]) == 88)
        #expect(score(2, Array(repeating: finding(.high), count: 5)) == 63)
        #expect(score(3, [finding(.info)]) == 100)
        // A finding's subject counts even when no check reported it as evaluated.
        #expect(HealthScore.score(subjects: [], findings: [finding(.medium)]) == 50)
        #expect(HealthScore.grade(90) == "A" && HealthScore.grade(89) == "B" && HealthScore.grade(49) == "F")
        // The overall score is never better than the lowest category cap.
        func category(_ score: Int, cap: Int?) -> CategoryScore {
            CategoryScore(
                category: .availability, title: "", score: score, grade: HealthScore.grade(score), evaluated: 10, cap: cap,
                findings: [:], skipped: [])
        }
        #expect(HealthScore.overall([category(49, cap: 49), category(100, cap: nil), category(100, cap: nil)]) == 49)
        #expect(HealthScore.overall([category(70, cap: nil), category(90, cap: nil)]) == 80)
    }

    @Test func withoutMetricsTheMetricChecksSaySkipped() async throws {
        let cluster = try await SimulatedCluster.start("overprovisioned")
        defer { Task { await cluster.stop() } }
        cluster.simulator.faults = FaultConfiguration(unavailableRate: 1, pathFilter: "metrics.k8s.io")
        let snapshot = try await cluster.snapshot()
        #expect(!snapshot.hasMetrics)
        #expect(snapshot.diagnostics.filter { $0.contains("metrics") }.count == 1, "\(snapshot.diagnostics)")
        let report = Optimizer().evaluate(snapshot)
        #expect(!report.findings.contains { $0.code == .overProvisioned })
        let skipped = report.categories.flatMap(\.skipped)
        #expect(skipped.contains("over-provisioned: skipped: no metrics"))
        #expect(skipped.contains("idle-workload: skipped: no metrics"))
        #expect(report.diagnostics.contains { $0.contains("metrics-server") })
    }

    @Test func categoriesAndDisabledChecksFilterTheRun() async throws {
        let cluster = try await SimulatedCluster.start("crashloop", "hpa-saturated")
        defer { Task { await cluster.stop() } }
        let snapshot = try await cluster.snapshot()
        let scaling = Optimizer().evaluate(snapshot, categories: ["scaling"])
        #expect(scaling.categories.map(\.category) == [.scaling])
        #expect(scaling.findings.allSatisfy { $0.category == .scaling })
        #expect(scaling.findings.contains { $0.code == .autoscalerSaturated })
        let without = Optimizer().evaluate(snapshot, disabledChecks: ["crash-loop"])
        #expect(!without.findings.contains { $0.code == .crashLoop })
        #expect(without.categories.first { $0.category == .availability }?.skipped == ["crash-loop: disabled"])
    }

    /// A program registers its own check next to the built-in ones.
    @Test func aCustomCheckRunsAndScores() async throws {
        struct LatestTagCheck: Check {
            static let code = FindingCode(
                id: 901, category: .availability, severity: .low, title: "Image uses :latest",
                explanation: "A moving tag makes rollbacks impossible.")
            let id = "latest-tag"
            let category = OptimizationCategory.availability
            let codes = [Self.code]
            func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult {
                let findings = snapshot.deployments.filter { deployment in
                    (deployment.spec?.template?.spec?.containers ?? []).contains { $0.image?.hasSuffix(":latest") ?? false }
                }.map { Finding(code: Self.code, subject: ResourceRef($0), message: "uses :latest", recommendation: "pin a tag") }
                return CheckResult(subjects: snapshot.deployments.map { ResourceRef($0) }, findings: findings)
            }
        }
        let snapshot = ClusterSnapshot(
            takenAt: Date(),
            deployments: [
                Deployment(
                    metadata: ObjectMeta(name: "web", namespace: "shop"),
                    spec: .init(replicas: 2, template: PodTemplateSpec(spec: PodSpec(containers: [Container(name: "web", image: "web:latest")])))),
                Deployment(
                    metadata: ObjectMeta(name: "api", namespace: "shop"),
                    spec: .init(replicas: 2, template: PodTemplateSpec(spec: PodSpec(containers: [Container(name: "api", image: "api:1.2")])))),
            ])
        let report = Optimizer(checks: [LatestTagCheck()]).evaluate(snapshot)
        #expect(report.findings.map(\.id) == ["OKK-901/Deployment/shop/web"])
        #expect(report.categories.first { $0.category == .availability }?.score == 88)
    }
}
