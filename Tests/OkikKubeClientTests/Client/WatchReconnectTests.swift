import Foundation
import OkikKubeClient
import OkikSimulator
import OkikTesting
import Synchronization
import Testing

/// How a watch reconnects when the server misbehaves: it backs off and, after `maxConsecutiveFailures`, gives up with
/// an error instead of reconnecting in a hot loop; it waits as long as a 429's `Retry-After` asks.
@Suite("Watch reconnects and relists")
struct WatchReconnectTests {
    /// A config map model that requires `data`, so a config map without it cannot be decoded.
    struct StrictConfigMap: NamespacedResource {
        static let groupVersionKind = ConfigMap.groupVersionKind
        static let resourceName = ConfigMap.resourceName
        var metadata: ObjectMeta
        var data: [String: String]
    }

    /// Runs the watch until it throws, ends, or `limit` passes (then it is cancelled); returns how it ended. The limits
    /// are generous: a loaded machine (the whole suite at once) must not turn a give-up into a cancellation.
    private static func drain<R: KubernetesResource>(_ stream: WatchStream<R>, limit: Duration) async -> (any Error)? {
        let task = Task { () -> (any Error)? in
            do {
                for try await _ in stream {}
                return nil
            } catch {
                return error
            }
        }
        let timer = Task {
            try await Task.sleep(for: limit)
            task.cancel()
        }
        let result = await task.value
        timer.cancel()
        return result
    }

    /// The server ends every watch at once (a bookmark, then the end of the body): the watch backs off and gives up
    /// after `maxConsecutiveFailures` instead of opening hundreds of watches a second.
    @Test func aWatchTheServerEndsAtOnceBacksOffAndGivesUp() async throws {
        try await withSimulator(SimulatorConfiguration(faults: FaultConfiguration(cutWatchAfter: .zero))) { simulator, client in
            let maps = client.namespaced(ConfigMap.self)
            let version = try await maps.list().metadata.resourceVersion
            simulator.requests.reset()
            let error = await Self.drain(maps.watch(WatchOptions(resourceVersion: version)), limit: .seconds(30))
            let watches = simulator.requests.entries.filter { $0.method == "GET" && $0.path.hasSuffix("/configmaps") }
            #expect(watches.count <= 6, "\(watches.count) watch requests")
            #expect(error is KubeError, "\(String(describing: error))")
            simulator.faults = .none
        }
    }

    /// Every watch is answered 200 and then an in-stream ERROR (500): the failures add up and the watch throws.
    @Test func inStreamErrorsAddUpAndTheWatchThrows() async throws {
        let errorLine = #"{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"etcd is sad","code":500}}"# + "\n"
        try await ScriptedProviderServer.with(responder: { _, _ in
            .chunks(headers: ["content-type": "application/json"], [errorLine])
        }) { server in
            try await KubeClient.withClient(config: server.kubeConfig(), configuration: fastRetries, logger: testLogger) { client in
                let stream = client.namespaced(ConfigMap.self, in: .named("default"))
                    .watch(WatchOptions(resourceVersion: "5", maxConsecutiveFailures: 4))
                let error = await Self.drain(stream, limit: .seconds(30))
                let kubeError = try #require(error as? KubeError, "\(String(describing: error))")
                #expect(kubeError.httpStatus == 500)
                #expect(kubeError.message.contains("etcd is sad"))
                #expect(await server.requests.count == 4)
            }
        }
    }

    /// A 429 on opening a watch is waited out for its `Retry-After`, not retried after the first short backoff.
    @Test func aThrottledWatchWaitsForRetryAfter() async throws {
        let status = #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","reason":"TooManyRequests","code":429}"#
        let event = #"{"type":"ADDED","object":{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","namespace":"default","resourceVersion":"7"}}}"# + "\n"
        try await ScriptedProviderServer.with([
            .reply(status: 429, headers: ["content-type": "application/json", "retry-after": "1"], body: status),
            .chunks(headers: ["content-type": "application/json"], [event]),
        ]) { server in
            let configuration = KubeClientConfiguration(
                retry: .init(maxAttempts: 4, initialBackoff: .milliseconds(5), maxBackoff: .seconds(5)))
            try await KubeClient.withClient(config: server.kubeConfig(), configuration: configuration, logger: testLogger) { client in
                var events = client.namespaced(ConfigMap.self, in: .named("default"))
                    .watch(WatchOptions(resourceVersion: "5")).makeAsyncIterator()
                let start = ContinuousClock.now
                let first = try await events.next()
                #expect(first?.object?.name == "a")
                #expect(ContinuousClock.now - start >= .milliseconds(900), "\(ContinuousClock.now - start)")
            }
        }
    }

