import Foundation
import OkikKit
import OkikKubeClient
import OkikSimulator
import OkikTesting
import Testing

/// "The watchdog keeps trying": a refused action is retried once its cause lifts, incident state survives a restart,
/// and incidents end when their problem resolves. All on the simulator's virtual clock.
@Suite("Watchdog incidents: retries, restarts, resolution", .serialized)
struct WatchdogIncidentTests {
    static let namespace = "okik-crashloop"
    static let payments = ResourceRef(kind: "Deployment", namespace: namespace, name: "payments-api")

    /// A watchdog and its executor over one audit store, on a cluster that outlives them (a restart is a new pair
    /// over the same store).
    struct Instance {
        let watchdog: Watchdog
        let executor: GatedToolExecutor
        let task: Task<Void, any Error>

        static func start(
            on cluster: SimulatedCluster, store: any AuditStore, namespace: String? = nil,
            gate: GatekeeperConfiguration = GatekeeperConfiguration(level: .l2, rateLimits: .unlimited),
            configuration: WatchdogConfiguration = WatchdogConfiguration()
        ) async throws -> Instance {
            let executor = try await GatedToolExecutor.start(
                client: cluster.client, store: store, configuration: gate, clock: cluster.clock, logger: testLogger)
            let watchdog = Watchdog(
                caches: ClusterCaches(client: cluster.client, namespace: namespace, logger: testLogger),
                executor: executor, configuration: configuration, clock: cluster.clock, logger: testLogger)
            let task = Task { try await watchdog.run() }
            await watchdog.caches.pods.waitUntilSynced()
            return Instance(watchdog: watchdog, executor: executor, task: task)
        }

        /// Waits (in real time) until the watchdog has evaluated every pod of the namespace as the API shows it now.
        func caughtUp(with cluster: SimulatedCluster, in namespace: String = WatchdogIncidentTests.namespace) async throws {
            let pods = try await cluster.client.namespaced(Pod.self, in: .named(namespace)).list().items
            #expect(await WatchdogTests.eventually { await watchdog.hasEvaluated(pods) }, "the watchdog did not catch up")
        }

        func stop() async {
            task.cancel()
            _ = await task.result
        }
    }

    /// Advances simulated time in steps until a pod of the namespace satisfies `shows`.
    static func advance(
        _ cluster: SimulatedCluster, in namespace: String = namespace, step: Duration = .seconds(5),
        limit: Duration = .seconds(900), until shows: (Pod) -> Bool
    ) async throws {
        var elapsed = Duration.zero
        let pods = cluster.client.namespaced(Pod.self, in: .named(namespace))
        while elapsed < limit {
            await cluster.simulator.advance(by: step)
            elapsed += step
            if try await pods.list().items.contains(where: shows) { return }
        }
        Issue.record("no pod showed the condition within \(limit) of simulated time")
    }

    /// Advances simulated time in steps of at most five seconds until the clock reaches `date`.
    static func advance(_ cluster: SimulatedCluster, to date: Date) async {
        while cluster.clock.now < date {
            let left = date.timeIntervalSince(cluster.clock.now)
            await cluster.simulator.advance(by: .milliseconds(Int64(min(5, left) * 1000) + 1))
        }
    }

    /// From the retry time on, advances in steps of five seconds (ticking after each) until the quarantine has run:
    /// the retry happens at the first tick or pod event after it at which a pod shows the crash loop (both pods may
    /// be between two crashes at the exact retry time).
    static func retry(_ cluster: SimulatedCluster, _ watchdog: Watchdog, at date: Date) async throws {
        await advance(cluster, to: date)
        for _ in 0..<24 {
            try await watchdog.tick()
            if try await replicas(cluster) == 0 { return }
            await cluster.simulator.advance(by: .seconds(5))
        }
    }

    /// Whether a container waits in CrashLoopBackOff with at least `restarts` restarts.
    static func restarted(_ restarts: Int) -> (Pod) -> Bool {
        { pod in
            (pod.status?.containerStatuses ?? []).contains {
                $0.state?.waiting?.reason == "CrashLoopBackOff" && ($0.restartCount ?? 0) >= restarts
            }
        }
    }

    /// The gate's decisions on quarantining payments-api, oldest first.
    static func quarantineDecisions(_ store: any AuditStore) async throws -> [AuditEntry] {
        try await store.entries(AuditQuery(kinds: [.decision], tool: QuarantineDeploymentTool.name, newestFirst: false))
            .filter { $0.arguments?["name"]?.stringValue == "payments-api" }
    }

