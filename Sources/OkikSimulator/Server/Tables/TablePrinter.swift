import Foundation
import OkikKubeClient

/// Builds the `meta.k8s.io/v1` Table that `kubectl get` asks for, with the columns the real API server prints
/// (`k8s.io/kubernetes/pkg/printers/internalversion/printers.go`); kinds without a printer get the API server's
/// default table (Name, Created At). The column sets live in `TablePrinter+<Group>.swift`.
enum TablePrinter {
    /// One column: its definition and how a cell is computed from the object's JSON at a given time.
    struct Column: Sendable {
        var name: String
        var type: String
        var format: String
        var priority: Int
        var description: String
        var cell: @Sendable (JSONValue, Date) -> JSONValue

        init(
            _ name: String, type: String = "string", format: String = "", priority: Int = 0, description: String = "",
            _ cell: @escaping @Sendable (JSONValue, Date) -> JSONValue
        ) {
            self.name = name
            self.type = type
            self.format = format
            self.priority = priority
            self.description = description.isEmpty ? name : description
            self.cell = cell
        }

        var definition: JSONValue {
            [
                "name": .string(name), "type": .string(type), "format": .string(format),
                "description": .string(description), "priority": .int(priority),
            ]
        }
    }

    static func table(
        items: [StoredObject], definition: ResourceDefinition, resourceVersion: Int, continueToken: String?, now: Date,
        includeObject: Bool = false
    ) throws -> JSONValue {
        let columns = self.columns(for: definition)
        var rows: [JSONValue] = []
        rows.reserveCapacity(items.count)
        for item in items {
            let json = try item.json()
            var object: JSONValue
            if includeObject {
                object = json
            } else {
                object = [
                    "kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                    "metadata": json["metadata"] ?? [:],
                ]
                object["metadata"]?["managedFields"] = nil
            }
            var row: JSONValue = ["cells": .array(columns.map { $0.cell(json, now) }), "object": object]
            if let conditions = rowConditions(json, definition) { row["conditions"] = conditions }
            rows.append(row)
        }
        var metadata: [String: JSONValue] = ["resourceVersion": .string(String(resourceVersion))]
        if let continueToken { metadata["continue"] = .string(continueToken) }
        return [
            "kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": .object(metadata),
            "columnDefinitions": .array(columns.map(\.definition)),
            "rows": .array(rows),
        ]
    }

    /// The columns of a kind: its printer's, or the default table.
    static func columns(for definition: ResourceDefinition) -> [Column] {
        coreColumns(definition.group, definition.kind)
            ?? workloadColumns(definition.group, definition.kind)
            ?? clusterColumns(definition.group, definition.kind)
            ?? defaultColumns
    }

    /// The API server's table for kinds without a printer (Role, ClusterRole, LimitRange, metrics).
    static let defaultColumns: [Column] = [
        nameColumn,
        Column("Created At", type: "date", description: "creationTimestamp") { json, _ in
            json.value(at: ["metadata", "creationTimestamp"]) ?? .null
        },
    ]

    static let nameColumn = Column("Name", format: "name", description: "Name must be unique within a namespace.") {
        json, _ in json.value(at: ["metadata", "name"]) ?? ""
    }

    static let ageColumn = Column("Age", description: "creationTimestamp") { json, now in .string(age(json, now)) }

    /// Pods that finished get the `Completed` row condition, so `kubectl get` can hide them on request.
    private static func rowConditions(_ json: JSONValue, _ definition: ResourceDefinition) -> JSONValue? {
        guard definition.group.isEmpty, definition.kind == "Pod" else { return nil }
        switch json.value(at: ["status", "phase"])?.stringValue {
        case "Succeeded":
            return [["type": "Completed", "status": "True", "reason": "Succeeded", "message": "The pod has completed successfully."]]
        case "Failed":
            return [["type": "Completed", "status": "True", "reason": "Failed", "message": "The pod failed."]]
        default:
            return nil
        }
    }

    // MARK: - Shared cells

