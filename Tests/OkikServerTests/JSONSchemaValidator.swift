import Foundation
import OkikKubeClient

/// The part of JSON Schema 2020-12 the OpenAPI document uses, enough to check the server's bodies against it:
/// `$ref` (local), `type`, `properties`, `required`, `additionalProperties`, `propertyNames`, `items`, `enum`,
/// `const`, `pattern`, and the formats `date-time` and `uuid`. Keywords it does not know are refused, so the
/// document cannot use one this check would silently skip.
struct JSONSchemaValidator {
    let document: JSONValue

    /// Every way `value` breaks `schema`, as `path: problem` lines; empty when it conforms.
    func problems(_ value: JSONValue, against schema: JSONValue, at path: String = "$") -> [String] {
        guard case .object(let keywords) = schema else { return ["\(path): the schema is not an object"] }
        if case .string(let reference)? = keywords["$ref"] {
            guard let target = resolve(reference) else { return ["\(path): cannot resolve \(reference)"] }
            return problems(value, against: target, at: path)
        }
        let known: Set<String> = [
            "type", "properties", "required", "additionalProperties", "propertyNames", "items", "enum", "const",
            "pattern", "format", "description", "examples",
        ]
        if let unknown = keywords.keys.first(where: { !known.contains($0) }) {
            return ["\(path): the schema uses \"\(unknown)\", which this check does not implement"]
        }
        var found: [String] = []
        if case .string(let type)? = keywords["type"], !Self.matches(value, type: type) {
            return ["\(path): expected \(type), got \(value.jsonString().prefix(80))"]
        }
        if case .array(let choices)? = keywords["enum"], !choices.contains(value) {
            found.append("\(path): \(value.jsonString()) is not one of \(JSONValue.array(choices).jsonString())")
        }
        if let constant = keywords["const"], constant != value {
            found.append("\(path): expected \(constant.jsonString()), got \(value.jsonString())")
        }
        if case .string(let text) = value {
            if case .string(let pattern)? = keywords["pattern"], text.range(of: pattern, options: .regularExpression) == nil {
                found.append("\(path): \"\(text)\" does not match \(pattern)")
            }
            if case .string(let format)? = keywords["format"], !Self.conforms(text, format: format) {
                found.append("\(path): \"\(text)\" is not a \(format)")
            }
        }
        if case .object(let members) = value {
            let properties = keywords["properties"]?.objectValue ?? [:]
            for case .string(let name) in keywords["required"]?.arrayValue ?? [] where members[name] == nil {
                found.append("\(path): \"\(name)\" is required")
            }
            for (name, member) in members.sorted(by: { $0.key < $1.key }) {
                let memberPath = "\(path).\(name)"
                if let names = keywords["propertyNames"] {
                    found += problems(.string(name), against: names, at: "\(memberPath) (name)")
                }
                if let property = properties[name] {
                    found += problems(member, against: property, at: memberPath)
                } else {
                    switch keywords["additionalProperties"] {
                    case .bool(false)?: found.append("\(memberPath): not in the schema")
                    case .object(let additional)?: found += problems(member, against: .object(additional), at: memberPath)
                    default: break
                    }
                }
            }
        }
        if case .array(let items) = value, let itemSchema = keywords["items"] {
            for (index, item) in items.enumerated() { found += problems(item, against: itemSchema, at: "\(path)[\(index)]") }
        }
        return found
    }

    /// `#/components/schemas/Name`.
    func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#/") else { return nil }
        return document.value(at: reference.dropFirst(2).split(separator: "/").map(String.init))
    }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null),
            ("integer", .int), ("number", .int), ("number", .double):
            true
        case ("integer", .double(let number)):
            number.rounded() == number
        default:
            false
        }
    }

    private static func conforms(_ text: String, format: String) -> Bool {
        switch format {
        case "uuid": UUID(uuidString: text) != nil
        case "date-time": (try? Date(text, strategy: .iso8601)) != nil
        default: true
        }
    }
}
