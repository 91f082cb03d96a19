import Foundation
import OkikKubeClient

/// Server-side apply with field ownership recorded in `metadata.managedFields` (FieldsV1).
///
/// What is honest here and what is simplified: ownership is tracked per manager for every leaf field an apply sets
/// and for every field a write with `fieldManager` changes; an apply that would change a field another manager owns
/// fails with a 409 `FieldManagerConflict` naming the manager and field, unless `force=true`, which takes the field
/// over. Fields an apply manager stops applying are removed when no other manager owns them. Lists are owned
/// element by element when they have a merge key (containers by name, and so on) and as a whole otherwise.
enum ServerSideApply {
    /// A field path: `.spec.replicas`, `.spec.template.spec.containers[name="web"].image`.
    typealias FieldPath = [String]

    static func apply(
        applied: JSONValue, to live: JSONValue?, manager: String, force: Bool, definition: ResourceDefinition,
        time: String
    ) throws -> JSONValue {
        var appliedObject = applied
        appliedObject["metadata"]?["managedFields"] = nil
        appliedObject["metadata"]?["resourceVersion"] = nil
        let newFields = Set(leafPaths(appliedObject, field: nil).filter { !isIdentity($0) })
        guard var live else {
            var created = appliedObject
            created["metadata"]?["managedFields"] = .array([
                entry(manager: manager, operation: "Apply", apiVersion: definition.apiVersion, time: time, fields: newFields)
            ])
            return created
        }
        var managed = parseManagedFields(live)
        var conflicts: [(String, FieldPath)] = []
        for (index, other) in managed.enumerated() where !(other.manager == manager && other.operation == "Apply") {
            for path in other.fields.intersection(newFields) where value(at: path, in: live) != value(at: path, in: appliedObject) {
                if force {
                    managed[index].fields.remove(path)
                } else {
                    conflicts.append((other.manager, path))
                }
            }
        }
        if !conflicts.isEmpty {
            conflicts.sort { ($0.0, render($0.1)) < ($1.0, render($1.1)) }
            let causes = conflicts.map {
                StatusCause(reason: "FieldManagerConflict", message: "conflict with \"\($0.0)\"", field: render($0.1))
            }
            let list = conflicts.map { "conflict with \"\($0.0)\": \(render($0.1))" }
            let header = conflicts.count == 1 ? "Apply failed with 1 conflict" : "Apply failed with \(conflicts.count) conflicts"
            throw APIError(
                code: 409, reason: "Conflict", message: "\(header): \(list.joined(separator: "\n"))",
                details: StatusDetails(causes: causes))
        }
        // Fields this manager applied before and no longer applies go away unless someone else owns them.
        let previous = managed.first { $0.manager == manager && $0.operation == "Apply" }?.fields ?? []
        let othersOwn = managed.filter { !($0.manager == manager && $0.operation == "Apply") }.reduce(into: Set<FieldPath>()) {
            $0.formUnion($1.fields)
        }
        for path in previous.subtracting(newFields).subtracting(othersOwn) {
            live = removing(path, from: live)
        }
        live = MergePatchApplier.strategicMerge(live, appliedObject)
        managed.removeAll { $0.manager == manager && $0.operation == "Apply" }
        managed.append(ManagedEntry(manager: manager, operation: "Apply", apiVersion: definition.apiVersion, time: time, fields: newFields))
        managed.removeAll { $0.fields.isEmpty }
        live["metadata"]?["managedFields"] = .array(managed.map {
            entry(manager: $0.manager, operation: $0.operation, apiVersion: $0.apiVersion, time: $0.time, fields: $0.fields)
        })
        return live
    }

    /// Records the leaf fields an ordinary write changed as owned by `manager` (operation Update), taking them away
    /// from other managers, as the real field manager does.
    static func recordUpdate(old: JSONValue, new: JSONValue, manager: String, definition: ResourceDefinition, time: String) -> JSONValue {
        let oldLeaves = Dictionary(leafValues(old, field: nil, prefix: []), uniquingKeysWith: { first, _ in first })
        let changed = Set(leafValues(new, field: nil, prefix: []).filter { oldLeaves[$0.0] != $0.1 }.map(\.0))
            .filter { !isIdentity($0) && $0.first != "f:metadata" && $0.first != "f:status" }
        guard !changed.isEmpty else { return new }
        var managed = parseManagedFields(old)
        for index in managed.indices { managed[index].fields.subtract(changed) }
        if let index = managed.firstIndex(where: { $0.manager == manager && $0.operation == "Update" }) {
            managed[index].fields.formUnion(changed)
            managed[index].time = time
        } else {
            managed.append(ManagedEntry(manager: manager, operation: "Update", apiVersion: definition.apiVersion, time: time, fields: changed))
        }
        managed.removeAll { $0.fields.isEmpty }
        var result = new
        result["metadata"]?["managedFields"] = .array(managed.map {
            entry(manager: $0.manager, operation: $0.operation, apiVersion: $0.apiVersion, time: $0.time, fields: $0.fields)
        })
        return result
    }

