import Foundation
import Logging
import OkikKubeClient

/// Measures how fast the watchdog answers a crash loop (`okikctl bench watchdog`): from the API write that first
/// shows a container's restart count at the threshold to the gatekeeper's decision on quarantining its Deployment.
///
/// Over any cluster the client reaches (the command uses a synthetic simulated one), it runs a ``Watchdog`` with its
/// informers, an executor at L2 without rate limits and a SQLite audit store in a temporary directory, as okik-server
/// does. It picks healthy Deployments, makes every pod of each one wait in CrashLoopBackOff one restart below the
/// threshold (not yet an incident), waits until the watchdog has seen that, then, one Deployment at a time, patches
/// one pod's status to the threshold through the API and waits for the watchdog's recommendation.
///
/// Per incident it reports two intervals, both starting just before the status patch is sent:
/// - **decision**: until the gatekeeper decided the quarantine (the timestamp of its decision row in the audit,
///   taken before the row is written; millisecond resolution, as the audit stores it);
/// - **done**: until the recommendation reached the feed, after the quarantine ran and its outcome was audited.
///
/// Each includes the API write, the watch event reaching the informer over HTTP, the informer, the watchdog's rule
/// and owner resolution from its caches, the gatekeeper and the remediation guards (which read the Deployment, its
/// ReplicaSets, pods and budgets from the API). Both are read on one clock: the simulated time at the start plus the
/// monotonic time elapsed since (`ContinuousClock`), which the watchdog and the executor use too.
public enum WatchdogBenchmark {
    /// What to measure.
    public struct Configuration: Sendable, Hashable {
        /// How many Deployments to send into a crash loop, one after another.
        public var incidents: Int
        /// How long to wait for one incident's recommendation before counting it as missed.
        public var timeout: Duration

        /// Creates a configuration.
        public init(incidents: Int = 100, timeout: Duration = .seconds(30)) {
            self.incidents = incidents
            self.timeout = timeout
        }
    }

    /// What one run measured.
    public struct Result: Sendable {
        /// Pods in the informer when it synced.
        public var pods: Int
        /// From starting the watchdog to its informers (pods, ReplicaSets, Jobs, nodes) being synced.
        public var sync: Duration
        /// From the informers being synced to the watchdog having evaluated every pod once.
        public var firstPass: Duration
        /// Per incident, from the status patch to the gate's decision on the quarantine.
        public var decisions: [Duration]
        /// Per incident, from the status patch to the recommendation in the feed (the quarantine done and audited).
        public var completions: [Duration]
        /// The gate's decisions by kind (`execute` when all went well).
        public var outcomes: [String: Int]
        /// Incidents with no recommendation within the timeout.
        public var missed: Int

        /// The value at a percentile (nearest rank) of sorted durations; zero when empty.
        public static func percentile(_ p: Double, of durations: [Duration]) -> Duration {
            let sorted = durations.sorted()
            guard !sorted.isEmpty else { return .zero }
            let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
            return sorted[min(sorted.count - 1, max(0, rank - 1))]
        }
    }