    static func replicas(_ cluster: SimulatedCluster) async throws -> Int? {
        try await cluster.client.namespaced(Deployment.self, in: .named(namespace)).get("payments-api").spec?.replicas
    }

    // MARK: - The store

    @Test("both audit stores keep incidents: insert, replace by key, remove", arguments: ["memory", "sqlite"])
    func incidentStore(kind: String) async throws {
        let file = try TemporaryPath()
        let store: any IncidentStore = kind == "sqlite" ? try SQLiteAuditStore(path: file.path) : InMemoryAuditStore()
        let seen = Date(timeIntervalSince1970: 1_750_000_000.25)
        var retrying = WatchdogIncident(
            key: "crash-loop-backoff/Deployment/shop/web@5d9f/app/quarantine", handled: false, attempts: 1,
            nextAttempt: seen.addingTimeInterval(30), lastOutcome: "denied", podKey: "shop/web-5d9f-x1",
            workload: ResourceRef(kind: "Deployment", namespace: "shop", name: "web"), revision: "5d9f",
            firstSeen: seen, lastSeen: seen)
        let bare = WatchdogIncident(
            key: "oom-killed/Pod/shop/job-1@uid-1/main", handled: true, attempts: 1, lastOutcome: "recommended",
            podKey: "shop/job-1", workload: ResourceRef(kind: "Pod", namespace: "shop", name: "job-1"), revision: "uid-1",
            firstSeen: seen, lastSeen: seen)
        try await store.saveWatchdogIncidents([retrying, bare])
        #expect(try await store.watchdogIncidents() == [retrying, bare])
        retrying.handled = true
        retrying.attempts = 2
        retrying.nextAttempt = nil
        retrying.lastOutcome = "executed"
        try await store.saveWatchdogIncidents([retrying])
        #expect(try await store.watchdogIncidents() == [retrying, bare])
        try await store.removeWatchdogIncidents([bare.key, "unknown"])
        #expect(try await store.watchdogIncidents() == [retrying])
        if kind == "sqlite" {
            #expect(try await SQLiteAuditStore(path: file.path).watchdogIncidents() == [retrying])
        }
    }

    // MARK: - Free capacity from the watchdog's own tally

