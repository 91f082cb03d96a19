import OkikKubeClient

/// Something a scenario must show: some object of `kind` (in `namespace`, named `name` or matching `labels`) has a
/// value at `path` that equals `equals`, contains `contains`, or is at least `atLeast`.
///
/// Paths are dot-separated keys; `*` matches every element of a list
/// (`status.containerStatuses.*.state.waiting.reason`).
public struct ScenarioSymptom: Sendable, Codable, Hashable {
    /// What the symptom means.
    public var description: String?
    /// Kind of the objects to look at (Pod, Deployment, Job, Event, ...).
    public var kind: String
    /// Namespace (omit for cluster-scoped kinds).
    public var namespace: String?
    /// Exact name, or a name prefix ending in `*`.
    public var name: String?
    /// Labels the object must carry.
    public var labels: [String: String]?
    /// Where to look.
    public var path: String
    /// The value must equal this (as text).
    public var equals: String?
    /// The value must contain this text.
    public var contains: String?
    /// The value must be a number at least this large.
    public var atLeast: Int?

    /// Whether any of the objects (already of the right kind) shows the symptom.
    public func isShown(by objects: [JSONValue]) -> Bool {
        objects.contains { object in
            guard matches(object) else { return false }
            return Self.values(at: path.split(separator: ".").map(String.init)[...], in: object).contains(where: accepts)
        }
    }

    private func matches(_ object: JSONValue) -> Bool {
        if let namespace, object.value(at: ["metadata", "namespace"])?.stringValue != namespace { return false }
        let objectName = object.value(at: ["metadata", "name"])?.stringValue ?? ""
        if let name {
            if name.hasSuffix("*") {
                if !objectName.hasPrefix(String(name.dropLast())) { return false }
            } else if objectName != name {
                return false
            }
        }
        let objectLabels = object.value(at: ["metadata", "labels"])?.objectValue ?? [:]
        for (key, value) in labels ?? [:] where objectLabels[key]?.stringValue != value { return false }
        return true
    }

    private func accepts(_ value: JSONValue) -> Bool {
        let text: String
        switch value {
        case .string(let string): text = string
        case .int(let number): text = String(number)
        case .bool(let flag): text = flag ? "true" : "false"
        case .double(let number): text = String(number)
        default: return equals == nil && contains == nil && atLeast == nil && value != .null
        }
        if let equals, text != equals { return false }
        if let contains, !text.contains(contains) { return false }
        if let atLeast, (Int(text) ?? Int.min) < atLeast { return false }
        return true
    }

    static func values(at path: ArraySlice<String>, in value: JSONValue) -> [JSONValue] {
        guard let key = path.first else { return [value] }
        let rest = path.dropFirst()
        if key == "*" {
            return (value.arrayValue ?? value.objectValue.map { Array($0.values) } ?? []).flatMap { values(at: rest, in: $0) }
        }
        if let index = Int(key), let array = value.arrayValue {
            return index < array.count ? values(at: rest, in: array[index]) : []
        }
        guard let child = value[key] else { return [] }
        return values(at: rest, in: child)
    }
}
