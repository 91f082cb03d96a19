import Foundation
import OkikKubeClient

/// What `okikctl sim start` does after the server is up: apply scenarios or a synthetic cluster and fast-forward.
public enum SimulatedClusterSetup {
    /// Applies the requested content and returns lines describing it.
    /// - Parameters:
    ///   - scenario: a built-in scenario, `all`, `mixed` (synthetic, with `nodes`/`pods`), or a YAML file.
    ///   - fastForward: simulated time to skip ("10m"); defaults to the scenarios' duration on a virtual clock. A
    ///     real-time clock is fast-forwarded at most as far as it runs behind the wall clock (see
    ///     ``SimulationClock/realTime(startingAgo:)``), so nothing is dated in the future.
    /// - Throws: ``ScenarioError`` or ``APIError`` when the content is invalid.
    public static func prepare(
        _ simulator: Simulator, scenario: String?, nodes: Int?, pods: Int?, fastForward: String?
    ) async throws -> [String] {
        var lines: [String] = []
        var skip = fastForward.flatMap(SimDuration.parse)
        if let nodes, let pods, scenario == nil || scenario == "mixed" {
            let objects = SyntheticCluster.objects(nodes: nodes, pods: pods, seed: simulator.configuration.seed)
            let count = objects.count
            try await applySynthetic(objects, to: simulator)
            lines.append("synthetic cluster: \(nodes) nodes, about \(pods) pods (\(count) objects applied)")
        } else if let scenario {
            let scenarios = try Scenario.load(scenario)
            try await ScenarioRunner.apply(scenarios, to: simulator)
            lines.append("scenarios: \(scenarios.map(\.name).joined(separator: ", "))")
            if skip == nil && simulator.clock.isVirtual { skip = scenarios.map(\.durationSeconds).max() }
        }
        if let requested = skip, requested > 0 {
            var seconds = requested.rounded(.up)
            var note = ""
            if let lag = simulator.clock.lag?.timeInterval, lag < seconds {
                // A clock started `requested` ago has already run during the setup; a larger gap means it was not
                // started in the past.
                if seconds - lag > 60 {
                    note = " (of \(SimDuration.format(requested)) asked: a real-time clock stops at the present)"
                }
                seconds = lag.rounded(.down)
            }
            if seconds > 0 { await simulator.advance(by: .seconds(Int64(seconds))) }
            lines.append("fast-forwarded \(SimDuration.format(seconds)) of simulated time\(note)")
        }
        return lines
    }

    /// Applies a synthetic cluster's objects with Normal events of the bulk start suppressed (a cluster that has run
    /// for an hour would have expired them), then settles. Objects are created kind by kind, in the order each kind
    /// first appears, one batch per kind; objects that already exist are left as they are. The objects are consumed:
    /// each kind's trees are freed once the store has them, so the settle after reuses their memory.
    /// - Throws: ``APIError`` when an object is invalid; the valid objects of its kind and of the kinds before it
    ///   are created.
    public static func applySynthetic(_ objects: consuming [JSONValue], to simulator: Simulator) async throws {
        await simulator.runtime?.setRecordNormalEvents(false)
        let store = simulator.store
        var kinds: [ResourceDefinition] = []
        var batches: [String: [(namespace: String?, object: JSONValue)]] = [:]
        for object in consume objects {
            guard let definition = store.registry.definition(
                apiVersion: object["apiVersion"]?.stringValue ?? "", kind: object["kind"]?.stringValue ?? "")
            else { continue }
            if batches[definition.key] == nil { kinds.append(definition) }
            batches[definition.key, default: []].append((object.value(at: ["metadata", "namespace"])?.stringValue, object))
        }
        for definition in kinds {
            let batch = batches.removeValue(forKey: definition.key) ?? []
            for result in await store.createAll(definition, batch) {
                if case .failure(let error) = result, (error as? APIError)?.code != 409 { throw error }
            }
        }
        await simulator.settle()
        await simulator.runtime?.setRecordNormalEvents(true)
    }
}
