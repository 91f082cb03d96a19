import Foundation
import OkikKubeClient

/// Decodes and validates tool arguments against a ``ToolSchema``, with precise errors.
enum ToolArguments {
    /// Checks `arguments` against `schema` (object shape, unknown and missing fields, JSON types, name rules,
    /// integer bounds, enums), then decodes the typed input.
    static func decode<Input: Decodable>(_ type: Input.Type, from arguments: JSONValue, schema: ToolSchema)
        throws(ToolError) -> Input
    {
        let object: [String: JSONValue]
        switch arguments {
        case .null: object = [:]
        case .object(let members): object = members
        default: throw ToolError.wrongType("(arguments)", expected: "a JSON object")
        }
        let properties = schema.json["properties"]?.objectValue ?? [:]
        for key in object.keys.sorted() where properties[key] == nil {
            throw ToolError.unknownField(key, allowed: Array(properties.keys))
        }
        for name in schema.requiredNames where object[name] == nil || object[name] == .null {
            throw ToolError.missingField(name)
        }
        for (name, value) in object.sorted(by: { $0.key < $1.key }) where value != .null {
            guard let property = properties[name] else { continue }
            try check(value, against: property, field: name)
        }
        do {
            let data = try JSONEncoder().encode(JSONValue.object(object.filter { $0.value != .null }))
            return try JSONDecoder().decode(Input.self, from: data)
        } catch let error as DecodingError {
            throw map(error)
        } catch {
            throw ToolError.invalidValue("(arguments)", "\(error)")
        }
    }

    /// Checks one value against a property schema.
    static func check(_ value: JSONValue, against schema: JSONValue, field: String) throws(ToolError) {
        switch schema["type"]?.stringValue {
        case "string":
            guard let text = value.stringValue else { throw ToolError.wrongType(field, expected: "a string") }
            if let pattern = schema["pattern"]?.stringValue {
                if pattern == NameRules.labelPattern, !NameRules.isLabel(text) {
                    throw ToolError.invalidName(field, text, rule: "DNS-1123 label (lowercase a-z, 0-9 and '-', at most 63)")
                }
                if pattern == NameRules.subdomainPattern, !NameRules.isSubdomain(text) {
                    throw ToolError.invalidName(
                        field, text, rule: "DNS-1123 subdomain (lowercase a-z, 0-9, '-' and '.', at most 253)")
                }
            }
            if let values = schema["enum"]?.arrayValue?.compactMap(\.stringValue), !values.contains(text) {
                throw ToolError.invalidValue(field, "\"\(text)\" is not one of \(values.joined(separator: ", "))")
            }
            if let maxLength = schema["maxLength"]?.intValue, text.count > maxLength {
                throw ToolError.invalidValue(field, "longer than \(maxLength) characters")
            }
        case "integer":
            guard case .int(let number) = value else {
                if case .double(let number) = value, number.rounded() == number, abs(number) < 1e15 {
                    try checkBounds(Int(number), schema: schema, field: field)
                    return
                }
                throw ToolError.wrongType(field, expected: "an integer")
            }
            try checkBounds(number, schema: schema, field: field)
        case "boolean":
            guard value.boolValue != nil else { throw ToolError.wrongType(field, expected: "a boolean") }
        case "object":
            guard let members = value.objectValue else { throw ToolError.wrongType(field, expected: "an object") }
            if let properties = schema["properties"]?.objectValue {
                for (key, member) in members.sorted(by: { $0.key < $1.key }) {
                    if let property = properties[key] {
                        if member != .null { try check(member, against: property, field: "\(field).\(key)") }
                    } else if schema["additionalProperties"] == .bool(false) {
                        throw ToolError.unknownField("\(field).\(key)", allowed: properties.keys.map { "\(field).\($0)" })
                    }
                }
            }
            if let additional = schema["additionalProperties"], additional.objectValue != nil {
                for (key, member) in members.sorted(by: { $0.key < $1.key }) {
                    try check(member, against: additional, field: "\(field).\(key)")
                }
            }
        case "array":
            guard let items = value.arrayValue else { throw ToolError.wrongType(field, expected: "an array") }
            if let itemSchema = schema["items"] {
                for (index, item) in items.enumerated() { try check(item, against: itemSchema, field: "\(field)[\(index)]") }
            }
        default:
            break
        }
    }

    private static func checkBounds(_ number: Int, schema: JSONValue, field: String) throws(ToolError) {
        let minimum = schema["minimum"]?.intValue
        let maximum = schema["maximum"]?.intValue
        if let minimum, number < minimum { throw ToolError.outOfRange(field, number, minimum: minimum, maximum: maximum) }
        if let maximum, number > maximum { throw ToolError.outOfRange(field, number, minimum: minimum, maximum: maximum) }
    }

    private static func map(_ error: DecodingError) -> ToolError {
        func path(_ context: DecodingError.Context) -> String {
            let text = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.isEmpty ? "(arguments)" : String(text.drop { $0 == "." })
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return .missingField(parent == "(arguments)" ? key.stringValue : "\(parent).\(key.stringValue)")
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return .wrongType(path(context), expected: "\(type)")
        case .dataCorrupted(let context):
            return .invalidValue(path(context), context.debugDescription)
        @unknown default:
            return .invalidValue("(arguments)", "cannot decode")
        }
    }
}
