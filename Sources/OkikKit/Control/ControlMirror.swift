import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Mirrors the control state to the `okik-control` ConfigMap and back (see ``ControlConfigMap``): at start a stop
/// set there is engaged before anything runs, a person's edit of the ConfigMap is applied at once (audited as a
/// change by `human:configmap <namespace>/<name>`), and every change made through ``SafetyControls`` is written to
/// it. Errors are logged and retried with backoff; it never ends the process.
///
/// ```swift
/// let mirror = ControlMirror(controls: executor.controls, client: client, logger: logger)
/// await mirror.synchronize()          // before the first gate decision
/// // then run it in the ServiceGroup, before the watchdog
/// ```
public final class ControlMirror: ServiceLifecycle.Service, Sendable {
    private let controls: SafetyControls
    private let client: KubeClient
    /// Where the ConfigMap is.
    public let configuration: ControlMirrorConfiguration
    private let logger: Logger
    /// The data this mirror wrote or applied lately, newest last: events carrying one of them need nothing.
    private let written = Mutex<[[String: String]]>([])
    private let synchronized = Mutex(false)

    /// Creates the mirror; nothing is read or written until ``synchronize()`` or ``run()``.
    public init(
        controls: SafetyControls, client: KubeClient, configuration: ControlMirrorConfiguration = .default,
        logger: Logger
    ) {
        self.controls = controls
        self.client = client
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "okik.configmap"] = "\(configuration.namespace)/\(configuration.name)"
        self.logger = logger
    }

    /// The caller named on the changes the ConfigMap makes.
    public var caller: Caller { Caller(.human, "configmap \(configuration.namespace)/\(configuration.name)") }

    /// Reconciles once at start: a stop in the ConfigMap is engaged; its level and automation are adopted when the
    /// database is fresh or the ConfigMap's change is newer; then the result is written back. Call it before
    /// ``run()`` (which repeats it, with backoff, until it succeeds); a failure is logged.
    /// - Returns: whether it succeeded.
    @discardableResult
    public func synchronize() async -> Bool {
        do {
            if let record = try await ControlConfigMap.read(
                client: client, namespace: configuration.namespace, name: configuration.name)
            {
                warn(record.problems)
                try await apply(Self.changesAtStart(record, state: await controls.current), record: record)
            }
            try await writeCurrent()
            synchronized.withLock { $0 = true }
            return true
        } catch {
            if !Task.isCancelled {
                logger.warning(
                    "cannot synchronize the control state with its ConfigMap; retrying", metadata: ["okik.error": "\(error)"])
            }
            return false
        }
    }

    /// Synchronizes (when the start could not), then watches the ConfigMap and writes every control change to it
    /// until cancelled or shut down. Only one task writes the ConfigMap at a time, so an older state never lands last.
    public func run() async throws {
        let changes = await controls.changes()
        await cancelWhenGracefulShutdown {
            var backoff = self.configuration.initialBackoff
            while !self.synchronized.withLock({ $0 }), !Task.isCancelled, !(await self.synchronize()) {
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, self.configuration.maximumBackoff)
            }
            let (requests, requester) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
            requester.yield()  // a change made between the start and now
            await withDiscardingTaskGroup { group in
                group.addTask {
                    for await _ in changes { requester.yield() }
                }
                group.addTask { await self.writeLoop(requests, requester: requester) }
                group.addTask { await self.watchLoop(requester: requester) }
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: self.configuration.refreshInterval)
                        _ = try? await self.controls.refresh()
                    }
                }
            }
        }
    }

    // MARK: - Writing

    private func writeLoop(_ requests: AsyncStream<Void>, requester: AsyncStream<Void>.Continuation) async {
        var backoff = configuration.initialBackoff
        for await _ in requests {
            do {
                try await writeCurrent()
                backoff = configuration.initialBackoff
            } catch {
                if Task.isCancelled { return }
                logger.warning("cannot write the control state to its ConfigMap; retrying", metadata: ["okik.error": "\(error)"])
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, configuration.maximumBackoff)
                requester.yield()
            }
        }
    }

    /// Writes the state in force (read at the time of writing, so the last write always carries the latest state).
    /// A stop someone else wrote and this process has not applied yet is never overwritten: the watch applies it
    /// first, then the state (stopped) is written.
    private func writeCurrent() async throws {
        let state = await controls.current
        let data = ControlConfigMap.data(for: state)
        let recent = remember(data)
        _ = try await ControlConfigMap.update(client: client, namespace: configuration.namespace, name: configuration.name) {
            current in
            let unappliedStop = !recent.contains(current) && ControlConfigMap.parse(current).emergencyStop == true
            if unappliedStop && !state.emergencyStop { return }
            current = data
        }
    }

    /// Adds data this mirror wrote or applied to the recent list (newest last) and returns the list.
    @discardableResult
    private func remember(_ data: [String: String]) -> [[String: String]] {
        written.withLock { recent in
            recent.removeAll { $0 == data }
            recent.append(data)
            if recent.count > 16 { recent.removeFirst(recent.count - 16) }
            return recent
        }
    }

    // MARK: - Watching

    private func watchLoop(requester: AsyncStream<Void>.Continuation) async {
        let configMaps = client.namespaced(ConfigMap.self, in: .named(configuration.namespace))
        let selector = ListOptions.named(configuration.name)
        var backoff = configuration.initialBackoff
        var lastSeen: [String: String]?
        while !Task.isCancelled {
            do {
                let list = try await configMaps.list(selector)
                backoff = configuration.initialBackoff
                if let object = list.items.first {
                    try await consider(object, lastSeen: &lastSeen)
                } else {
                    requester.yield()
                }
                let events = configMaps.watch(
                    WatchOptions(selectors: selector, resourceVersion: list.metadata.resourceVersion, knownObjects: list.items))
                // The watch ends after relistInterval, whatever its connection does; the loop then lists again.
                let (bounded, continuation) = AsyncThrowingStream.makeStream(of: WatchEvent<ConfigMap>.self)
                let relist = configuration.relistInterval
                let feeder = Task {
                    do {
                        for try await event in events { continuation.yield(event) }
                        continuation.finish()
                    } catch {
                        continuation.finish(throwing: error)
                    }
                }
                let timer = Task {
                    try? await Task.sleep(for: relist)
                    continuation.finish()
                }
                defer {
                    feeder.cancel()
                    timer.cancel()
                }
                for try await event in bounded {
                    switch event {
                    case .added(let object), .modified(let object): try await consider(object, lastSeen: &lastSeen)
                    case .deleted:
                        logger.warning("the control ConfigMap was deleted; writing it again")
                        lastSeen = nil
                        requester.yield()
                    case .bookmark: break
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning(
                    "watching the control ConfigMap or applying its edit failed; listing it again",
                    metadata: ["okik.error": "\(error)"])
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, configuration.maximumBackoff)
            }
        }
    }

    /// Applies what a person changed in this version of the ConfigMap (the keys that differ from the version seen
    /// before it); the mirror's own writes are skipped. `lastSeen` moves on only once the edit is applied: when
    /// applying throws (the store busy, the compare-and-set outrun), the error ends the watch, the loop lists again
    /// after its backoff and this edit is still an edit against the same base, so it is applied then. Until it is, it
    /// is not remembered as the mirror's own data, so the writer never replaces an unapplied stop.
    private func consider(_ object: ConfigMap, lastSeen: inout [String: String]?) async throws {
        guard object.metadata.name == configuration.name else { return }
        let data = object.data ?? [:]
        if written.withLock({ $0.contains(data) }) {
            lastSeen = data
            return
        }
        let base = lastSeen ?? written.withLock { $0.last }
        let edited = Self.editedKeys(data, since: base)
        var record = ControlConfigMap.parse(data)
        if !edited.contains(ControlConfigMap.Key.changedBy) { record.changedBy = nil }
        warn(record.problems.filter { edited.contains($0.key) })
        do {
            try await apply(Self.changesForEdit(record, edited: edited, state: await controls.current), record: record)
        } catch {
            logger.error(
                "cannot apply an edit of the control ConfigMap; it is applied again after the next list",
                metadata: ["okik.error": "\(error)"])
            throw error
        }
        lastSeen = data
        remember(data)  // applied: the writer may now replace it
    }

    // MARK: - Applying

    private func apply(_ changes: [ControlChange], record: ControlRecord) async throws {
        let by = record.changedBy.map { " (by \($0))" } ?? ""
        for change in changes {
            logger.info("applying the control ConfigMap", metadata: ["okik.change": "\(change)"])
            switch change {
            case .engageStop(let reason): try await controls.engageEmergencyStop(by: caller, reason: reason + by)
            case .liftStop: try await controls.liftEmergencyStop(by: caller, reason: "lifted" + by)
            case .level(let level): try await controls.setLevel(level, by: caller)
            case .automation(let enabled): try await controls.setAutomation(enabled: enabled, by: caller)
            }
        }
    }

    private func warn(_ problems: [ControlRecord.Problem]) {
        for problem in problems {
            logger.warning(
                "control ConfigMap value ignored: \(problem)",
                metadata: ["okik.key": "\(problem.key)", "okik.value": "\(problem.value)"])
        }
    }
}
