import Foundation
import OkikKit
import OkikKubeClient
import OkikSimulator
import OkikTesting
import Testing

@Suite("Watchdog rules driven by watch events", .serialized)
struct WatchdogTests {
    /// A watchdog running over a scenario applied (not yet advanced) on a virtual clock.
    struct Running {
        let cluster: SimulatedCluster
        let watchdog: Watchdog
        let executor: GatedToolExecutor
        let store: InMemoryAuditStore
        let task: Task<Void, any Error>

        static func start(
            _ name: String, gate: GatekeeperConfiguration = GatekeeperConfiguration(level: .l2, rateLimits: .unlimited),
            configuration: WatchdogConfiguration = WatchdogConfiguration()
        ) async throws -> Running {
            let scenario = try #require(BuiltInScenarios.named(name))
            let cluster = try await SimulatedCluster.start([scenario], runFor: false)
            let store = InMemoryAuditStore()
            let executor = try await GatedToolExecutor.start(
                client: cluster.client, store: store, configuration: gate, clock: cluster.clock, logger: testLogger)
            let watchdog = Watchdog(
                caches: ClusterCaches(client: cluster.client, logger: testLogger), executor: executor,
                configuration: configuration, clock: cluster.clock, logger: testLogger)
            let task = Task { try await watchdog.run() }
            await watchdog.caches.pods.waitUntilSynced()
            return Running(cluster: cluster, watchdog: watchdog, executor: executor, store: store, task: task)
        }

        func stop() async {
            task.cancel()
            _ = await task.result
            await cluster.stop()
        }

        /// Advances simulated time in steps until a pod of the namespace satisfies `shows` (read at once through
        /// the client), then waits briefly in real time for the asynchronous watch to make `done` hold.
        func advance(
            in namespace: String, step: Duration = .seconds(5), limit: Duration, until shows: (Pod) -> Bool,
            then done: () async throws -> Bool
        ) async throws {
            var elapsed = Duration.zero
            let pods = cluster.client.namespaced(Pod.self, in: .named(namespace))
            while elapsed < limit {
                await cluster.simulator.advance(by: step)
                elapsed += step
                if try await pods.list().items.contains(where: shows) { break }
            }
            #expect(try await WatchdogTests.eventually(done), "condition not met within \(limit) of simulated time")
        }
    }

    /// Whether a container of the pod waits in CrashLoopBackOff with at least `threshold` restarts.
    static func backingOff(_ pod: Pod, threshold: Int = 5) -> Bool {
        (pod.status?.containerStatuses ?? []).contains {
            $0.state?.waiting?.reason == "CrashLoopBackOff" && ($0.restartCount ?? 0) >= threshold
        }
    }

