import Foundation
import OkikKit
import OkikKubeClient
import OkikSimulator
import OkikTesting
import ServiceLifecycle
import Synchronization
import Testing

/// ``ControlMirror`` against the simulator: the `okik-control` ConfigMap and ``SafetyControls`` follow each other, a
/// stop set in either place holds, a new process starts with the ConfigMap's stop, bad values are ignored, and the
/// mirror never answers its own writes.
@Suite("ControlMirror", .serialized)
struct ControlMirrorTests {
    static let namespace = "okik-system"
    static let name = "okik-control"
    static let fast = ControlMirrorConfiguration(
        refreshInterval: .milliseconds(100), initialBackoff: .milliseconds(20), maximumBackoff: .milliseconds(200))
    static let mirrorActor = "human:configmap okik-system/okik-control"

    /// A mirror over fresh in-memory controls, synchronized and running while `body` runs.
    struct Running {
        let simulator: Simulator
        let client: KubeClient
        let controls: SafetyControls
        let store: InMemoryAuditStore
        let mirror: ControlMirror

        var configMaps: ResourceClient<ConfigMap> { client.namespaced(ConfigMap.self, in: .named(ControlMirrorTests.namespace)) }

        func configMap() async throws -> ConfigMap? { try await configMaps.getIfPresent(ControlMirrorTests.name) }

        /// Replaces keys of the ConfigMap's data the way `kubectl edit` would (read, change, PUT with resourceVersion).
        /// A person's edit, as `kubectl edit` makes it: read, change, write, and read again when the mirror wrote in
        /// between (409).
        func edit(_ changes: [String: String]) async throws {
            for attempt in 1...5 {
                var object = try #require(try await configMap())
                object.data = (object.data ?? [:]).merging(changes) { _, new in new }
                do {
                    _ = try await configMaps.update(object)
                    return
                } catch let error as KubeError where error.isConflict && attempt < 5 {
                    continue
                }
            }
        }
    }

    /// A control-state store whose next `failures` saves throw, as SQLITE_BUSY would.
    final class FailingSaves: ControlStateStore {
        let inner = InMemoryControlStateStore()
        let failures = Mutex(0)

        struct Busy: Error {}

        func loadControlState() async throws -> ControlState? { try await inner.loadControlState() }

        func saveControlState(_ state: ControlState) async throws -> Bool {
            let fail = failures.withLock { left in
                guard left > 0 else { return false }
                left -= 1
                return true
            }
            if fail { throw Busy() }
            return try await inner.saveControlState(state)
        }
    }

    static func withMirror<T: Sendable>(
        seed: ((KubeClient) async throws -> Void)? = nil, stateStore: (any ControlStateStore)? = nil,
        _ body: (Running) async throws -> T
    ) async throws -> T {
        try await withSimulator { simulator, client in
            _ = try await client.clusterScoped(Namespace.self).create(Namespace(metadata: ObjectMeta(name: namespace)))
            try await seed?(client)
            let store = InMemoryAuditStore()
            let controls = SafetyControls(
                configuration: GatekeeperConfiguration(level: .l2), store: store, stateStore: stateStore)
            try await controls.restore()
            let mirror = ControlMirror(controls: controls, client: client, configuration: fast, logger: testLogger)
            #expect(await mirror.synchronize())
            let running = Task { try await mirror.run() }
            do {
                let result = try await body(
                    Running(simulator: simulator, client: client, controls: controls, store: store, mirror: mirror))
                running.cancel()
                _ = await running.result
                return result
            } catch {
                running.cancel()
                _ = await running.result
                throw error
            }
        }
    }