    @Test func aPendingDiagnosisSeesTheSameFreeCapacityAsAFullRead() async throws {
        let scenarios = try ["pending", "healthy", "overprovisioned"].map { try #require(BuiltInScenarios.named($0)) }
        let cluster = try await SimulatedCluster.start(scenarios, runFor: false)
        defer { Task { await cluster.stop() } }
        // Time passes before the watchdog starts, so the cluster holds still while it works: its first pass counts
        // every pod's requests, then diagnoses the pods pending past the timeout.
        await cluster.simulator.advance(by: .seconds(150))
        let instance = try await Instance.start(
            on: cluster, store: InMemoryAuditStore(), configuration: WatchdogConfiguration(pendingTimeout: .seconds(120)))
        defer { Task { await instance.stop() } }
        let all = try await cluster.client.namespaced(Pod.self, in: .allNamespaces).list().items
        #expect(await WatchdogTests.eventually { await instance.watchdog.completedFirstPass })
        let recommendation = try #require(await instance.watchdog.feed.recommendations().first { $0.rule == "pending-timeout" })

        // The same rule, given capacity computed from every node and pod read from the API.
        let nodes = try await cluster.client.clusterScoped(Node.self).list().items
        let pod = try #require(all.first { $0.name == recommendation.pod.name })
        let capacity = NodeCapacity.free(nodes: nodes, pods: all)
        #expect(capacity != NodeCapacity.free(nodes: nodes, pods: []), "the other scenarios' pods load the nodes")
        let expected = PendingTimeoutRule().evaluate(
            pod,
            context: WatchdogContext(
                now: recommendation.createdAt, configuration: instance.watchdog.configuration,
                owner: recommendation.subject, nodeCapacity: { capacity }))
        #expect(expected.first?.evidence == recommendation.evidence)
    }

    // MARK: - The report: a refused quarantine is retried once its cause lifts

    @Test func aQuarantineDeniedDuringAnEmergencyStopRunsOnceTheStopIsLifted() async throws {
        let cluster = try await SimulatedCluster.start([try #require(BuiltInScenarios.named("crashloop"))], runFor: false)
        defer { Task { await cluster.stop() } }
        let store = InMemoryAuditStore()
        let instance = try await Instance.start(on: cluster, store: store)
        defer { Task { await instance.stop() } }
        let watchdog = instance.watchdog
        try await instance.executor.controls.engageEmergencyStop(by: operatorHuman, reason: "incident review")

        // The crash loop crosses the threshold during the stop: the quarantine is denied, and the incident stays open.
        try await Self.advance(cluster, until: Self.restarted(5))
        #expect(await WatchdogTests.eventually { await !watchdog.retryingIncidents.isEmpty })
        let denied = try #require(await watchdog.feed.recommendations().first)
        #expect(denied.action?.outcome == .denied)
        #expect(denied.action?.message.contains("emergency stop") == true, "\(denied.action?.message ?? "")")
        #expect(denied.evidence["restarts"] == "5")

        // While the stop holds, a due retry is denied again; nothing changes and the feed does not repeat itself.
        await cluster.simulator.advance(by: .seconds(60))
        try await watchdog.tick()
        #expect(try await Self.replicas(cluster) == 2)
        #expect(await watchdog.feed.recommendations().count == 1)
        let incident = try #require(await watchdog.incidentRecords.first)
        #expect(incident.attempts >= 2 && !incident.handled && incident.lastOutcome == "denied")

        // The stop is lifted: at the next retry, within the back-off, the crash loop is quarantined.
        try await instance.executor.controls.liftEmergencyStop(by: operatorHuman)
        let lifted = cluster.clock.now
        let retry = try #require(await watchdog.retryingIncidents[incident.key])
        #expect(retry.timeIntervalSince(lifted) <= 900, "the back-off is at most maximumRetryInterval")
        try await Self.retry(cluster, watchdog, at: retry)
        #expect(try await Self.replicas(cluster) == 0)
        #expect(await watchdog.retryingIncidents.isEmpty)
        let decisions = try await Self.quarantineDecisions(store)
        #expect(decisions.first?.decision == .deny)
        #expect(decisions.first?.reason?.contains("emergency stop") == true)
        #expect(decisions.last?.decision == .execute)
        #expect(decisions.filter { $0.decision == .execute }.count == 1)
        #expect(decisions.dropLast().allSatisfy { $0.decision == .deny })
        let outcomes = await watchdog.feed.recommendations().compactMap(\.action?.outcome)
        #expect(outcomes == [.denied, .executed])
        let actions = await store.actions(ActionQuery(tool: QuarantineDeploymentTool.name, status: .succeeded))
        #expect(actions.count == 1)
    }

    @Test func aQuarantineRefusedByARateLimitRunsWhenTheLimitAllows() async throws {
        let cluster = try await SimulatedCluster.start([try #require(BuiltInScenarios.named("crashloop"))], runFor: false)
        defer { Task { await cluster.stop() } }
        let store = InMemoryAuditStore()
        // One quarantine per ten minutes.
        let gate = GatekeeperConfiguration(
            level: .l2, rateLimits: RateLimitConfiguration(perPackage: [.quarantine: .init(capacity: 1, refillPerMinute: 0.1)]))
        let instance = try await Instance.start(on: cluster, store: store, gate: gate)
        defer { Task { await instance.stop() } }
        let watchdog = instance.watchdog

        // Just before the crash loop crosses the threshold, another quarantine takes the only token.
        try await Self.advance(cluster, until: Self.restarted(4))
        _ = try await instance.executor.execute(
            ToolInvocation(
                tool: QuarantineDeploymentTool.name,
                arguments: ["namespace": .string(Self.namespace), "name": "elsewhere", "reason": "takes the token"]),
            caller: operatorHuman)
        try await Self.advance(cluster, until: Self.restarted(5))
        #expect(await WatchdogTests.eventually { await !watchdog.retryingIncidents.isEmpty })
        let decisions = try await Self.quarantineDecisions(store)
        let denial = try #require(decisions.first)
        #expect(decisions.count == 1 && denial.decision == .deny)
        #expect(denial.reason?.contains("rate limit") == true, "\(denial.reason ?? "")")

        // The retry waits for the limit's own retry time, without trying in between.
        let incident = try #require(await watchdog.incidentRecords.first)
        let retry = try #require(incident.nextAttempt)
        #expect(retry.timeIntervalSince(denial.timestamp) > 30, "the rate limit's retry time is honoured")
        await cluster.simulator.advance(by: .seconds(30))
        try await watchdog.tick()
        #expect(try await Self.quarantineDecisions(store).count == 1)
        #expect(try await Self.replicas(cluster) == 2)

        try await Self.retry(cluster, watchdog, at: retry)
        #expect(try await Self.replicas(cluster) == 0)
        let after = try await Self.quarantineDecisions(store)
        #expect(after.map(\.decision) == [.deny, .execute])
        #expect((after.last?.timestamp ?? .distantPast) >= retry)
        #expect(await watchdog.feed.recommendations().compactMap(\.action?.outcome) == [.denied, .executed])
    }

    // MARK: - Incident state survives a restart

    @Test func aRestartedWatchdogDoesNotRepeatAHandledIncident() async throws {
        let cluster = try await SimulatedCluster.start([try #require(BuiltInScenarios.named("crashloop"))], runFor: false)
        defer { Task { await cluster.stop() } }
        let file = try TemporaryPath()
        let first = try await Instance.start(on: cluster, store: try SQLiteAuditStore(path: file.path))
        try await Self.advance(cluster, until: Self.restarted(5))
        #expect(await WatchdogTests.eventually { await first.watchdog.feed.recommendations().first?.action?.outcome == .executed })
        let key = try #require(await first.watchdog.incidentRecords.first?.key)
        await first.stop()

        // The simulator has not moved on: the pods still crash-loop past the threshold. Without the stored incident
        // a new watchdog would call the quarantine again (the guards allow it; the tool finds it done) and add a
        // second recommendation.
        let store = try SQLiteAuditStore(path: file.path)
        let stored = try #require(try await store.watchdogIncidents().first)
        #expect(stored.key == key && stored.handled && stored.attempts == 1 && stored.lastOutcome == "executed")
        #expect(stored.workload == Self.payments)
        let second = try await Instance.start(on: cluster, store: store)
        defer { Task { await second.stop() } }
        try await second.caughtUp(with: cluster)
        try await second.watchdog.tick()
        #expect(await second.watchdog.incidents == [key])
        #expect(await second.watchdog.feed.count == 0)
        #expect(try await Self.quarantineDecisions(store).map(\.decision) == [.execute])
    }

    @Test func aRestartedWatchdogContinuesAPendingRetry() async throws {
        let cluster = try await SimulatedCluster.start([try #require(BuiltInScenarios.named("crashloop"))], runFor: false)
        defer { Task { await cluster.stop() } }
        let file = try TemporaryPath()
        let first = try await Instance.start(on: cluster, store: try SQLiteAuditStore(path: file.path))
        try await first.executor.controls.engageEmergencyStop(by: operatorHuman, reason: "maintenance")
        try await Self.advance(cluster, until: Self.restarted(5))
        #expect(await WatchdogTests.eventually { await !first.watchdog.retryingIncidents.isEmpty })
        let (key, retry) = try #require(await first.watchdog.retryingIncidents.first)
        await first.stop()

        // A new process: the stop is restored from the audit and lifted; the retry is neither forgotten nor hurried.
        let store = try SQLiteAuditStore(path: file.path)
        let second = try await Instance.start(on: cluster, store: store)
        defer { Task { await second.stop() } }
        #expect(await second.executor.controls.policy.emergencyStop)
        try await second.executor.controls.liftEmergencyStop(by: operatorHuman)
        try await second.caughtUp(with: cluster)
        let restored = try #require(await second.watchdog.retryingIncidents[key])
        #expect(abs(restored.timeIntervalSince(retry)) < 0.01)
        #expect(try await Self.quarantineDecisions(store).map(\.decision) == [.deny])

        try await Self.retry(cluster, second.watchdog, at: restored)
        #expect(try await Self.replicas(cluster) == 0)
        let incident = try #require(await second.watchdog.incidentRecords.first)
        #expect(incident.handled && incident.attempts == 2 && incident.lastOutcome == "executed")
        #expect(try await Self.quarantineDecisions(store).map(\.decision) == [.deny, .execute])
        let stored = try await store.watchdogIncidents()
        #expect(stored.map(\.key) == [key] && stored.first?.handled == true && stored.first?.attempts == 2)
    }

    // MARK: - Incidents end when their problem resolves

    @Test func aQuarantinedIncidentIsForgottenOnceItsPodsAreGone() async throws {
        let cluster = try await SimulatedCluster.start([try #require(BuiltInScenarios.named("crashloop"))], runFor: false)
        defer { Task { await cluster.stop() } }
        let file = try TemporaryPath()
        let store = try SQLiteAuditStore(path: file.path)
        let instance = try await Instance.start(on: cluster, store: store)
        defer { Task { await instance.stop() } }
        try await Self.advance(cluster, until: Self.restarted(5))
        #expect(await WatchdogTests.eventually { await instance.watchdog.feed.recommendations().first?.action?.outcome == .executed })

        // Quarantined, but its pods still crash-loop until the ReplicaSet controller removes them: it is kept.
        try await instance.watchdog.tick()
        #expect(await instance.watchdog.incidents.count == 1)
        #expect(try await store.watchdogIncidents().count == 1)

        // The pods are gone: the revision has nothing left running, so the incident has resolved.
        await cluster.simulator.advance(by: .seconds(30))
        #expect(try await cluster.client.namespaced(Pod.self, in: .named(Self.namespace)).list().items.isEmpty)
        #expect(await WatchdogTests.eventually {
            try? await instance.watchdog.tick()
            return await instance.watchdog.incidents.isEmpty
        })
        #expect(try await store.watchdogIncidents().isEmpty)
    }

    @Test func anIncidentIsForgottenAfterItsPodsStopShowingItForTheQuietPeriod() async throws {
        let cluster = try await SimulatedCluster.start([try #require(BuiltInScenarios.named("pending"))], runFor: false)
        defer { Task { await cluster.stop() } }
        let audit = InMemoryAuditStore()
        let configuration = WatchdogConfiguration(pendingTimeout: .seconds(120), resolveAfter: .seconds(600))
        let instance = try await Instance.start(on: cluster, store: audit, configuration: configuration)
        defer { Task { await instance.stop() } }
        let watchdog = instance.watchdog
        await cluster.simulator.advance(by: .seconds(150))
        try await instance.caughtUp(with: cluster, in: "okik-pending")
        try await watchdog.tick()
        #expect(await WatchdogTests.eventually { await watchdog.incidents.count == 1 })

        // A node with room arrives; the pod is scheduled and runs, so no pod of the revision shows the incident.
        let store = cluster.simulator.store
        let node = try #require(store.registry.definition(apiVersion: "v1", kind: "Node"))
        _ = try await store.create(node, namespace: nil, object: [
            "apiVersion": "v1", "kind": "Node", "metadata": ["name": "big-memory"],
            "status": ["capacity": ["cpu": "16", "memory": "256Gi", "pods": "110"]],
        ])
        try await Self.advance(cluster, in: "okik-pending", limit: .seconds(120)) { $0.status?.phase == "Running" }
        try await instance.caughtUp(with: cluster, in: "okik-pending")

        // Not before the quiet period: the pod could be between two failures.
        await cluster.simulator.advance(by: .seconds(300))
        try await watchdog.tick()
        #expect(await watchdog.incidents.count == 1)
        await cluster.simulator.advance(by: .seconds(330))
        try await watchdog.tick()
        #expect(await watchdog.incidents.isEmpty)
        #expect(try await audit.watchdogIncidents().isEmpty)
    }

    @Test func incidentsNoPodHasShownForTheRetentionAreForgotten() async throws {
        let cluster = try await SimulatedCluster.start([try #require(BuiltInScenarios.named("crashloop"))], runFor: false)
        defer { Task { await cluster.stop() } }
        let store = InMemoryAuditStore()
        // Incidents of a namespace this watchdog does not watch: only age ends them.
        let now = cluster.clock.now
        let elsewhere = ResourceRef(kind: "Deployment", namespace: "other-team", name: "web")
        func incident(_ name: String, lastSeen days: Double) -> WatchdogIncident {
            WatchdogIncident(
                key: "crash-loop-backoff/Deployment/other-team/\(name)@abc/web/observe", handled: true, attempts: 1,
                lastOutcome: "recommended", podKey: "other-team/\(name)-abc-1", workload: elsewhere, revision: "abc",
                firstSeen: now.addingTimeInterval(-9 * 86_400), lastSeen: now.addingTimeInterval(-days * 86_400))
        }
        let stale = incident("stale", lastSeen: 8)
        let recent = incident("recent", lastSeen: 1)
        try await store.saveWatchdogIncidents([stale, recent])
        let instance = try await Instance.start(on: cluster, store: store, namespace: Self.namespace)
        defer { Task { await instance.stop() } }
        try await instance.caughtUp(with: cluster)
        #expect(await instance.watchdog.incidents == [stale.key, recent.key])
        try await instance.watchdog.tick()
        #expect(await instance.watchdog.incidents == [recent.key])
        #expect(try await store.watchdogIncidents() == [recent])
    }
}
