import Foundation
import Logging
import OkikKubeClient
import ServiceLifecycle

/// The simulated control plane and kubelets: a discrete-event simulation over the store's objects.
///
/// It learns about changes from the store, keeps typed state per controller, and writes objects and status the way
/// the real components do. Time comes from a ``SimulationClock``: on a virtual clock ``advance(by:)`` jumps from one
/// wake-up to the next (a container exit, a back-off, a metrics sample) and settles the controllers after each, so an
/// hour of a large cluster costs only its events; on the real-time clock ``run()`` drives the same loop.
public actor ClusterRuntime: ServiceLifecycle.Service {
    /// The clock the simulation runs on.
    public nonisolated let clock: SimulationClock
    /// The store the runtime reads and writes.
    public nonisolated let store: ObjectStore
    var state: ClusterState
    private let inbox = ChangeInbox()
    private let logger: Logger
    var definitions: [SimKind: ResourceDefinition] = [:]
    /// Runs process containers, once attached (the simulator attaches it when it knows its own port).
    private var runner: ProcessPodRunner?
    private var lastPatch: [ObjectRef: Int] = [:]
    private var started = false

    /// Marks writes made by the runtime itself, so the store's change hook does not feed them back.
    enum Writer {
        @TaskLocal static var isRuntime = false
    }

    /// Creates a runtime over a store; call ``start()`` before use. Containers whose image `processPods` names run
    /// as real processes once a ``ProcessPodRunner`` is attached.
    public init(
        store: ObjectStore, logs: PodLogStore, clock: SimulationClock, configuration: RuntimeConfiguration = .standard,
        processPods: ProcessPodConfiguration = .none, logger: Logger = Logger(label: "okik.sim.runtime")
    ) {
        self.store = store
        self.clock = clock
        self.logger = logger
        state = ClusterState(configuration: configuration, logs: logs, now: clock.now, processPods: processPods)
        for kind in SimKind.allCases {
            let (apiVersion, name) = kind.apiVersionKind
            definitions[kind] = store.registry.definition(apiVersion: apiVersion, kind: name)
        }
    }

    /// Subscribes to the store, loads the objects already there, and settles.
    public func start() async {
        guard !started else { return }
        started = true
        let inbox = self.inbox
        await store.setObserver { record in
            if !Writer.isRuntime || record.type == "DELETED" { inbox.push(record) }
        }
        state.now = clock.now
        var existing: [(SimKind, StoredObject)] = []
        for kind in SimKind.allCases where kind != .event && kind != .podMetrics && kind != .nodeMetrics {
            guard let definition = definitions[kind] else { continue }
            for object in await store.all(definition) { existing.append((kind, object)) }
        }
        existing.sort { ($0.1.resourceVersion, $0.0) < ($1.1.resourceVersion, $1.0) }
        let changes = ClusterState.Change.decode(
            existing.map { (WatchRecord(type: "ADDED", object: $0.1, previous: nil), $0.0) }, now: state.now)
        for change in changes { state.apply(change) }
        let now = state.now
        if state.configuration.publishMetrics {
            state.timers.schedule(.metrics, at: now.addingTimeInterval(state.configuration.metricsInterval.timeInterval))
        }
        state.timers.schedule(.hpa, at: now.addingTimeInterval(state.configuration.hpaSyncInterval.timeInterval))
        state.timers.schedule(.eventSweep, at: now.addingTimeInterval(600))
        await settle()
    }

    /// Hands process containers to a runner: starts queued before now are sent at the next settle.
    func attach(_ runner: ProcessPodRunner) {
        self.runner = runner
    }

    /// What the process runner reports to the kubelet.
    var processTable: ProcessTable { state.processes }

    /// Processes every pending change and due timer at the current time, until the cluster is quiet.
    public func settle() async {
        state.now = max(state.now, clock.now)
        var rounds = 0
        repeat {
            rounds += 1
            for target in state.timers.popDue(state.now) { fire(target) }
            for key in state.processes.drainChanged() where state.pods[key] != nil { state.markDirty(.pod, key) }
            processInbox()
            runControllers()
            await flush()
        } while (!inbox.isEmpty || state.hasDirty || state.processes.hasChanges
            || (state.timers.nextTime().map { $0 <= state.now } ?? false))
            && rounds < 50
    }

    /// Moves the clock forward, stepping through every wake-up on the way. A real-time clock stops at the wall clock
    /// (start it in the past with ``SimulationClock/realTime(startingAgo:)`` to fast-forward it).
    public func advance(by duration: Duration) async {
        let target = clock.reachable(clock.now.addingTimeInterval(duration.timeInterval))
        await settle()
        while let next = state.timers.nextTime(), next <= target {
            clock.advance(to: next)
            state.now = next
            await settle()
        }
        clock.advance(to: target)
        state.now = target
        await settle()
    }

    /// Drives the simulation in real time until cancelled or shut down gracefully.
    public func run() async throws {
        await start()
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.settle()
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
    }

    /// The node annotation listing images already present on a node (comma-separated), so pods start without a pull.
    public static let imagesAnnotation = "sim.okik.io/images"

    /// Turns recording of Normal events on or off (bulk loads of synthetic clusters switch it off).
    public func setRecordNormalEvents(_ record: Bool) {
        state.configuration.recordNormalEvents = record
    }

    /// Pending wake-ups (for tests and benchmarks).
    public var pendingWakeUps: Int { state.timers.count }

    /// Objects the runtime tracks, by kind name (for benchmarks and diagnostics).
    public var trackedCounts: [String: Int] {
        [
            "Node": state.nodes.count, "Pod": state.pods.count, "Deployment": state.deployments.count,
            "ReplicaSet": state.replicaSets.count, "StatefulSet": state.statefulSets.count,
            "DaemonSet": state.daemonSets.count, "Job": state.jobs.count, "CronJob": state.cronJobs.count,
            "HorizontalPodAutoscaler": state.hpas.count, "PersistentVolumeClaim": state.claims.count,
            "Event": state.events.events.count,
        ]
    }

    // MARK: - The loop

    private func fire(_ target: WakeTarget) {
        let interval = state.configuration
        switch target {
        case .pod(let key): state.markDirty(.pod, key)
        case .deployment(let key): state.markDirty(.deployment, key)
        case .scriptedRollout(let key): state.dueRollouts.insert(key)
        case .replicaSet(let key): state.markDirty(.replicaSet, key)
        case .disruptionBudget(let key): state.markDirty(.podDisruptionBudget, key)
        case .job(let key): state.markDirty(.job, key)
        case .cronJob(let key): state.markDirty(.cronJob, key)
        case .metrics:
            MetricsPipeline.sample(in: &state)
            state.timers.schedule(.metrics, at: state.now.addingTimeInterval(interval.metricsInterval.timeInterval))
        case .hpa:
            for key in state.hpas.keys { state.markDirty(.hpa, key) }
            state.timers.schedule(.hpa, at: state.now.addingTimeInterval(interval.hpaSyncInterval.timeInterval))
        case .eventSweep:
            let cutoff = state.now.addingTimeInterval(-interval.eventTTL.timeInterval)
            for key in state.events.expire(before: cutoff) { state.deletes.insert(ObjectRef(kind: .event, key: key)) }
            state.timers.schedule(.eventSweep, at: state.now.addingTimeInterval(600))
        }
    }

    private func processInbox() {
        var records: [(WatchRecord, SimKind)] = []
        for record in inbox.drain() {
            if record.object.resourceKey == Self.servicesKey { state.endpointNamespaces.insert(record.object.namespace) }
            guard let kind = SimKind.forResourceKey(record.object.resourceKey, registry: store.registry) else { continue }
            if kind == .podMetrics || kind == .nodeMetrics { continue }
            if kind == .event && record.type != "DELETED" { continue }
            // Someone else wrote a budget's status (an eviction): the controller's next status is written even if
            // it equals the one the runtime wrote last.
            if kind == .podDisruptionBudget { lastPatch[ObjectRef(kind: kind, key: ObjectRef.key(record.object.namespace, record.object.name))] = nil }
            records.append((record, kind))
        }
        // Decoded in slices, each applied before the next is decoded: a bulk load's decoded objects are freed slice
        // by slice (decoding every object first held them all at once, hundreds of megabytes on a large start).
        var start = 0
        while start < records.count {
            let end = min(records.count, start + Self.intakeSlice)
            let changes = ClusterState.Change.decode(Array(records[start..<end]), now: state.now)
            for change in changes { state.apply(change) }
            start = end
        }
    }

    /// Changes decoded at once by ``processInbox()``.
    private static let intakeSlice = 1024

    private func runControllers() {
        var rounds = 0
        while state.hasDirty && rounds < 100 {
            rounds += 1
            for name in state.takeDirty(.namespace) { NamespaceController.reconcile(name, in: &state) }
            for name in state.takeDirty(.node) { NodeController.reconcile(name, in: &state) }
            for key in state.takeDirty(.storageClass) { _ = key }
            for key in state.takeDirty(.persistentVolume) { _ = key }
            for key in state.takeDirty(.persistentVolumeClaim) { ClaimController.reconcile(key, in: &state) }
            for key in state.takeDirty(.cronJob) { CronJobController.reconcile(key, in: &state) }
            for key in state.takeDirty(.hpa) { HPAController.reconcile(key, in: &state) }
            for key in state.takeDirty(.deployment) { DeploymentController.reconcile(key, in: &state) }
            let replicaSets = state.takeDirty(.replicaSet)
            state.reservePods(forReplicaSets: replicaSets)
            for key in replicaSets { ReplicaSetController.reconcile(key, in: &state) }
            for key in state.takeDirty(.statefulSet) { StatefulSetController.reconcile(key, in: &state) }
            for key in state.takeDirty(.daemonSet) { DaemonSetController.reconcile(key, in: &state) }
            for key in state.takeDirty(.job) { JobController.reconcile(key, in: &state) }
            let podKeys = state.takeDirty(.pod)
            if !podKeys.isEmpty {
                // The scheduling queue's order: higher priority first, then older first. Only keys and ranks are
                // sorted (sorting the pods themselves moved every pod's state around).
                let pending = podKeys.compactMap { key in
                    state.pods[key].flatMap {
                        $0.nodeName == nil ? (key: key, priority: $0.priority, sequence: $0.sequence) : nil
                    }
                }.sorted { ($0.priority, -$0.sequence) > ($1.priority, -$1.sequence) }
                Scheduler.schedule(pending.map(\.key), in: &state)
                for key in podKeys where state.pods[key]?.nodeName != nil { Kubelet.sync(key, in: &state) }
            }
            for key in state.takeDirty(.podDisruptionBudget) { DisruptionController.reconcile(key, in: &state) }
        }
    }

    // MARK: - Writing

    /// Objects rendered and created per store call: bounds the rendered JSON held at once.
    private static let flushChunk = 256

    private func flush() async {
        await performScriptedRollouts()
        await flushWrites()
        await reconcileEndpoints()
        if let runner, !state.processCommands.isEmpty {
            let commands = state.processCommands
            state.processCommands = []
            await runner.perform(commands)
        }
    }

    private func flushWrites() async {
        guard !state.writes.isEmpty || !state.deletes.isEmpty else { return }
        let writes = state.writes.sorted()
        let deletes = state.deletes.sorted()
        state.writes = []
        state.deletes = []
        await Writer.$isRuntime.withValue(true) {
            // Kinds go in order (owners before what they own, so new objects can name their owners' uids); within
            // a chunk, objects render on all cores and consecutive creates go to the store as one batch.
            var start = 0
            while start < writes.count {
                let kind = writes[start].kind
                var end = start
                while end < writes.count && end - start < Self.flushChunk && writes[end].kind == kind { end += 1 }
                let chunk = Array(writes[start..<end])
                let actions = Self.render(chunk, in: state)
                await write(chunk, actions: actions)
                // The store keeps bytes, so these trees are garbage now; freeing them here held up the next chunk.
                BackgroundRelease.release(consume actions)
                start = end
            }
            for reference in deletes {
                lastPatch[reference] = nil
                guard let definition = definitions[reference.kind] else { continue }
                _ = try? await store.delete(definition, namespace: reference.storeNamespace, name: reference.name)
            }
        }
    }

    /// Writes the due scripted rollouts as an API client would (not as the runtime), so their change comes back
    /// through the store like a `kubectl set image`.
    private func performScriptedRollouts() async {
        guard !state.dueRollouts.isEmpty, let definition = definitions[.deployment] else { return }
        let keys = state.dueRollouts.sorted()
        state.dueRollouts = []
        for key in keys {
            guard let deployment = state.deployments[key], let rollout = deployment.scriptedRollout else { continue }
            do {
                try await store.modify(definition, namespace: deployment.namespace, name: deployment.name) { json in
                    ScriptedRollout.apply(rollout, to: &json)
                }
            } catch {
                logger.debug("could not roll out \(key): \(error)")
            }
        }
    }

    /// What to write for each object, rendered on all cores (rendering only reads the state).
    private static func render(_ references: [ObjectRef], in state: ClusterState) -> [WriteAction] {
        references.parallelMap(minimumChunk: 64) { state.render($0) }
    }

    /// Writes one chunk of one kind in order, sending consecutive new objects, and consecutive patches, to the store
    /// in one call each.
    private func write(_ references: [ObjectRef], actions: [WriteAction]) async {
        guard let kind = references.first?.kind, let definition = definitions[kind] else { return }
        var creates: [(reference: ObjectRef, object: JSONValue)] = []
        var patches: [(reference: ObjectRef, fields: [PatchField])] = []
        for (reference, action) in zip(references, actions) {
            switch action {
            case .skip:
                continue
            case .create(let json):
                await patch(patches, definition: definition)
                patches = []
                creates.append((reference, json))
            case .patch(let fields):
                let hash = fields.hashValue
                if lastPatch[reference] == hash { continue }
                lastPatch[reference] = hash
                await create(creates, definition: definition)
                creates = []
                patches.append((reference, fields))
            case .upsert(let json):
                await create(creates, definition: definition)
                await patch(patches, definition: definition)
                creates = []
                patches = []
                _ = try? await store.publish(definition, namespace: reference.storeNamespace, object: json)
            }
        }
        await create(creates, definition: definition)
        await patch(patches, definition: definition)
    }

    private func create(_ creates: [(reference: ObjectRef, object: JSONValue)], definition: ResourceDefinition) async {
        guard !creates.isEmpty else { return }
        let results = await store.createAll(definition, creates.map { ($0.reference.storeNamespace, $0.object) })
        for (entry, result) in zip(creates, results) {
            switch result {
            case .success(let stored):
                state.markCreated(entry.reference, uid: stored.uid)
            case .failure(let error):
                logger.debug("could not create \(entry.reference.kind) \(entry.reference.key): \(error)")
                state.dropUncreated(entry.reference)
            }
        }
    }

    private func patch(_ patches: [(reference: ObjectRef, fields: [PatchField])], definition: ResourceDefinition) async {
        guard !patches.isEmpty else { return }
        let changes = patches.map { entry in
            let fields = entry.fields
            return ObjectStore.ObjectChange(namespace: entry.reference.storeNamespace, name: entry.reference.name) { json in
                for field in fields { json.set(field.value, at: field.path) }
            }
        }
        let results = await store.modifyEach(definition, changes)
        for (entry, result) in zip(patches, results) {
            if case .failure(let error) = result {
                logger.debug("could not update \(entry.reference.kind) \(entry.reference.key): \(error)")
            }
        }
    }
}