    /// Runs the benchmark.
    /// - Parameters:
    ///   - client: The cluster (a simulated one: the benchmark quarantines real Deployments).
    ///   - now: The cluster's time at the start (a simulator's clock); the benchmark's clock runs on from it.
    /// - Throws: when the cluster or the temporary audit store fail.
    public static func run(
        client: KubeClient, now: @escaping @Sendable () -> Date, configuration: Configuration = Configuration(),
        logger: Logger
    ) async throws -> Result {
        let base = now()
        let started = ContinuousClock.now
        let clock = ClosureWallClock { base.addingTimeInterval((ContinuousClock.now - started).timeInterval) }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("okik-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteAuditStore(path: directory.appendingPathComponent("audit.sqlite").path)
        let gate = GatekeeperConfiguration(level: .l2, rateLimits: .unlimited)
        let executor = try await GatedToolExecutor.start(
            client: client, store: store, configuration: gate, clock: clock, logger: logger)
        let watchdog = Watchdog(
            caches: ClusterCaches(client: client, logger: logger), executor: executor, clock: clock, logger: logger)
        let threshold = gate.remediation.restartThreshold
        let updates = await watchdog.feed.updates(bufferSize: 10_000)
        let inbox = Inbox()
        let collector = Task { for await recommendation in updates { await inbox.add(recommendation) } }
        let running = Task { try await watchdog.run() }
        defer {
            running.cancel()
            collector.cancel()
        }

        let syncStart = ContinuousClock.now
        await watchdog.caches.pods.waitUntilSynced()
        await watchdog.caches.replicaSets.waitUntilSynced()
        await watchdog.caches.jobs.waitUntilSynced()
        await watchdog.caches.nodes.waitUntilSynced()
        await watchdog.caches.deployments.waitUntilSynced()
        let sync = ContinuousClock.now - syncStart
        let passStart = ContinuousClock.now
        while await !watchdog.completedFirstPass { try await Task.sleep(for: .milliseconds(10)) }
        let firstPass = ContinuousClock.now - passStart
        let pods = await watchdog.caches.pods.snapshot()

        // Healthy Deployments whose pods all run, spread over the namespaces.
        var podsByApp: [String: [Pod]] = [:]
        for pod in pods where pod.status?.phase == "Running" && pod.metadata.controllerReference?.kind == "ReplicaSet" {
            guard let app = pod.metadata.labels?["app"] else { continue }
            podsByApp["\(pod.namespace ?? "")/\(app)", default: []].append(pod)
        }
        let protected = ProtectedNamespaces(additional: gate.additionalProtectedNamespaces)
        let candidates = await watchdog.caches.deployments.snapshot().filter { deployment in
            let key = "\(deployment.namespace ?? "")/\(deployment.name)"
            return deployment.metadata.annotations?["okik.io/behavior"] ?? "healthy" == "healthy"
                && !protected.names.contains(deployment.namespace ?? "")
                && (deployment.spec?.replicas ?? 1) > 0
                && podsByApp[key]?.count == deployment.spec?.replicas
        }
        let stride = max(1, candidates.count / max(1, configuration.incidents))
        let targets = Swift.stride(from: 0, to: candidates.count, by: stride).prefix(configuration.incidents)
            .map { candidates[$0] }

        // Every pod of each target one restart below the threshold: crash-looping, not yet an incident.
        var primed: [Pod] = []
        for deployment in targets {
            for pod in podsByApp["\(deployment.namespace ?? "")/\(deployment.name)"] ?? [] {
                primed.append(try await crashLoop(pod, restarts: threshold - 1, client: client, now: clock.now))
            }
        }
        while await !watchdog.hasEvaluated(primed) { try await Task.sleep(for: .milliseconds(10)) }

        var result = Result(
            pods: pods.count, sync: sync, firstPass: firstPass, decisions: [], completions: [], outcomes: [:],
            missed: 0)
        let byDeployment = Dictionary(grouping: primed) { "\($0.namespace ?? "")/\($0.metadata.labels?["app"] ?? "")" }
        for deployment in targets {
            let subject = ResourceRef(kind: "Deployment", namespace: deployment.namespace, name: deployment.name)
            guard let pod = byDeployment["\(deployment.namespace ?? "")/\(deployment.name)"]?.first else { continue }
            let start = clock.now
            _ = try await crashLoop(pod, restarts: threshold, client: client, now: start)
            guard let recommendation = try await inbox.first(about: subject, timeout: configuration.timeout) else {
                result.missed += 1
                continue
            }
            result.completions.append(.interval(recommendation.createdAt.timeIntervalSince(start)))
            // Rows keep milliseconds: read from a second before the start.
            let query = AuditQuery(
                kinds: [.decision], tool: QuarantineDeploymentTool.name, since: start.addingTimeInterval(-1), limit: 10)
            let decision = try await store.entries(query).first { entry in
                entry.arguments?["name"]?.stringValue == deployment.name && entry.namespace == deployment.namespace
            }
            if let decision {
                result.decisions.append(.interval(max(0, decision.timestamp.timeIntervalSince(start))))
                result.outcomes[decision.decision?.rawValue ?? "none", default: 0] += 1
            }
        }
        running.cancel()
        _ = await running.result
        return result
    }

    /// Patches a pod's status to a crash loop with `restarts` restarts: not ready, its containers waiting in
    /// CrashLoopBackOff after exiting with code 1.
    private static func crashLoop(_ pod: Pod, restarts: Int, client: KubeClient, now: Date) async throws -> Pod {
        let finished = Timestamp(now).rfc3339
        let started = Timestamp(now.addingTimeInterval(-5)).rfc3339
        var conditions: [JSONValue] = [
            ["type": "Ready", "status": "False", "reason": "ContainersNotReady",
             "lastTransitionTime": .string(finished)],
            ["type": "ContainersReady", "status": "False", "reason": "ContainersNotReady",
             "lastTransitionTime": .string(finished)],
        ]
        for condition in pod.status?.conditions ?? [] where !["Ready", "ContainersReady"].contains(condition.type) {
            conditions.append(["type": .string(condition.type ?? ""), "status": .string(condition.status ?? "")])
        }
        let statuses: [JSONValue] = pod.containerStatuses.map { status in
            [
                "name": .string(status.name ?? ""), "image": .string(status.image ?? ""),
                "imageID": .string(status.imageID ?? ""), "ready": false, "started": false,
                "restartCount": .int(restarts),
                "state": ["waiting": [
                    "reason": "CrashLoopBackOff",
                    "message": .string(
                        "back-off 2m40s restarting failed container=\(status.name ?? "") pod=\(pod.name)"),
                ]],
                "lastState": ["terminated": [
                    "exitCode": 1, "reason": "Error", "startedAt": .string(started), "finishedAt": .string(finished),
                ]],
            ]
        }
        return try await client.namespaced(Pod.self, in: .named(pod.namespace ?? "default")).patchStatus(
            pod.name, .merge(["status": ["conditions": .array(conditions), "containerStatuses": .array(statuses)]]))
    }

    /// The recommendations the feed has handed out, for the benchmark to wait on.
    private actor Inbox {
        private var received: [Recommendation] = []

        func add(_ recommendation: Recommendation) { received.append(recommendation) }

        /// Waits (polling every 2 ms) for a recommendation about the subject, taking it out; nil after the timeout.
        func first(about subject: ResourceRef, timeout: Duration) async throws -> Recommendation? {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                if let index = received.firstIndex(where: { $0.subject == subject }) {
                    return received.remove(at: index)
                }
                try await Task.sleep(for: .milliseconds(2))
            }
            return nil
        }
    }
}
