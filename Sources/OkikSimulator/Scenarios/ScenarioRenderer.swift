import Foundation
import OkikKubeClient
import Yams

/// Renders scenarios as real manifests (multi-document YAML) for `okikctl load-test`: busybox containers that
/// really crash, allocate until OOM-killed, fail or never become ready, and no simulated nodes.
public enum ScenarioRenderer {
    /// The manifests of the scenarios, each object one YAML document.
    /// - Throws: when an object cannot be written as YAML.
    public static func yaml(_ scenarios: [Scenario]) throws -> String {
        var documents: [String] = []
        for scenario in scenarios where scenario.nodes?.contains(where: { !($0.conditions ?? []).isEmpty }) == true {
            documents.append("# scenario \(scenario.name): node conditions are simulator-only; nothing to apply for them")
        }
        for object in ScenarioBuilder.objects(for: scenarios, target: .cluster) {
            documents.append(try Yams.dump(object: plain(object), sortKeys: true))
        }
        return documents.map { $0.hasSuffix("\n") ? $0 : $0 + "\n" }.joined(separator: "---\n")
    }

    /// The manifests as objects.
    public static func objects(_ scenarios: [Scenario]) -> [JSONValue] {
        ScenarioBuilder.objects(for: scenarios, target: .cluster)
    }

    /// JSON as plain Swift values for Yams.
    static func plain(_ value: JSONValue) -> Any {
        switch value {
        case .null: return NSNull()
        case .bool(let flag): return flag
        case .int(let number): return number
        case .double(let number): return number
        case .string(let text): return text
        case .array(let items): return items.map(plain)
        case .object(let members): return members.mapValues(plain)
        }
    }
}
