import Foundation
import Logging
import OkikKubeClient
import ServiceLifecycle

/// The deterministic watchdog: pod watch events feed its rules; each incident fires once, its action goes through
/// the gatekeeper (which executes, queues or denies it, and audits), and a ``Recommendation`` lands in the feed.
/// No LLM is involved.
///
/// ```swift
/// let watchdog = Watchdog(caches: ClusterCaches(client: client, logger: logger), executor: executor, logger: logger)
/// try await watchdog.run()   // or add it to a ServiceGroup
/// ```
public actor Watchdog: ServiceLifecycle.Service {
    /// The informers the watchdog reads (pods drive the rules; ReplicaSets and Jobs resolve owners; nodes and pods
    /// give capacity for diagnoses).
    public nonisolated let caches: ClusterCaches
    /// Where recommendations go.
    public nonisolated let feed: RecommendationFeed
    /// The thresholds.
    public nonisolated let configuration: WatchdogConfiguration
    let executor: GatedToolExecutor
    let rules: [any WatchdogRule]
    let clock: any WallClock
    private let runsCaches: Bool
    let logger: Logger
    /// Where incidents are kept between runs (nil: in memory only).
    let incidentStore: (any IncidentStore)?
    var incidentStates: [String: WatchdogIncident] = [:]
    /// Incidents whose action is being decided or run right now: another event for the same incident (the actor
    /// takes events while it waits for the gatekeeper) must not start a second call.
    private var acting: Set<String> = []
    /// Incidents whose stored copy is older than the one in memory (sightings are written in batches).
    var unsavedIncidents: Set<String> = []
    var lastSightingsWrite: Date?
    var restoredIncidents = false
    /// When the watchdog's view of the pods became complete (its first pass over the synced cache): incidents are
    /// pruned only after it, and a quiet period counts from no earlier than it.
    var completeSince: Date?
    /// Every evaluated pod's owner, revision, liveness, shown incidents and node requests.
    var index = WatchdogPodIndex()
    private var pending: [String: Pod] = [:]
    private var handledVersions: [String: String] = [:]
    private var tombstones: Set<String> = []

    /// The built-in rules: crash loops, OOM kills, pending timeouts.
    public static let builtInRules: [any WatchdogRule] = [CrashLoopBackOffRule(), OOMKilledRule(), PendingTimeoutRule()]

    /// Creates a watchdog.
    /// - Parameters:
    ///   - caches: The informers; ``run()`` runs them unless `runCaches` is false (when someone else runs them).
    ///   - executor: The gatekeeper every action passes.
    ///   - rules: The rules, the built-in ones by default.
    ///   - clock: The time rules see (the simulator's in simulations).
    ///   - incidents: Where incidents are kept between runs; by default the executor's audit store when it keeps them
    ///     (both built-in stores do), else memory only.
    public init(
        caches: ClusterCaches, executor: GatedToolExecutor, configuration: WatchdogConfiguration = WatchdogConfiguration(),
        rules: [any WatchdogRule] = Watchdog.builtInRules, feed: RecommendationFeed = RecommendationFeed(),
        clock: any WallClock = SystemWallClock(), runCaches: Bool = true, incidents: (any IncidentStore)? = nil,
        logger: Logger
    ) {
        self.caches = caches
        self.executor = executor
        self.incidentStore = incidents ?? (executor.store as? any IncidentStore)
        self.configuration = configuration
        self.rules = rules
        self.feed = feed
        self.clock = clock
        self.runsCaches = runCaches
        self.logger = logger
    }

    /// Watches until cancelled (or graceful shutdown): loads the stored incidents, evaluates every current pod once
    /// the caches are synced, then every pod event, and ticks time-driven rules every
    /// ``WatchdogConfiguration/tickInterval``. If it falls so far behind that the pod cache drops its subscription,
    /// it subscribes again and evaluates every pod again (the incidents keep it from acting twice).
    /// - Throws: an informer failure that retrying cannot cure (such as forbidden), or the incident store failing to
    ///   load.
    public func run() async throws {
        try await restoreIncidents()
        let changes = await caches.pods.changes()
        try await withThrowingTaskGroup(of: Void.self) { group in
            if runsCaches { group.addTask { try await self.caches.run() } }
            group.addTask {
                await self.caches.pods.waitUntilSynced()
                await self.caches.replicaSets.waitUntilSynced()
                await self.caches.jobs.waitUntilSynced()
                await self.caches.nodes.waitUntilSynced()
                try await self.evaluateAll()
                var stream = changes
                while true {
                    for await event in stream.cancelOnGracefulShutdown() { try await self.handle(event) }
                    if Task.isCancelled || Task.isShuttingDownGracefully { break }
                    stream = await self.caches.pods.changes()
                    try await self.evaluateAll(afterDroppedStream: true)
                }
            }
            group.addTask {
                while !Task.isCancelled && !Task.isShuttingDownGracefully {
                    try await Task.sleep(for: self.configuration.tickInterval)
                    try await self.tick()
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// Evaluates one pod event with every rule and acts on new incidents.
    /// - Throws: only when the audit store fails.
    public func handle(_ event: WatchEvent<Pod>) async throws {
        guard let pod = event.object else { return }
        let key = "\(pod.namespace ?? "")/\(pod.name)"
        defer { handledVersions[key] = pod.metadata.resourceVersion }
        if case .deleted = event {
            pending[key] = nil
            tombstones.insert(key)
            index.remove(key)
            return
        }
        tombstones.remove(key)
        if pod.status?.phase == "Pending" && pod.spec?.nodeName == nil {
            pending[key] = pod
        } else {
            pending[key] = nil
        }
        try await evaluate(pod)
    }

    /// Evaluates every pod in the cache (at start, and after a dropped subscription), forgetting pods that are gone.
    /// Every pod's node requests are counted first, so a diagnosis during the pass sees the nodes' real load.
    private func evaluateAll(afterDroppedStream: Bool = false) async throws {
        let pods = await caches.pods.snapshot()
        if afterDroppedStream {
            logger.warning(
                "watchdog fell behind the pod cache; evaluating every pod again",
                metadata: ["okik.pods": "\(pods.count)"])
            let live = Set(pods.map { "\($0.namespace ?? "")/\($0.name)" })
            for key in index.entries.keys where !live.contains(key) {
                index.remove(key)
                pending[key] = nil
                tombstones.insert(key)
            }
        }
        for pod in pods { index.updateLoad("\(pod.namespace ?? "")/\(pod.name)", pod: pod) }
        for pod in pods { try await handle(.added(pod)) }
        if completeSince == nil { completeSince = clock.now }
    }

    /// Re-evaluates the pods that wait for the scheduler, so a timeout fires even when no new event arrives, and
    /// the pods of incidents whose action was refused (emergency stop, rate limit, a failed call) once their retry is
    /// due; then forgets incidents whose problem has resolved (see ``WatchdogConfiguration/resolveAfter``) or that no
    /// pod has shown for ``WatchdogConfiguration/incidentRetention``. Reads only the watchdog's own state and caches
    /// (no API call).
    /// - Throws: only when the audit store fails.
    public func tick() async throws {
        let started = ContinuousClock.now
        defer { executor.metrics.recordTick(loop: "watchdog", duration: ContinuousClock.now - started) }
        // Versions of deleted pods are kept only until the next tick (enough for hasEvaluated), so memory stays
        // proportional to the live pods.
        for key in tombstones { handledVersions[key] = nil }
        tombstones = []
        for key in pending.keys.sorted() {
            if let pod = pending[key] { try await evaluate(pod) }
        }
        let now = clock.now
        for incident in incidentStates.values.sorted(by: { $0.key < $1.key })
        where !incident.handled && (incident.nextAttempt ?? now) <= now {
            // The pod it was raised for first, then the revision's other pods: one of them may be between two
            // crashes (running) just now. A pod that shows it raises it again; the incident then has a new attempt.
            for pod in await podsToRetry(incident) {
                guard incidentStates[incident.key]?.attempts == incident.attempts else { break }
                try await evaluate(pod)
            }
        }
        await pruneIncidents(now: clock.now)
    }

    /// Whether the watchdog has evaluated each of these pods (read from the API just now) at its resourceVersion or
    /// a later one, so a caller that moved the cluster on can wait for the watchdog to catch up. Versions are compared
    /// as numbers when both are numeric (as etcd revisions are), else for equality.
    public func hasEvaluated(_ pods: [Pod]) -> Bool {
        pods.allSatisfy { pod in
            guard let listed = pod.metadata.resourceVersion else { return true }
            guard let handled = handledVersions["\(pod.namespace ?? "")/\(pod.name)"] else { return false }
            if let listedNumber = UInt64(listed), let handledNumber = UInt64(handled) { return handledNumber >= listedNumber }
            return handled == listed
        }
    }

    /// The incidents raised and not yet resolved (handled, or waiting to retry their action).
    public var incidents: Set<String> { Set(incidentStates.keys) }

    /// The incidents whose action was refused or failed and will be tried again, with when.
    public var retryingIncidents: [String: Date] {
        incidentStates.filter { !$0.value.handled }.compactMapValues(\.nextAttempt)
    }

    /// Whether the watchdog has evaluated every pod of the synced cache once since it started (a readiness signal:
    /// from then on, every pod event is evaluated as it arrives).
    public var completedFirstPass: Bool { completeSince != nil }

    /// Where each incident stands (attempts, outcome, next retry, when seen), by key.
    public var incidentRecords: [WatchdogIncident] {
        incidentStates.values.sorted { $0.key < $1.key }
    }

    private func isOpen(_ incident: String, now: Date) -> Bool {
        guard !acting.contains(incident) else { return false }
        guard let state = incidentStates[incident] else { return true }
        return !state.handled && (state.nextAttempt ?? now) <= now
    }

    private func evaluate(_ pod: Pod) async throws {
        let owner = await owner(of: pod)
        let key = "\(pod.namespace ?? "")/\(pod.name)"
        index.update(key, pod: pod, owner: owner)
        let now = clock.now
        var context = await self.context(for: pod, owner: owner, key: key, now: now)
        var alerts: [WatchdogAlert] = []
        var shown = Set<String>()
        var needsMetrics = false
        defer { index.setShown(key, shown) }
        for rule in rules {
            for alert in rule.evaluate(pod, context: context) {
                shown.insert(alert.incident)
                if incidentStates[alert.incident] != nil {
                    incidentStates[alert.incident]?.lastSeen = now
                    unsavedIncidents.insert(alert.incident)
                }
                guard isOpen(alert.incident, now: now) else { continue }
                if rule is OOMKilledRule { needsMetrics = true }
                alerts.append(alert)
            }
        }
        guard !alerts.isEmpty else { return }
        if needsMetrics {
            context.memoryUsage = await memoryUsage(of: pod)
            alerts = rules.flatMap { $0.evaluate(pod, context: context) }.filter { isOpen($0.incident, now: now) }
        }
        if alerts.contains(where: { $0.evidence["scheduler"] != nil }) {
            let capacity = await nodeCapacity()
            context.nodeCapacity = { capacity }
            alerts = rules.flatMap { $0.evaluate(pod, context: context) }.filter { isOpen($0.incident, now: now) }
        }
        var raised = Set<String>()
        for alert in alerts where raised.insert(alert.incident).inserted {
            try await raise(alert, pod: pod, key: key, owner: owner)
        }
    }

    /// What the rules may read about a pod: for a crash-looping one, its workload's other pods and ReplicaSets.
    func context(for pod: Pod, owner: ResourceRef, key: String, now: Date) async -> WatchdogContext {
        var context = WatchdogContext(
            now: now, configuration: configuration, owner: owner, remediation: executor.configuration.remediation)
        if pod.containerStatuses.contains(where: { $0.state?.waiting?.reason == "CrashLoopBackOff" }) {
            (context.workloadPods, context.replicaSets) = await workload(owner, except: key)
        }
        return context
    }

    /// The other live pods of a workload (from the caches) and, for a Deployment, its ReplicaSets.
    private func workload(_ owner: ResourceRef, except key: String) async -> ([Pod], [ReplicaSet]) {
        var pods: [Pod] = []
        for other in index.pods(of: owner) where other != key {
            let parts = other.split(separator: "/", maxSplits: 1).map(String.init)
            if parts.count == 2, let pod = await caches.pods.object(namespace: parts[0], name: parts[1]) { pods.append(pod) }
        }
        guard owner.kind == "Deployment" else { return (pods, []) }
        let owned = Set(pods.compactMap { $0.metadata.controllerReference?.name })
        var sets: [ReplicaSet] = []
        for name in owned.sorted() {
            if let set = await caches.replicaSets.object(namespace: owner.namespace, name: name) { sets.append(set) }
        }
        // Older ReplicaSets without pods still carry revisions; the rule only needs those of the pods' own sets.
        return (pods, sets)
    }

    private func raise(_ alert: WatchdogAlert, pod: Pod, key: String, owner: ResourceRef) async throws {
        let now = clock.now
        // Checked again: another event may have raised it while this one read metrics or capacity.
        guard isOpen(alert.incident, now: now) else { return }
        var action: Recommendation.Action?
        if incidentStates[alert.incident] == nil {
            executor.metrics.recordWatchdogIncident(rule: alert.incident.split(separator: "/").first.map(String.init) ?? "")
        }
        var state = incidentStates[alert.incident] ?? WatchdogIncident(
            key: alert.incident, handled: false, attempts: 0, podKey: key, workload: owner, revision: pod.revision,
            firstSeen: now, lastSeen: now)
        state.podKey = key
        state.workload = owner
        state.revision = pod.revision
        state.lastSeen = now
        state.attempts += 1
        state.handled = true
        state.nextAttempt = nil
        if let invocation = alert.action {
            acting.insert(alert.incident)
            defer { acting.remove(alert.incident) }
            let report = try await executor.execute(
                invocation, caller: configuration.caller, rationale: alert.message, pass: RemediationPass())
            switch report.outcome {
            case .executed(let output):
                action = .init(invocation: invocation, outcome: .executed, message: output.summary)
            case .failed(let failure):
                action = .init(invocation: invocation, outcome: .failed, message: failure.message)
                state.handled = false
            case .queued(let plan):
                action = .init(invocation: invocation, outcome: .queued, message: "waits for approval: \(report.decision.reason)", planID: plan.id)
                // Queued only because the cluster could not be read to check it: looked at again (with back-off)
                // once it answers, rather than left to a plan that may expire unseen.
                if plan.steps.contains(where: { $0.conditions?.approvalRule == RemediationGuard.verificationRule }) {
                    state.handled = false
                }
            case .denied(let reason, let retryAfter):
                action = .init(invocation: invocation, outcome: .denied, message: reason)
                state.handled = false
                if let retryAfter { state.nextAttempt = clock.now.addingTimeInterval(retryAfter.timeInterval) }
            case .invalid(let error):
                action = .init(invocation: invocation, outcome: .invalid, message: error.message)
            }
        }
        if !state.handled {
            let backoff = min(configuration.maximumRetryInterval.timeInterval, 30 * pow(2, Double(state.attempts - 1)))
            state.nextAttempt = max(state.nextAttempt ?? .distantPast, clock.now.addingTimeInterval(backoff))
        }
        let outcome = action?.outcome.rawValue ?? "recommended"
        let changed = state.lastOutcome != outcome
        state.lastOutcome = outcome
        incidentStates[alert.incident] = state
        await save(state)
        // One recommendation per incident and outcome: a retry that is refused again adds nothing to the feed.
        guard changed else { return }
        let recommendation = Recommendation(
            id: UUID(), createdAt: clock.now, rule: alert.incident.split(separator: "/").first.map(String.init) ?? "",
            incident: alert.incident, severity: alert.severity, subject: alert.subject, pod: ResourceRef(pod),
            container: alert.container, message: alert.message, evidence: alert.evidence,
            recommendation: alert.recommendation, proposedCalls: alert.proposedCalls, action: action)
        logger.info(
            "watchdog alert",
            metadata: [
                "okik.incident": "\(alert.incident)", "okik.subject": "\(alert.subject)",
                "okik.action": "\(action.map { "\($0.invocation.tool): \($0.outcome.rawValue)" } ?? "none")",
            ])
        await feed.append(recommendation)
    }

    /// The workload owning a pod, through the ReplicaSet and Job caches.
    private func owner(of pod: Pod) async -> ResourceRef {
        var parent: String?
        if let controller = pod.metadata.controllerReference, let parentKind = ResourceRef.workloadParents[controller.kind] {
            let namespace = pod.metadata.namespace
            let owner = controller.kind == "ReplicaSet"
                ? await caches.replicaSets.object(namespace: namespace, name: controller.name)?.metadata.controllerReference
                : await caches.jobs.object(namespace: namespace, name: controller.name)?.metadata.controllerReference
            parent = owner?.kind == parentKind ? owner?.name : nil
        }
        return ResourceRef.workload(of: pod) { _, _ in parent }
    }

    /// The pod's last memory sample per container; empty when metrics cannot be read.
    private func memoryUsage(of pod: Pod) async -> [String: Int64] {
        guard let namespace = pod.namespace,
            let metrics = try? await caches.client.namespaced(PodMetrics.self, in: .named(namespace)).getIfPresent(pod.name)
        else { return [:] }
        var usage: [String: Int64] = [:]
        for container in metrics.containers ?? [] {
            if let name = container.name, let bytes = container.usage?["memory"]?.bytes { usage[name] = bytes }
        }
        return usage
    }

    /// Free capacity per node: the node cache, less the requests the index has tallied per node (reading every pod
    /// here cost about 0.1 s per diagnosis at 60,000 pods, and a start with 300 pending pods spent 30 s on it).
    private func nodeCapacity() async -> [NodeCapacity] {
        index.freeCapacity(nodes: await caches.nodes.snapshot())
    }
}
