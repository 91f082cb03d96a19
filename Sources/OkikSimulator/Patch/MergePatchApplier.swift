import OkikKubeClient

/// RFC 7386 merge patch and the Kubernetes strategic merge patch (lists merged by key).
enum MergePatchApplier {
    /// Merge keys of the lists that strategic merge patch merges instead of replacing, by field name.
    static let mergeKeys: [String: String] = [
        "containers": "name", "initContainers": "name", "ephemeralContainers": "name", "env": "name",
        "volumes": "name", "volumeMounts": "mountPath", "ports": "containerPort", "conditions": "type",
        "imagePullSecrets": "name", "ownerReferences": "uid", "hostAliases": "ip", "topologySpreadConstraints": "topologyKey",
        "tolerations": "key", "finalizers": "", "envFrom": "",
    ]

    /// RFC 7386: objects merge recursively, `null` deletes a key, anything else replaces.
    static func merge(_ target: JSONValue, _ patch: JSONValue) -> JSONValue {
        guard case .object(let patchObject) = patch else { return patch }
        var result = target.objectValue ?? [:]
        for (key, value) in patchObject {
            if value == .null {
                result[key] = nil
            } else {
                result[key] = merge(result[key] ?? .null, value)
            }
        }
        return .object(result)
    }

    /// Strategic merge: like a merge patch, but lists with a merge key merge element by element, and
    /// `$patch: delete|replace` directives are honoured. `$setElementOrder` and `$retainKeys` are accepted and ignored.
    static func strategicMerge(_ target: JSONValue, _ patch: JSONValue, field: String? = nil) -> JSONValue {
        switch patch {
        case .object(let patchObject):
            if patchObject["$patch"]?.stringValue == "replace" {
                var replaced = patchObject
                replaced["$patch"] = nil
                return .object(replaced)
            }
            var result = target.objectValue ?? [:]
            for (key, value) in patchObject {
                if key.hasPrefix("$setElementOrder/") || key == "$retainKeys" || key == "$patch" { continue }
                if key.hasPrefix("$deleteFromPrimitiveList/") {
                    let listKey = String(key.dropFirst("$deleteFromPrimitiveList/".count))
                    let remove = Set(value.arrayValue ?? [])
                    result[listKey] = result[listKey]?.arrayValue.map { .array($0.filter { !remove.contains($0) }) }
                    continue
                }
                if value == .null {
                    result[key] = nil
                } else {
                    result[key] = strategicMerge(result[key] ?? .null, value, field: key)
                }
            }
            return .object(result)
        case .array(let patchItems):
            guard let field, let key = mergeKeys[field], !key.isEmpty, case .array(let targetItems) = target else {
                if let field, mergeKeys[field] == "", case .array(let targetItems) = target {
                    // Primitive lists with merge semantics (finalizers): union, keeping order.
                    var merged = targetItems
                    for item in patchItems where !merged.contains(item) { merged.append(item) }
                    return .array(merged)
                }
                return patch
            }
            var merged = targetItems
            for item in patchItems {
                let directive = item["$patch"]?.stringValue
                guard let identity = item[key] else {
                    if directive == nil { merged.append(item) }
                    continue
                }
                if let index = merged.firstIndex(where: { $0[key] == identity }) {
                    if directive == "delete" {
                        merged.remove(at: index)
                    } else {
                        merged[index] = strategicMerge(merged[index], item)
                    }
                } else if directive != "delete" {
                    var clean = item
                    clean["$patch"] = nil
                    merged.append(strategicMerge(.null, clean))
                }
            }
            return .array(merged)
        default:
            return patch
        }
    }
}