    static func text(_ json: JSONValue, _ path: String..., default fallback: String) -> String {
        guard let value = json.value(at: path) else { return fallback }
        switch value {
        case .string(let text): return text.isEmpty ? fallback : text
        case .int(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        default: return fallback
        }
    }

    static func int(_ json: JSONValue, _ path: String...) -> Int {
        json.value(at: path)?.intValue ?? 0
    }

    static func count(_ json: JSONValue, _ path: String...) -> Int {
        let value = json.value(at: path)
        return value?.objectValue?.count ?? value?.arrayValue?.count ?? 0
    }

    static func age(_ json: JSONValue, _ now: Date) -> String {
        since(json.value(at: ["metadata", "creationTimestamp"])?.stringValue, now)
    }

    /// kubectl's `translateTimestampSince`: the human age of a timestamp, `<unknown>` when unset.
    static func since(_ timestamp: String?, _ now: Date) -> String {
        guard let timestamp, let time = Timestamp(rfc3339: timestamp) else { return "<unknown>" }
        return humanDuration(now.timeIntervalSince(time.date))
    }

    /// kubectl's `HumanDuration`.
    static func humanDuration(_ interval: TimeInterval) -> String {
        let seconds = Int(interval)
        if seconds < -1 { return "<invalid>" }
        if seconds < 0 { return "0s" }
        if seconds < 120 { return "\(seconds)s" }
        let minutes = seconds / 60
        if minutes < 10 {
            let remainder = seconds % 60
            return remainder == 0 ? "\(minutes)m" : "\(minutes)m\(remainder)s"
        }
        if minutes < 180 { return "\(minutes)m" }
        let hours = minutes / 60
        if hours < 8 {
            let remainder = minutes % 60
            return remainder == 0 ? "\(hours)h" : "\(hours)h\(remainder)m"
        }
        if hours < 48 { return "\(hours)h" }
        if hours < 24 * 8 {
            let remainder = hours % 24
            return remainder == 0 ? "\(hours / 24)d" : "\(hours / 24)d\(remainder)h"
        }
        if hours < 24 * 365 * 2 { return "\(hours / 24)d" }
        let years = hours / 24 / 365
        if years < 8 {
            let days = (hours / 24) % 365
            return days == 0 ? "\(years)y" : "\(years)y\(days)d"
        }
        return "\(years)y"
    }

    /// Names or images of a pod template's containers, comma-joined (`layoutContainerCells`).
    static func containers(_ podSpec: JSONValue?, _ field: String) -> String {
        (podSpec?["containers"]?.arrayValue ?? []).map { $0[field]?.stringValue ?? "" }.joined(separator: ",")
    }

    /// `metav1.FormatLabelSelector`: `<none>` for an empty selector, else `a=b,c in (d,e)`.
    static func labelSelector(_ selector: JSONValue?) -> String {
        guard let selector, selector != .null else { return "<none>" }
        var parts = (selector["matchLabels"]?.objectValue ?? [:]).sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value.stringValue ?? "")" }
        for expression in selector["matchExpressions"]?.arrayValue ?? [] {
            let key = expression["key"]?.stringValue ?? ""
            let values = (expression["values"]?.arrayValue ?? []).compactMap(\.stringValue).sorted().joined(separator: ",")
            switch expression["operator"]?.stringValue {
            case "In": parts.append("\(key) in (\(values))")
            case "NotIn": parts.append("\(key) notin (\(values))")
            case "Exists": parts.append(key)
            case "DoesNotExist": parts.append("!\(key)")
            default: break
            }
        }
        return parts.isEmpty ? "<none>" : parts.joined(separator: ",")
    }

    /// `labels.FormatLabels` of a plain map: sorted `k=v` pairs, `<none>` when empty.
    static func labelMap(_ map: JSONValue?) -> String {
        let labels = map?.objectValue ?? [:]
        guard !labels.isEmpty else { return "<none>" }
        return labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.stringValue ?? "")" }.joined(separator: ",")
    }

    /// A quantity in canonical form (`1Gi`, `500m`), or the text as given when it does not parse.
    static func quantity(_ value: JSONValue?) -> String {
        guard let value else { return "" }
        let text: String
        switch value {
        case .string(let string): text = string
        case .int(let number): text = String(number)
        case .double(let number): text = String(number)
        default: return ""
        }
        return (try? Quantity(text))?.description ?? text
    }
}
