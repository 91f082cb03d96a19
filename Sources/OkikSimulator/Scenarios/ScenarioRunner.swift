import Foundation
import OkikKubeClient

/// Applies scenarios to a running simulator and lets them play out.
public enum ScenarioRunner {
    /// Creates the scenarios' objects in the simulator (objects that already exist are left alone) and settles.
    /// - Throws: ``APIError`` when an object is invalid.
    public static func apply(_ scenarios: [Scenario], to simulator: Simulator) async throws {
        let store = simulator.store
        for object in ScenarioBuilder.objects(for: scenarios, target: .simulator) {
            guard let definition = store.registry.definition(
                apiVersion: object["apiVersion"]?.stringValue ?? "", kind: object["kind"]?.stringValue ?? "")
            else { throw ScenarioError.invalid("unknown kind \(object["kind"]?.stringValue ?? "?")") }
            do {
                try await store.create(
                    definition, namespace: object.value(at: ["metadata", "namespace"])?.stringValue, object: object)
            } catch let error as APIError where error.code == 409 {
                continue
            }
        }
        await simulator.settle()
    }

    /// Applies the scenarios and advances the clock by the longest scenario duration, so their symptoms show.
    /// - Throws: ``APIError`` when an object is invalid.
    public static func run(_ scenarios: [Scenario], on simulator: Simulator) async throws {
        try await apply(scenarios, to: simulator)
        let seconds = scenarios.map(\.durationSeconds).max() ?? 0
        await simulator.advance(by: .seconds(Int64(seconds.rounded(.up))))
    }
}
