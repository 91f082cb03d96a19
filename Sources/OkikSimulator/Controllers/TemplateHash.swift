import OkikKubeClient

/// The pod-template-hash: FNV-1a (32 bit) of the template, written in the API server's safe alphabet, as the
/// Deployment controller names its ReplicaSets (`web-7d4b9c6f8`).
///
/// Templates that are semantically equal hash alike, as the controller compares them after decoding: nulls, empty
/// objects and empty lists are dropped first. So a template that went through a typed client and came back with
/// `creationTimestamp: null` and `resources: {}` (what `kubectl rollout undo` sends) still matches its ReplicaSet.
enum TemplateHash {
    static func hash(_ template: JSONValue, collisionCount: Int = 0) -> String {
        var value: UInt32 = 2_166_136_261
        for byte in (normalized(template) ?? [:]).serializedBytes() {
            value ^= UInt32(byte)
            value = value &* 16_777_619
        }
        if collisionCount > 0 {
            for byte in String(collisionCount).utf8 {
                value ^= UInt32(byte)
                value = value &* 16_777_619
            }
        }
        let alphabet = ClusterState.nameAlphabet
        var number = UInt64(value)
        var text = ""
        repeat {
            text.append(alphabet[Int(number % UInt64(alphabet.count))])
            number /= UInt64(alphabet.count)
        } while number > 0
        return text
    }

    /// The value without nulls, empty objects and empty lists (at any depth); nil when nothing is left.
    static func normalized(_ value: JSONValue) -> JSONValue? {
        switch value {
        case .null:
            return nil
        case .object(let members):
            var kept: [String: JSONValue] = [:]
            for (key, member) in members {
                if let child = normalized(member) { kept[key] = child }
            }
            return kept.isEmpty ? nil : .object(kept)
        case .array(let items):
            let kept = items.map { normalized($0) ?? [:] }
            return kept.isEmpty ? nil : .array(kept)
        default:
            return value
        }
    }
}