    /// Polls `condition` for up to two seconds of real time (the watch is asynchronous).
    static func eventually(_ condition: () async throws -> Bool) async rethrows -> Bool {
        for _ in 0..<40 {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }

    @Test func quarantinesACrashLoopingDeploymentAtTheThresholdEvent() async throws {
        let running = try await Running.start("crashloop")
        defer { Task { await running.stop() } }
        let deployments = running.cluster.client.namespaced(Deployment.self, in: .named("okik-crashloop"))
        try await running.advance(in: "okik-crashloop", limit: .seconds(900), until: { Self.backingOff($0) }) {
            await running.watchdog.feed.count > 0
        }
        let recommendation = try #require(await running.watchdog.feed.recommendations().first)
        // It fired on the event that first showed the threshold: not one restart later.
        #expect(recommendation.evidence["restarts"] == "5")
        #expect(recommendation.rule == "crash-loop-backoff")
        #expect(recommendation.subject == ResourceRef(kind: "Deployment", namespace: "okik-crashloop", name: "payments-api"))
        #expect(recommendation.action?.outcome == .executed, "\(String(describing: recommendation.action))")
        let deployment = try await deployments.get("payments-api")
        #expect(deployment.spec?.replicas == 0)
        #expect(deployment.metadata.annotations?[QuarantineAnnotations.quarantinedBy] == "watchdog:okik-watchdog")
        // Further events of the same incident do not fire again.
        await running.cluster.simulator.advance(by: .seconds(300))
        try await Task.sleep(for: .milliseconds(300))
        #expect(await running.watchdog.feed.recommendations().filter { $0.rule == "crash-loop-backoff" }.count == 1)
        let decisions = await running.store.entries(AuditQuery(tool: "quarantine_deployment"))
        #expect(decisions.contains { $0.kind == .outcome && $0.outcome == .succeeded && $0.actor == "watchdog:okik-watchdog" })
    }

    @Test func anActionQueuedOnlyBecauseTheClusterCouldNotBeReadIsTriedAgain() async throws {
        let running = try await Running.start("crashloop")
        defer { Task { await running.stop() } }
        let deployments = running.cluster.client.namespaced(Deployment.self, in: .named("okik-crashloop"))
        // The guards' read of the namespace's disruption budgets fails (an API server outage), so the quarantine
        // cannot be checked: it waits as a plan.
        running.cluster.simulator.faults = FaultConfiguration(
            unavailableRate: 1, pathFilter: "namespaces/okik-crashloop/poddisruptionbudgets", methodFilter: "GET")
        try await running.advance(in: "okik-crashloop", limit: .seconds(900), until: { Self.backingOff($0) }) {
            await running.watchdog.feed.count > 0
        }
        let first = try #require(await running.watchdog.feed.recommendations().first)
        #expect(first.action?.outcome == .queued, "\(String(describing: first.action))")
        #expect(try await deployments.get("payments-api").spec?.replicas != 0)

        // The API server answers again: the next look after the back-off quarantines it.
        running.cluster.simulator.faults = .none
        await running.cluster.simulator.advance(by: .seconds(120))
        try await running.watchdog.tick()
        #expect(await Self.eventually { (try? await deployments.get("payments-api").spec?.replicas) == 0 })
    }

    @Test func neverQuarantinesInAProtectedNamespace() async throws {
        let gate = GatekeeperConfiguration(level: .l4, additionalProtectedNamespaces: ["okik-crashloop"], rateLimits: .unlimited)
        let running = try await Running.start("crashloop", gate: gate)
        defer { Task { await running.stop() } }
        try await running.advance(in: "okik-crashloop", limit: .seconds(900), until: { Self.backingOff($0) }) {
            await running.watchdog.feed.count > 0
        }
        let recommendation = try #require(await running.watchdog.feed.recommendations().first)
        #expect(recommendation.action?.outcome == .denied)
        #expect(recommendation.action?.message.contains("protected") == true, "\(recommendation.action?.message ?? "")")
        let deployment = try await running.cluster.client.namespaced(Deployment.self, in: .named("okik-crashloop")).get("payments-api")
        #expect((deployment.spec?.replicas ?? 0) > 0)
        #expect(deployment.metadata.annotations?[QuarantineAnnotations.quarantined] == nil)
    }

    @Test func recommendsMemoryForAnOOMKillOnce() async throws {
        let running = try await Running.start("oom")
        defer { Task { await running.stop() } }
        let killed: (Pod) -> Bool = { pod in
            (pod.status?.containerStatuses ?? []).contains { $0.lastState?.terminated?.reason == "OOMKilled" }
        }
        try await running.advance(in: "okik-oom", step: .seconds(10), limit: .seconds(900), until: killed) {
            await running.watchdog.feed.recommendations().contains { $0.rule == "oom-killed" }
        }
        await running.cluster.simulator.advance(by: .seconds(300))
        try await Task.sleep(for: .milliseconds(300))
        let oom = await running.watchdog.feed.recommendations().filter { $0.rule == "oom-killed" }
        #expect(oom.count == 1)
        let first = try #require(oom.first)
        #expect(first.evidence["exit code"] == "137")
        #expect(first.evidence["memory limit"] != "none")
        #expect(first.evidence["observed peak"] != "unknown")
        #expect(first.action == nil, "an OOM recommendation changes nothing by itself")
        let call = try #require(first.proposedCalls.first)
        #expect(call.tool == "update_resources")
        #expect(call.arguments["limits"]?["memory"]?.stringValue != nil)
    }

    @Test func diagnosesAPodPendingPastTheTimeout() async throws {
        let configuration = WatchdogConfiguration(pendingTimeout: .seconds(120))
        let running = try await Running.start("pending", configuration: configuration)
        defer { Task { await running.stop() } }
        await running.cluster.simulator.advance(by: .seconds(60))
        try await running.watchdog.tick()
        #expect(await running.watchdog.feed.count == 0, "fired before the timeout")
        await running.cluster.simulator.advance(by: .seconds(90))
        try await running.watchdog.tick()
        #expect(await Self.eventually { await running.watchdog.feed.count > 0 })
        let recommendation = try #require(await running.watchdog.feed.recommendations().first)
        #expect(recommendation.rule == "pending-timeout")
        #expect(recommendation.evidence["scheduler"]?.contains("Insufficient memory") == true)
        #expect(recommendation.evidence["most free on a node"] != nil)
        #expect(recommendation.recommendation.contains("memory request"))
        try await running.watchdog.tick()
        await running.cluster.simulator.advance(by: .seconds(60))
        try await running.watchdog.tick()
        #expect(await running.watchdog.feed.recommendations().filter { $0.rule == "pending-timeout" }.count == 1)
    }
}