    /// Polls `condition` for up to ten seconds of real time (the watch is asynchronous); false when it never held.
    static func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }

    /// The ConfigMap an API server holds, for a scripted server: what the mirror writes is what it lists next.
    final class HeldConfigMap: Sendable {
        typealias JSON = OkikKubeClient.JSONValue
        let object = Mutex<JSON?>(nil)
        let version = Mutex(1)

        func reply(to request: RecordedRequest) -> ScriptedReply {
            if request.path.contains("watch=true") { return .stall(seconds: 120) }  // a watch whose flow died
            if request.method == "PUT" || request.method == "POST" {
                guard var written = try? JSON.parse(request.body) else { return .reply(status: 400, body: "{}") }
                let next = version.withLock { $0 += 1; return $0 }
                written["metadata"]?["resourceVersion"] = .string(String(next))
                object.withLock { $0 = written }
                return .reply(status: request.method == "POST" ? 201 : 200, body: written.jsonString())
            }
            let held = object.withLock { $0 }
            if request.path.contains("/configmaps/\(ControlMirrorTests.name)") {
                guard let held else {
                    return .reply(status: 404, body: #"{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404,"message":"configmaps \"okik-control\" not found"}"#)
                }
                return .reply(body: held.jsonString())
            }
            let list: JSON = [
                "kind": "ConfigMapList", "apiVersion": "v1",
                "metadata": ["resourceVersion": .string(String(version.withLock { $0 }))],
                "items": .array(held.map { [$0] } ?? []),
            ]
            return .reply(body: list.jsonString())
        }

        /// A person's `kubectl edit`, behind the mirror's silent watch.
        func edit(_ changes: [String: String]) {
            object.withLock { held in
                for (key, value) in changes { held?["data"]?[key] = .string(value) }
                held?["metadata"]?["resourceVersion"] = .string(String(version.withLock { $0 += 1; return $0 }))
            }
        }
    }

    /// A watch whose connection died without a close (a lost API server node) delivers nothing and ends nothing; a
    /// stop written into the ConfigMap behind it is still applied, at the next relist.
    @Test func aStopWrittenBehindASilentWatchIsAppliedAtTheNextRelist() async throws {
        let held = HeldConfigMap()
        try await ScriptedProviderServer.with(responder: { request, _ in held.reply(to: request) }) { server in
            let config = try server.kubeConfig()
            let client = try KubeClient(config: config, logger: testLogger)
            let controls = SafetyControls(configuration: GatekeeperConfiguration(level: .l2), store: InMemoryAuditStore())
            try await controls.restore()
            var configuration = Self.fast
            configuration.relistInterval = .seconds(1)
            let mirror = ControlMirror(controls: controls, client: client, configuration: configuration, logger: testLogger)
            #expect(await mirror.synchronize())
            let running = Task { try await mirror.run() }
            // The mirror watches (silently) once it listed.
            #expect(try await Self.eventually { await server.requests.contains { $0.path.contains("watch=true") } })
            held.edit([ControlConfigMap.Key.emergencyStop: "true", ControlConfigMap.Key.emergencyStopReason: "stop now"])
            #expect(try await Self.eventually { await controls.current.emergencyStop }, "the stop behind the silent watch was never applied")
            running.cancel()
            _ = await running.result
            try? await client.shutdown()
        }
    }

    @Test func startingWritesTheStateIntoANewLabelledConfigMap() async throws {
        try await Self.withMirror { running in
            let object = try #require(try await running.configMap())
            #expect(object.metadata.labels?["app.kubernetes.io/component"] == "control")
            #expect(object.metadata.labels?["app.kubernetes.io/managed-by"] == "okik")
            #expect(object.data?["emergencyStop"] == "false")
            #expect(object.data?["level"] == "L2")
            #expect(object.data?["automationEnabled"] == "true")
            #expect(object.data?["version"] == "1")
        }
    }

    @Test func aStopWrittenIntoTheConfigMapEngagesTheStopAtItsWatchEvent() async throws {
        try await Self.withMirror { running in
            try await ControlConfigMap.setEmergencyStop(
                true, reason: "bad rollout", by: Caller(.human, "bob"), client: running.client)
            #expect(try await Self.eventually { await running.controls.current.emergencyStop })
            #expect(await running.controls.emergencyStopReason == "bad rollout (by human:bob)")
            #expect(await running.controls.policy.emergencyStop)
            let audited = await running.store.entries(AuditQuery(kinds: [.emergencyStopEngaged]))
            #expect(audited.map(\.actor) == [Self.mirrorActor])
        }
    }

    @Test func aStopWhoseFirstApplyFailsIsAppliedLaterAndNeverWrittenOver() async throws {
        let stateStore = FailingSaves()
        try await Self.withMirror(stateStore: stateStore) { running in
            stateStore.failures.withLock { $0 = 1 }
            try await ControlConfigMap.setEmergencyStop(true, reason: "busy store", by: Caller(.human, "bob"), client: running.client)
            #expect(try await Self.eventually { await running.controls.current.emergencyStop })
            #expect(stateStore.failures.withLock { $0 } == 0)
            // A change made through the controls is written with the stop, never over it.
            try await running.controls.setLevel(.l3, by: operatorHuman)
            #expect(try await Self.eventually { try await running.configMap()?.data?["level"] == "L3" })
            #expect(try await running.configMap()?.data?["emergencyStop"] == "true")
            #expect(await running.controls.current.emergencyStop)
        }
    }

    @Test func aStopWhoseApplyFailedIsAppliedAfterTheMirrorListsAgain() async throws {
        let stateStore = FailingSaves()
        try await Self.withMirror(stateStore: stateStore) { running in
            // Every watch ends after its first event, so the mirror lists again right after the failed apply.
            running.simulator.faults = FaultConfiguration(cutWatchAfterEvents: 1, pathFilter: "/configmaps")
            stateStore.failures.withLock { $0 = 1 }
            try await ControlConfigMap.setEmergencyStop(true, reason: "busy store", by: Caller(.human, "bob"), client: running.client)
            #expect(try await Self.eventually { stateStore.failures.withLock { $0 } == 0 })
            try await Task.sleep(for: .milliseconds(300))  // the relist after the failure
            try await running.controls.setLevel(.l3, by: operatorHuman)
            #expect(try await Self.eventually { try await running.configMap()?.data?["level"] == "L3" })
            #expect(try await running.configMap()?.data?["emergencyStop"] == "true")
            #expect(try await Self.eventually { await running.controls.current.emergencyStop })
        }
    }

    @Test func aStopEngagedThroughSafetyControlsAppearsInTheConfigMap() async throws {
        try await Self.withMirror { running in
            try await running.controls.engageEmergencyStop(by: operatorHuman, reason: "drill")
            #expect(try await Self.eventually { try await running.configMap()?.data?["emergencyStop"] == "true" })
            let record = try #require(try await ControlConfigMap.read(client: running.client))
            #expect(record.emergencyStopReason == "drill")
            #expect(record.changedBy == "human:alice")
            #expect(record.version == 2)
            try await running.controls.setLevel(.l3, by: operatorHuman)
            #expect(try await Self.eventually { try await running.configMap()?.data?["level"] == "L3" })
        }
    }

    @Test func liftingThroughTheConfigMapLiftsTheStop() async throws {
        try await Self.withMirror { running in
            try await running.controls.engageEmergencyStop(by: operatorHuman, reason: "drill")
            #expect(try await Self.eventually { try await running.configMap()?.data?["emergencyStop"] == "true" })
            try await ControlConfigMap.setEmergencyStop(false, reason: "", by: Caller(.human, "bob"), client: running.client)
            #expect(try await Self.eventually { await !running.controls.current.emergencyStop })
            let lifted = await running.store.entries(AuditQuery(kinds: [.emergencyStopLifted]))
            #expect(lifted.map(\.actor) == [Self.mirrorActor])
        }
    }

    @Test func levelAndAutomationEditedInTheConfigMapAreApplied() async throws {
        try await Self.withMirror { running in
            try await running.edit(["level": "L1", "automationEnabled": "false"])
            #expect(try await Self.eventually {
                let state = await running.controls.current
                return state.level == .l1 && !state.automationEnabled
            })
            #expect(await running.controls.current.changedBy == Self.mirrorActor)
        }
    }

    @Test func anInvalidValueIsIgnoredAndTheStateIsUnchanged() async throws {
        try await Self.withMirror { running in
            let before = await running.controls.current
            try await running.edit(["level": "L9", "emergencyStop": "maybe"])
            // A valid edit after it: once it is applied, the invalid one (an earlier event) was handled.
            try await running.edit(["automationEnabled": "false"])
            #expect(try await Self.eventually { await !running.controls.current.automationEnabled })
            let after = await running.controls.current
            #expect(after.level == before.level)
            #expect(!after.emergencyStop)
            #expect(after.version == before.version + 1)
        }
    }

    @Test func theMirrorDoesNotAnswerItsOwnWrites() async throws {
        try await Self.withMirror { running in
            try await ControlConfigMap.setEmergencyStop(true, reason: "drill", by: Caller(.human, "bob"), client: running.client)
            // The person's write, then the mirror's write-back naming the new version; nothing after.
            #expect(try await Self.eventually {
                try await running.configMap()?.data?["changedBy"] == Self.mirrorActor
            })
            let settled = try #require(try await running.configMap()?.metadata.resourceVersion)
            running.simulator.requests.reset()
            try await Task.sleep(for: .milliseconds(600))  // several refresh intervals and watch round trips
            #expect(try await running.configMap()?.metadata.resourceVersion == settled)
            #expect(running.simulator.requests.writeCount() == 0)
            #expect(await running.controls.current.version == 2)
        }
    }

    @Test func anotherConfigMapInTheNamespaceIsIgnored() async throws {
        try await Self.withMirror { running in
            _ = try await running.configMaps.create(
                ConfigMap(metadata: ObjectMeta(name: "other", namespace: Self.namespace), data: ["emergencyStop": "true"]))
            try await running.edit(["level": "L1"])
            #expect(try await Self.eventually { await running.controls.current.level == .l1 })
            #expect(await !running.controls.current.emergencyStop)
        }
    }

    @Test func theMirrorWatchesAgainWhenTheServerCutsTheStream() async throws {
        try await Self.withMirror { running in
            running.simulator.faults = FaultConfiguration(cutWatchAfterEvents: 1, pathFilter: "/configmaps")
            try await running.edit(["level": "L1"])
            #expect(try await Self.eventually { await running.controls.current.level == .l1 })
            try await running.edit(["automationEnabled": "false"])
            #expect(try await Self.eventually { await !running.controls.current.automationEnabled })
        }
    }

    @Test func aMirrorThatCannotReachTheAPIAtStartRetriesWithBackoffAndThenApplies() async throws {
        try await withSimulator { simulator, client in
            _ = try await client.clusterScoped(Namespace.self).create(Namespace(metadata: ObjectMeta(name: Self.namespace)))
            try await ControlConfigMap.setEmergencyStop(true, reason: "while down", by: operatorHuman, client: client)
            let controls = SafetyControls(configuration: .default, store: InMemoryAuditStore())
            try await controls.restore()
            let mirror = ControlMirror(controls: controls, client: client, configuration: Self.fast, logger: testLogger)
            // More failures in a row than the client retries: the start fails, the service backs off and tries again.
            simulator.faults = FaultConfiguration(internalErrorRate: 1, pathFilter: "/configmaps", budget: 12)
            #expect(await !mirror.synchronize())
            #expect(await !controls.current.emergencyStop)
            let running = Task { try await mirror.run() }
            #expect(try await Self.eventually { await controls.current.emergencyStop })
            #expect(simulator.faults.budget == 0)
            running.cancel()
            _ = await running.result
        }
    }

    @Test func aDeletedConfigMapIsWrittenAgain() async throws {
        try await Self.withMirror { running in
            try await running.configMaps.delete(Self.name)
            #expect(try await Self.eventually { try await running.configMap() != nil })
            #expect(try await running.configMap()?.data?["level"] == "L2")
        }
    }

    @Test func aStopInTheConfigMapHoldsInANewRuntimeBeforeItsFirstDecision() async throws {
        try await withSimulator { simulator, client in
            try await Fixture.seed(simulator, client)
            try await ControlConfigMap.setEmergencyStop(true, reason: "pod replaced", by: operatorHuman, client: client)
            var configuration = OkikRuntimeConfiguration(cluster: .client(client), controlMirror: Self.fast)
            configuration.gatekeeper = GatekeeperConfiguration(level: .l4, rateLimits: .unlimited)
            let runtime = try await OkikRuntime.start(configuration, logger: testLogger)
            #expect(await runtime.executor.controls.current.emergencyStop)
            #expect(runtime.services.firstIndex { $0 is ControlMirror } == 2)
            simulator.requests.reset()
            let report = try await runtime.executor.execute(
                ToolInvocation(tool: "scale_deployment", arguments: ["namespace": "shop", "name": "web", "replicas": 4]),
                caller: agent)
            guard case .denied = report.outcome else {
                Issue.record("expected the scale to be denied, got \(report.outcome)")
                return
            }
            #expect(simulator.requests.writeCount() == 0)
            await runtime.shutdown()
        }
    }

    @Test func aFreshDatabaseAdoptsTheConfigMapsLevelAndAnOlderDatabaseKeepsItsOwn() async throws {
        try await withSimulator { _, client in
            _ = try await client.clusterScoped(Namespace.self).create(Namespace(metadata: ObjectMeta(name: Self.namespace)))
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("okik-mirror-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let first = OkikRuntimeConfiguration(
                cluster: .client(client), audit: .sqlite(path: directory.appendingPathComponent("a.sqlite").path),
                controlMirror: Self.fast)
            let one = try await OkikRuntime.start(first, logger: testLogger)
            try await one.executor.controls.setLevel(.l3, by: operatorHuman)
            try await one.executor.controls.setAutomation(enabled: false, by: operatorHuman)
            // No mirror ran to write these; write them as it would.
            let configMaps = client.namespaced(ConfigMap.self, in: .named(Self.namespace))
            var object = try #require(try await configMaps.getIfPresent(Self.name))
            object.data = ControlConfigMap.data(
                for: ControlState(version: 3, level: .l3, automationEnabled: false, changedBy: "human:alice", changedAt: Date()))
            _ = try await configMaps.update(object)
            var second = first
            second.audit = .sqlite(path: directory.appendingPathComponent("b.sqlite").path)
            let two = try await OkikRuntime.start(second, logger: testLogger)
            #expect(await two.executor.controls.current.level == .l3)
            #expect(await !two.executor.controls.current.automationEnabled)
            // The first database was changed by a person after that ConfigMap was written: it keeps its own level.
            try await one.executor.controls.setLevel(.l1, by: operatorHuman)
            let again = try await OkikRuntime.start(first, logger: testLogger)
            #expect(await again.executor.controls.current.level == .l1)
        }
    }

    @Test func theRuntimeRunsTheMirrorInItsServiceGroupUntilGracefulShutdown() async throws {
        let cluster = try await SimulatedCluster.start("healthy")
        defer { Task { await cluster.stop() } }
        if try await cluster.client.clusterScoped(Namespace.self).getIfPresent(Self.namespace) == nil {
            _ = try await cluster.client.clusterScoped(Namespace.self).create(Namespace(metadata: ObjectMeta(name: Self.namespace)))
        }
        let runtime = try await OkikRuntime.start(
            OkikRuntimeConfiguration(cluster: .client(cluster.client), clock: cluster.clock, controlMirror: Self.fast),
            logger: testLogger)
        #expect(runtime.services.count == 4)
        #expect(runtime.services[2] is ControlMirror)
        #expect(runtime.services[3] is Watchdog)
        let group = ServiceGroup(services: runtime.services, gracefulShutdownSignals: [], logger: testLogger)
        let running = Task { try await group.run() }
        try await runtime.executor.controls.engageEmergencyStop(by: operatorHuman, reason: "drill")
        #expect(try await Self.eventually {
            try await ControlConfigMap.read(client: cluster.client)?.emergencyStop == true
        })
        await group.triggerGracefulShutdown()
        try await running.value
    }
}