    // MARK: - Field sets

    struct ManagedEntry {
        var manager: String
        var operation: String
        var apiVersion: String
        var time: String
        var fields: Set<FieldPath>
    }

    private static func isIdentity(_ path: FieldPath) -> Bool {
        let text = path.joined(separator: "/")
        return text == "f:apiVersion" || text == "f:kind" || text == "f:metadata/f:name" || text == "f:metadata/f:namespace"
    }

    /// Every leaf path of a value, with list items addressed by merge key (`k:{"name":"web"}`).
    static func leafPaths(_ value: JSONValue, field: String?) -> [FieldPath] {
        leafValues(value, field: field, prefix: []).map(\.0)
    }

    private static func leafValues(_ value: JSONValue, field: String?, prefix: FieldPath) -> [(FieldPath, JSONValue)] {
        switch value {
        case .object(let object) where !object.isEmpty:
            return object.flatMap { key, child in leafValues(child, field: key, prefix: prefix + ["f:\(key)"]) }
        case .array(let items):
            guard let field, let key = MergePatchApplier.mergeKeys[field], !key.isEmpty,
                items.allSatisfy({ $0[key] != nil })
            else { return [(prefix, value)] }
            return items.flatMap { item -> [(FieldPath, JSONValue)] in
                let identity = "k:" + JSONValue.object([key: item[key] ?? .null]).jsonString()
                return leafValues(item, field: nil, prefix: prefix + [identity])
            }
        default:
            return [(prefix, value)]
        }
    }

    private static func value(at path: FieldPath, in json: JSONValue) -> JSONValue? {
        var current: JSONValue? = json
        for segment in path {
            guard let node = current else { return nil }
            if segment.hasPrefix("f:") {
                current = node[String(segment.dropFirst(2))]
            } else if segment.hasPrefix("k:"), let identity = try? JSONValue.parse(Data(segment.dropFirst(2).utf8)),
                let (key, wanted) = identity.objectValue?.first
            {
                current = node.arrayValue?.first { $0[key] == wanted }
            } else {
                return nil
            }
        }
        return current
    }

    private static func removing(_ path: FieldPath, from json: JSONValue) -> JSONValue {
        guard let head = path.first else { return json }
        let rest = Array(path.dropFirst())
        if head.hasPrefix("f:"), var object = json.objectValue {
            let key = String(head.dropFirst(2))
            if rest.isEmpty { object[key] = nil } else if let child = object[key] { object[key] = removing(rest, from: child) }
            return .object(object)
        }
        if head.hasPrefix("k:"), var items = json.arrayValue, let identity = try? JSONValue.parse(Data(head.dropFirst(2).utf8)),
            let (key, wanted) = identity.objectValue?.first, let index = items.firstIndex(where: { $0[key] == wanted })
        {
            if rest.isEmpty { items.remove(at: index) } else { items[index] = removing(rest, from: items[index]) }
            return .array(items)
        }
        return json
    }

    static func render(_ path: FieldPath) -> String {
        path.map { segment -> String in
            if segment.hasPrefix("f:") { return "." + segment.dropFirst(2) }
            if segment.hasPrefix("k:"), let identity = try? JSONValue.parse(Data(segment.dropFirst(2).utf8)),
                let (key, value) = identity.objectValue?.first
            {
                return "[\(key)=\(value.stringValue ?? value.jsonString())]"
            }
            return segment
        }.joined()
    }

    private static func parseManagedFields(_ json: JSONValue) -> [ManagedEntry] {
        (json.value(at: ["metadata", "managedFields"])?.arrayValue ?? []).compactMap { item in
            guard let manager = item["manager"]?.stringValue else { return nil }
            return ManagedEntry(
                manager: manager, operation: item["operation"]?.stringValue ?? "Update",
                apiVersion: item["apiVersion"]?.stringValue ?? "", time: item["time"]?.stringValue ?? "",
                fields: Set(flatten(item["fieldsV1"] ?? [:], prefix: [])))
        }
    }

    private static func flatten(_ fields: JSONValue, prefix: FieldPath) -> [FieldPath] {
        guard let object = fields.objectValue, !object.isEmpty else { return prefix.isEmpty ? [] : [prefix] }
        return object.filter { $0.key != "." }.flatMap { flatten($0.value, prefix: prefix + [$0.key]) }
    }

    private static func entry(manager: String, operation: String, apiVersion: String, time: String, fields: Set<FieldPath>) -> JSONValue {
        var tree: JSONValue = [:]
        for path in fields { tree = inserting(path[...], into: tree) }
        return [
            "manager": .string(manager), "operation": .string(operation), "apiVersion": .string(apiVersion),
            "time": .string(time), "fieldsType": "FieldsV1", "fieldsV1": tree,
        ]
    }

    private static func inserting(_ path: ArraySlice<String>, into tree: JSONValue) -> JSONValue {
        guard let head = path.first else { return tree }
        var object = tree.objectValue ?? [:]
        object[head] = inserting(path.dropFirst(), into: object[head] ?? [:])
        return .object(object)
    }
}
