import Foundation
import OkikKubeClient

/// JSON builders shared by the renderers: timestamps, conditions, integer fields the API omits when zero.
enum StatusJSON {
    static func time(_ date: Date?) -> JSONValue {
        guard let date else { return .null }
        return .string(Timestamp(date).withoutFraction.rfc3339)
    }

    /// A pod condition (`lastProbeTime: null`).
    static func podCondition(_ condition: SimCondition) -> JSONValue {
        var object: [String: JSONValue] = [
            "type": .string(condition.type), "status": .string(condition.status), "lastProbeTime": .null,
            "lastTransitionTime": time(condition.lastTransition),
        ]
        if let reason = condition.reason { object["reason"] = .string(reason) }
        if let message = condition.message { object["message"] = .string(message) }
        return .object(object)
    }

    /// A workload condition (`lastUpdateTime` and `lastTransitionTime`).
    static func workloadCondition(_ condition: SimCondition, withUpdateTime: Bool = true) -> JSONValue {
        var object: [String: JSONValue] = [
            "type": .string(condition.type), "status": .string(condition.status),
            "lastTransitionTime": time(condition.lastTransition),
        ]
        if withUpdateTime { object["lastUpdateTime"] = time(condition.lastUpdate) }
        if let reason = condition.reason { object["reason"] = .string(reason) }
        if let message = condition.message { object["message"] = .string(message) }
        return .object(object)
    }

    /// Sets an integer field, or leaves it out when zero (`omitempty`).
    static func int(_ object: inout [String: JSONValue], _ key: String, _ value: Int) {
        object[key] = value == 0 ? nil : .int(value)
    }

    /// An image reference as the container runtime reports it ("docker.io/library/nginx:1.25").
    static func normalizedImage(_ image: String) -> String {
        var name = image
        if !name.contains(":") && !name.contains("@") { name += ":latest" }
        let first = name.split(separator: "/").first.map(String.init) ?? ""
        if !name.contains("/") { return "docker.io/library/\(name)" }
        if !first.contains(".") && !first.contains(":") && first != "localhost" { return "docker.io/\(name)" }
        return name
    }

    /// A stable fake digest for an image.
    static func imageID(_ image: String) -> String {
        let normalized = normalizedImage(image)
        let repository = normalized.split(separator: ":").dropLast().joined(separator: ":")
        var hash: UInt64 = 14_695_981_039_346_656_037
        var hex = ""
        for round in 0..<4 {
            for byte in "\(round)\(normalized)".utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 1_099_511_628_211
            }
            let part = String(hash, radix: 16)
            hex += String(repeating: "0", count: 16 - part.count) + part
        }
        return "\(repository.isEmpty ? normalized : repository)@sha256:\(hex)"
    }
}
