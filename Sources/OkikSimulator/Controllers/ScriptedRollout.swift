import Foundation
import OkikKubeClient

/// Rollouts that scenarios script (``ScenarioRollout``): the Deployment annotation `sim.okik.io/rollout` holds the
/// new revision as JSON; at the Deployment's creation time plus `after`, the runtime writes the new pod template and
/// removes the annotation, through the store like any API client (its change is fed back as someone else's), so the
/// Deployment controller sees an ordinary template change. It happens once; a Deployment whose annotation is gone
/// (rolled back with `kubectl rollout undo`, say) is left alone.
enum ScriptedRollout {
    /// The annotation on the Deployment.
    static let annotation = "sim.okik.io/rollout"

    /// The annotation's value for a rollout (JSON with sorted keys).
    static func annotationValue(_ rollout: ScenarioRollout) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(rollout)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// The rollout in an annotation value, nil when it is not one.
    static func parse(_ value: String) -> ScenarioRollout? {
        try? JSONDecoder().decode(ScenarioRollout.self, from: Data(value.utf8))
    }

    /// Seconds after the Deployment's creation when the rollout happens.
    static func delay(_ rollout: ScenarioRollout) -> TimeInterval {
        rollout.after.flatMap(SimDuration.parse) ?? 120
    }

    /// The Deployment with the rollout's template and without the annotation.
    static func apply(_ rollout: ScenarioRollout, to deployment: inout JSONValue) {
        deployment.set(nil, at: ["metadata", "annotations", annotation])
        if deployment.value(at: ["metadata", "annotations"])?.objectValue?.isEmpty == true {
            deployment.set(nil, at: ["metadata", "annotations"])
        }
        var template = deployment.value(at: ["spec", "template"]) ?? [:]
        let prefix = ContainerProfile.prefix
        if let behavior = rollout.behavior {
            template.set(.string(behavior), at: ["metadata", "annotations", "\(prefix)behavior"])
        }
        if let runFor = rollout.runFor {
            template.set(.string(runFor), at: ["metadata", "annotations", "\(prefix)run-for"])
        }
        if let startDelay = rollout.startDelay {
            template.set(.string(startDelay), at: ["metadata", "annotations", "\(prefix)start-delay"])
        }
        if let image = rollout.image, var containers = template.value(at: ["spec", "containers"])?.arrayValue,
            !containers.isEmpty
        {
            containers[0]["image"] = .string(image)
            template.set(.array(containers), at: ["spec", "containers"])
        }
        deployment.set(template, at: ["spec", "template"])
    }
}
