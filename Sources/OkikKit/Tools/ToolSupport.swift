import Foundation
import OkikKubeClient

/// The common input of list tools: an optional namespace (all when absent) and label selector.
public struct ListInput: Decodable, Sendable {
    var namespace: String?
    var labelSelector: String?
    var limit: Int?

    /// The schema of ``ListInput`` for a kind.
    static func schema(_ plural: String) -> ToolSchema {
        .object([
            .optional("namespace", .dnsLabel("Namespace to list \(plural) in; omit for all namespaces")),
            .optional("labelSelector", .string("Kubernetes label selector, such as app=web", maxLength: 512)),
            .optional("limit", .integer("Most \(plural) to return (default 50)", minimum: 1, maximum: 500)),
        ])
    }

    /// The selector for `client.namespaced`.
    var selector: NamespaceSelector { namespace.map { .named($0) } ?? .allNamespaces }

    /// List options with the label selector.
    var options: ListOptions { ListOptions(labelSelector: labelSelector) }

    /// Targets: the collection in one namespace or all.
    func targets(_ kind: String) -> [ToolTarget] { [.collection(kind, namespace: namespace)] }
}

/// Helpers that keep tool results compact and bounded.
enum Compact {
    /// A bounded list: at most `limit` items, with the total and a note when cut.
    static func list(_ items: [JSONValue], limit: Int, noun: String) -> (data: JSONValue, truncated: Bool) {
        let shown = Array(items.prefix(limit))
        var data: JSONValue = ["items": .array(shown), "total": .int(items.count)]
        let truncated = items.count > shown.count
        if truncated {
            data["note"] = .string("showing \(shown.count) of \(items.count) \(noun); narrow with namespace or labelSelector")
        }
        return (data, truncated)
    }

    /// A list output with a summary line.
    static func output(_ items: [JSONValue], noun: String, scope: String?, context: ToolContext, limit: Int? = nil)
        -> ToolOutput
    {
        let (data, truncated) = list(items, limit: min(limit ?? context.limits.maxItems, 500), noun: noun)
        let place = scope.map { " in \($0)" } ?? " across all namespaces"
        return ToolOutput(summary: "\(items.count) \(noun)\(place)", data: data, truncated: truncated)
    }

    /// Text cut to `max` characters with an ellipsis; a text that is cut is redacted first, so a secret at the cut
    /// is not left half-recognisable (the executor redacts every output again).
    static func text(_ value: String?, max: Int) -> JSONValue {
        guard let value else { return .null }
        if value.count <= max { return .string(value) }
        return .string(String(Redactor.standard.redact(value).prefix(max)) + "…")
    }

    /// A short age such as `45s`, `12m`, `5h`, `3d`.
    static func age(_ timestamp: Timestamp?, now: Date) -> JSONValue {
        guard let timestamp else { return .null }
        let seconds = max(0, Int(now.timeIntervalSince(timestamp.date)))
        if seconds < 120 { return .string("\(seconds)s") }
        if seconds < 7200 { return .string("\(seconds / 60)m") }
        if seconds < 172_800 { return .string("\(seconds / 3600)h") }
        return .string("\(seconds / 86400)d")
    }

    /// A resource map as canonical quantity strings.
    static func quantities(_ values: [String: Quantity]?) -> JSONValue {
        guard let values, !values.isEmpty else { return .null }
        return .object(values.mapValues { .string($0.description) })
    }

    /// Drops null members so results stay small.
    static func object(_ members: [String: JSONValue]) -> JSONValue {
        .object(members.filter { $0.value != .null })
    }

    /// A JSON value with strings, arrays and depth bounded; for whole-object descriptions. Strings that are cut are
    /// redacted first (callers redact the whole value before, for the rules that need a name).
    static func bounded(_ value: JSONValue, maxString: Int = 300, maxArray: Int = 20, depth: Int = 8) -> JSONValue {
        guard depth > 0 else { return "…" }
        switch value {
        case .string(let text):
            guard text.count > maxString else { return value }
            return .string(String(Redactor.standard.redact(text).prefix(maxString)) + "…")
        case .array(let items):
            var result = items.prefix(maxArray).map { bounded($0, maxString: maxString, maxArray: maxArray, depth: depth - 1) }
            if items.count > maxArray { result.append(.string("… \(items.count - maxArray) more")) }
            return .array(result)
        case .object(let members):
            return .object(members.mapValues { bounded($0, maxString: maxString, maxArray: maxArray, depth: depth - 1) })
        default: return value
        }
    }

    /// `ns/name`.
    static func ref(_ metadata: ObjectMeta) -> String {
        metadata.namespace.map { "\($0)/\(metadata.name ?? "")" } ?? (metadata.name ?? "")
    }
}

/// Shared schema fragments.
enum Fields {
    static let namespace = ToolSchema.dnsLabel("Namespace of the object")
    static let deployment = ToolSchema.dnsSubdomain("Name of the Deployment")
    static let pod = ToolSchema.dnsSubdomain("Name of the Pod")
    static let node = ToolSchema.dnsSubdomain("Name of the Node")
    static let hpa = ToolSchema.dnsSubdomain("Name of the HorizontalPodAutoscaler")
}

/// Input naming one namespaced object.
public struct ObjectInput: Decodable, Sendable {
    var namespace: String
    var name: String
}
