import Foundation
import OkikKubeClient
import Synchronization

/// Runs checks over a snapshot and scores the result; with ``reconcile(_:executor:caller:)`` it sends the
/// proposed fixes through the gatekeeper.
///
/// ```swift
/// let snapshot = try await ClusterSnapshot.collect(from: client)
/// let report = Optimizer().evaluate(snapshot)
/// print(report.score, report.findings.count)
/// ```
public struct Optimizer: Sendable {
    /// The checks it runs.
    public var checks: [any Check]
    /// The thresholds they judge by.
    public var thresholds: OptimizerThresholds
    /// The remediation invariants the proposals must satisfy (the guards enforce them again at the gate).
    public var remediation: RemediationPolicy

    /// Creates an optimizer over the built-in checks, or the checks you give.
    public init(
        checks: [any Check] = CheckRegistry.builtIn, thresholds: OptimizerThresholds = OptimizerThresholds(),
        remediation: RemediationPolicy = .default
    ) {
        self.checks = checks
        self.thresholds = thresholds
        self.remediation = remediation
    }

    /// Evaluates a snapshot: runs the checks of the chosen categories (all when nil) except the disabled ones,
    /// and scores each category. `disabledChecks` holds check ids (`missing-resources`) or finding codes
    /// (`OKK-106`): a disabled code's findings are left out, and a check whose codes are all disabled does not run. The same snapshot and history always give the same report (timings aside).
    /// Checks that judge nodes are left out of a namespace snapshot, with a note.
    public func evaluate(
        _ snapshot: ClusterSnapshot, categories: Set<String>? = nil, disabledChecks: Set<String> = [],
        history: [ContainerKey: ContainerUsageHistory] = [:], snapshotSeconds: Double? = nil
    ) -> OptimizationReport {
        let started = ContinuousClock.now
        let context = CheckContext(thresholds: thresholds, remediation: remediation, history: history)
        var order: [OptimizationCategory] = OptimizationCategory.builtIn
        for check in checks where !order.contains(check.category) { order.append(check.category) }
        if let categories { order = order.filter { categories.contains($0.id) } }
        var evaluated: [OptimizationCategory: Set<ResourceRef>] = [:]
        var found: [OptimizationCategory: [Finding]] = [:]
        var skipped: [OptimizationCategory: [String]] = [:]
        var runnable: [any Check] = []
        for check in checks where order.contains(check.category) {
            if disabledChecks.contains(check.id)
                || (!check.codes.isEmpty && check.codes.allSatisfy { disabledChecks.contains($0.description) })
            {
                skipped[check.category, default: []].append("\(check.id): disabled")
            } else if check.requiresMetrics && !snapshot.hasMetrics {
                skipped[check.category, default: []].append("\(check.id): skipped: no metrics")
            } else if check.needsWholeCluster && snapshot.namespace != nil {
                skipped[check.category, default: []].append(
                    "\(check.id): skipped: it judges nodes, which needs the whole cluster (scan without -n)")
            } else {
                runnable.append(check)
            }
        }
        for (check, result) in zip(runnable, Self.run(runnable, on: snapshot, context: context)) {
            evaluated[check.category, default: []].formUnion(result.subjects)
            found[check.category, default: []] += result.findings.filter { !disabledChecks.contains($0.code.description) }
        }
        var scores: [CategoryScore] = []
        var findings: [Finding] = []
        for category in order {
            let categoryFindings = found[category] ?? []
            findings += categoryFindings
            var subjects = evaluated[category] ?? []
            subjects.formUnion(categoryFindings.map(\.subject))
            let score = HealthScore.score(subjects: subjects, findings: categoryFindings)
            scores.append(
                CategoryScore(
                    category: category, title: category.title, score: score, grade: HealthScore.grade(score),
                    evaluated: subjects.count, cap: HealthScore.cap(categoryFindings),
                    findings: Self.countBySeverity(categoryFindings), skipped: skipped[category] ?? []))
        }
        findings.sort(by: Finding.reportOrder)
        let overall = HealthScore.overall(scores)
        let checksSeconds = (ContinuousClock.now - started).timeInterval
        return OptimizationReport(
            snapshotTime: Timestamp(snapshot.takenAt).rfc3339, namespace: snapshot.namespace, score: overall,
            grade: HealthScore.grade(overall), categories: scores, findings: findings,
            summary: Self.countBySeverity(findings), objects: Self.objectCounts(snapshot),
            diagnostics: snapshot.diagnostics,
            timings: .init(snapshotSeconds: snapshotSeconds, checksSeconds: checksSeconds))
    }

    /// Takes a snapshot of the cluster and evaluates it. With a history store, the snapshot's usage is recorded
    /// first and the checks read the accumulated history (rightsizing needs it).
    /// - Throws: ``SnapshotError`` when the cluster cannot be read (or the namespace does not exist), or a store error.
    public func run(
        client: KubeClient, namespace: String? = nil, categories: Set<String>? = nil, disabledChecks: Set<String> = [],
        history: (any UsageHistoryStore)? = nil, clock: any WallClock = SystemWallClock(),
        progress: (@Sendable (ClusterSnapshot.Progress) -> Void)? = nil
    ) async throws -> OptimizationReport {
        let started = ContinuousClock.now
        let snapshot = try await ClusterSnapshot.collect(from: client, namespace: namespace, clock: clock, progress: progress)
        let snapshotSeconds = (ContinuousClock.now - started).timeInterval
        var histories: [ContainerKey: ContainerUsageHistory] = [:]
        if let history { histories = try await UsageRecorder.record(snapshot, in: history) }
        return evaluate(
            snapshot, categories: categories, disabledChecks: disabledChecks, history: histories,
            snapshotSeconds: snapshotSeconds)
    }

    /// Runs the checks on all cores (they only read the snapshot) and returns their results in the checks' order,
    /// so the report does not depend on which finished first.
    static func run(_ checks: [any Check], on snapshot: ClusterSnapshot, context: CheckContext) -> [CheckResult] {
        let results = Mutex([CheckResult?](repeating: nil, count: checks.count))
        DispatchQueue.concurrentPerform(iterations: checks.count) { index in
            let result = checks[index].evaluate(snapshot, context: context)
            results.withLock { $0[index] = result }
        }
        // concurrentPerform returns only after every iteration ran, so every slot is filled.
        return results.withLock { $0.map { $0! } }
    }

    static func countBySeverity(_ findings: [Finding]) -> [String: Int] {
        var counts: [String: Int] = [:]
        for finding in findings { counts[finding.severity.rawValue, default: 0] += 1 }
        return counts
    }

    static func objectCounts(_ snapshot: ClusterSnapshot) -> [String: Int] {
        var counts = [
            "namespaces": snapshot.namespaces.count, "nodes": snapshot.nodes.count, "pods": snapshot.pods.count,
            "deployments": snapshot.deployments.count, "replicasets": snapshot.replicaSets.count,
            "statefulsets": snapshot.statefulSets.count, "daemonsets": snapshot.daemonSets.count,
            "jobs": snapshot.jobs.count, "cronjobs": snapshot.cronJobs.count,
            "horizontalpodautoscalers": snapshot.autoscalers.count, "persistentvolumeclaims": snapshot.claims.count,
            "poddisruptionbudgets": snapshot.budgets.count, "resourcequotas": snapshot.quotas.count,
            "events": snapshot.events.count,
        ]
        if case .available(let pods, let nodes) = snapshot.metrics {
            counts["podmetrics"] = pods.count
            counts["nodemetrics"] = nodes.count
        }
        return counts
    }
}