    /// Fails every GET of pods and config maps (writes pass) long enough for the informer's open watch to end (its
    /// timeout is one second), runs `changes` while no watch is open, then lets requests through again.
    private static func whileWatchesAreDown(_ simulator: Simulator, _ changes: () async throws -> Void) async throws {
        simulator.faults = FaultConfiguration(unavailableRate: 1, methodFilter: "GET")
        try await Task.sleep(for: .seconds(3))
        try await changes()
        simulator.faults = .none
    }

    /// Waits until `condition` holds (at most 30 s).
    private static func eventually(_ condition: () async -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while await !condition(), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
    }

    private static func pod(_ name: String) -> Pod {
        Pod(metadata: ObjectMeta(name: name, namespace: "default"), spec: PodSpec(containers: [Container(name: "app", image: "app:1")]))
    }

    /// After a 410 the watch relists; the informer then carries the list's resourceVersion (not the older version a
    /// `DELETED` difference carries), and its version never goes backwards.
    @Test func aRelistLeavesTheCacheAtTheListVersion() async throws {
        try await withSimulator(SimulatorConfiguration(watchHistoryLimit: 2)) { simulator, client in
            let pods = client.namespaced(Pod.self)
            for index in 0..<3 { _ = try await pods.create(Self.pod("p\(index)")) }
            let cache = ResourceCache(pods, watchTimeoutSeconds: 1, logger: testLogger)
            let runner = Task { try await cache.run() }
            await cache.waitUntilSynced()
            let versions = Mutex<[String]>([])
            let monitor = Task {
                while !Task.isCancelled {
                    if let version = await cache.resourceVersion { versions.withLock { $0.append(version) } }
                    try? await Task.sleep(for: .milliseconds(2))
                }
            }
            try await Self.whileWatchesAreDown(simulator) {
                try await pods.delete("p0")
                for index in 3..<7 { _ = try await pods.create(Self.pod("p\(index)")) }
            }
            try await Self.eventually {
                let added = await cache.object(namespace: "default", name: "p6")
                let deleted = await cache.object(namespace: "default", name: "p0")
                return added != nil && deleted == nil
            }
            let listVersion = try #require(try await pods.list().metadata.resourceVersion)
            try await Self.eventually { await cache.resourceVersion == listVersion }
            monitor.cancel()
            _ = await monitor.value
            #expect(await cache.snapshot().map(\.name) == ["p1", "p2", "p3", "p4", "p5", "p6"])
            #expect(await cache.resourceVersion == listVersion)
            let seen = versions.withLock { $0 }.compactMap { UInt64($0) }
            #expect(zip(seen, seen.dropFirst()).allSatisfy { $0 <= $1 }, "\(seen)")
            runner.cancel()
            _ = await runner.result
        }
    }

    /// An object the model cannot decode is forgotten once it is deleted, through a `DELETED` event or a relist.
    @Test func anUnreadableObjectIsForgottenOnceDeleted() async throws {
        try await withSimulator(SimulatorConfiguration(watchHistoryLimit: 2)) { simulator, client in
            let maps = client.namespaced(ConfigMap.self)
            _ = try await maps.create(configMap("good", data: ["k": "v"]))
            _ = try await maps.create(ConfigMap(metadata: ObjectMeta(name: "bad", namespace: "default")))
            let cache = ResourceCache(client.namespaced(StrictConfigMap.self), watchTimeoutSeconds: 1, logger: testLogger)
            let runner = Task { try await cache.run() }
            await cache.waitUntilSynced()
            #expect(cache.unreadable.map { $0.name ?? "" } == ["bad"])

            // Deleted while the watch is open: the DELETED event forgets it.
            try await maps.delete("bad")
            try await Self.eventually { cache.unreadable.isEmpty }
            #expect(cache.unreadable.isEmpty, "\(cache.unreadable.map(\.objectDescription))")

            // Deleted while no watch is open, found gone by the relist after a 410.
            _ = try await maps.create(ConfigMap(metadata: ObjectMeta(name: "bad2", namespace: "default")))
            try await Self.eventually { !cache.unreadable.isEmpty }
            #expect(cache.unreadable.map { $0.name ?? "" } == ["bad2"])
            try await Self.whileWatchesAreDown(simulator) {
                try await maps.delete("bad2")
                for index in 0..<4 { _ = try await maps.create(configMap("churn\(index)", data: ["k": "v"])) }
            }
            try await Self.eventually { await cache.object(namespace: "default", name: "churn3") != nil }
            #expect(await cache.object(namespace: "default", name: "churn3") != nil)
            #expect(cache.unreadable.isEmpty, "\(cache.unreadable.map(\.objectDescription))")
            runner.cancel()
            _ = await runner.result
        }
    }
}
