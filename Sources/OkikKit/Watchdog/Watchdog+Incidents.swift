import Foundation
import Logging
import OkikKubeClient

/// How incidents outlive a restart and end: loaded at start, written when they change, forgotten when their problem
/// resolves or after ``WatchdogConfiguration/incidentRetention`` unseen.
extension Watchdog {
    /// Sightings (``WatchdogIncident/lastSeen``) are written in batches at most this often; outcomes at once.
    static let sightingsWriteInterval: TimeInterval = 600

    /// Loads the stored incidents once, before the first pod is evaluated.
    func restoreIncidents() async throws {
        guard !restoredIncidents else { return }
        if let incidentStore {
            for incident in try await incidentStore.watchdogIncidents() where incidentStates[incident.key] == nil {
                incidentStates[incident.key] = incident
            }
        }
        restoredIncidents = true
        lastSightingsWrite = clock.now
    }

    /// Writes one incident. A store that fails is logged, not fatal: the watchdog keeps protecting the cluster from
    /// memory, and the incident is written again with the next batch.
    func save(_ incident: WatchdogIncident) async {
        guard let incidentStore else { return }
        do {
            try await incidentStore.saveWatchdogIncidents([incident])
            unsavedIncidents.remove(incident.key)
        } catch {
            unsavedIncidents.insert(incident.key)
            logger.error(
                "watchdog could not store an incident",
                metadata: ["okik.incident": "\(incident.key)", "okik.error": "\(error)"])
        }
    }

    /// The live pods of the incident's workload revision to evaluate for a due retry: the pod it was raised for
    /// first, then the others (the first may have been replaced, or be between two crashes).
    func podsToRetry(_ incident: WatchdogIncident) async -> [Pod] {
        var keys = [incident.podKey]
        keys += index.pods(of: incident.workload).filter { $0 != incident.podKey }
        var pods: [Pod] = []
        for key in keys {
            guard let pod = await cachedPod(key) else { continue }
            if pod.revision == incident.revision && pod.metadata.deletionTimestamp == nil { pods.append(pod) }
        }
        return pods
    }

    /// Forgets incidents whose problem has resolved, and incidents no pod has shown for the retention:
    /// - an incident of a workload revision with no live pod left (the workload is gone, quarantined, rolled back or
    ///   rolled out) is resolved at once;
    /// - an incident its workload's live pods have not shown for ``WatchdogConfiguration/resolveAfter`` (counted from
    ///   no earlier than this watchdog's first complete pass) is resolved: a container between two crashes still
    ///   counts as crash-looping, one that has run cleanly for that long does not;
    /// - an incident no pod has shown for ``WatchdogConfiguration/incidentRetention`` is forgotten, including those of
    ///   namespaces this watchdog does not watch.
    /// Runs only once the watchdog has seen every pod, so a restart does not mistake "not evaluated yet" for "gone".
    /// Reads the pod index only (what each pod's last evaluation showed), so it costs the incidents' pods, not the
    /// cluster's.
    func pruneIncidents(now: Date) async {
        guard let completeSince else { return }
        var forgotten: [String] = []
        let byWorkload = Dictionary(grouping: incidentStates.values, by: \.workload)
        let quiet = configuration.resolveAfter.timeInterval
        for workload in byWorkload.keys.sorted() {
            guard let incidents = byWorkload[workload], watches(workload) else { continue }
            let live = index.pods(of: workload).compactMap { index.entries[$0] }.filter(\.live)
            let shown = live.reduce(into: Set<String>()) { $0.formUnion($1.shows) }
            for incident in incidents {
                if shown.contains(incident.key) {
                    incidentStates[incident.key]?.lastSeen = now
                    unsavedIncidents.insert(incident.key)
                } else if !live.contains(where: { $0.revision == incident.revision })
                    || now.timeIntervalSince(max(incident.lastSeen, completeSince)) >= quiet
                {
                    forgotten.append(incident.key)
                }
            }
        }
        let retention = configuration.incidentRetention.timeInterval
        let resolved = Set(forgotten)
        for incident in incidentStates.values.sorted(by: { $0.key < $1.key })
        where !resolved.contains(incident.key) && now.timeIntervalSince(incident.lastSeen) >= retention {
            forgotten.append(incident.key)
        }
        for key in forgotten {
            incidentStates[key] = nil
            unsavedIncidents.remove(key)
        }
        if !forgotten.isEmpty {
            logger.info("watchdog incidents resolved", metadata: ["okik.incidents": "\(forgotten.sorted())"])
            do {
                try await incidentStore?.removeWatchdogIncidents(forgotten)
            } catch {
                logger.error("watchdog could not remove resolved incidents", metadata: ["okik.error": "\(error)"])
            }
        }
        await writeSightings(now: now)
    }

    /// Writes the incidents whose last sighting (or a failed write) is not stored yet, at most every
    /// ``sightingsWriteInterval``.
    private func writeSightings(now: Date) async {
        guard let incidentStore, !unsavedIncidents.isEmpty,
            now.timeIntervalSince(lastSightingsWrite ?? .distantPast) >= Self.sightingsWriteInterval
        else { return }
        let incidents = unsavedIncidents.sorted().compactMap { incidentStates[$0] }
        do {
            try await incidentStore.saveWatchdogIncidents(incidents)
            unsavedIncidents = []
            lastSightingsWrite = now
        } catch {
            logger.error("watchdog could not store incident sightings", metadata: ["okik.error": "\(error)"])
        }
    }

    /// Whether the workload is in the namespaces the caches watch.
    private func watches(_ workload: ResourceRef) -> Bool {
        caches.namespace == nil || workload.namespace == caches.namespace
    }

    private func cachedPod(_ key: String) async -> Pod? {
        let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        return await caches.pods.object(namespace: parts[0], name: parts[1])
    }
}
