/// Writes Kubernetes objects as YAML, deterministically: `apiVersion`, `kind` and `metadata` first, `name` first in
/// every other mapping, then the keys in byte order; strings that YAML could read as anything else (numbers,
/// booleans, null, text with `:` or `#`) double-quoted with JSON escapes, which YAML reads the same way.
///
/// ```swift
/// let text = ManifestYAML.stream([namespace, deployment])   // "---\napiVersion: v1\nkind: Namespace\n..."
/// ```
public enum ManifestYAML {
    /// One document per object, each introduced by `---`.
    public static func stream(_ objects: [JSONValue]) -> String {
        objects.map { "---\n" + document($0) }.joined()
    }

    /// One object as a YAML document (no `---`), ending in a newline.
    public static func document(_ object: JSONValue) -> String {
        var lines: [String] = []
        switch object {
        case .object(let members) where !members.isEmpty:
            mapping(members, indent: 0, topLevel: true, into: &lines)
        case .array(let items) where !items.isEmpty:
            sequence(items, indent: 0, into: &lines)
        default:
            lines.append(scalar(object))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The keys written before the others at the top of an object.
    private static let leadingKeys = ["apiVersion", "kind", "metadata"]

    private static func orderedKeys(_ members: [String: JSONValue], topLevel: Bool) -> [String] {
        let first = topLevel ? leadingKeys : ["name"]
        let rest = members.keys.filter { !first.contains($0) }.sorted { Array($0.utf8).lexicographicallyPrecedes($1.utf8) }
        return first.filter { members[$0] != nil } + rest
    }

    private static func mapping(_ members: [String: JSONValue], indent: Int, topLevel: Bool, into lines: inout [String]) {
        let pad = String(repeating: " ", count: indent)
        for key in orderedKeys(members, topLevel: topLevel) {
            guard let value = members[key] else { continue }
            let label = pad + quotedIfNeeded(key) + ":"
            switch value {
            case .object(let nested) where !nested.isEmpty:
                lines.append(label)
                mapping(nested, indent: indent + 2, topLevel: false, into: &lines)
            case .array(let items) where !items.isEmpty:
                lines.append(label)
                sequence(items, indent: indent + 2, into: &lines)
            default:
                lines.append(label + " " + scalar(value))
            }
        }
    }

    private static func sequence(_ items: [JSONValue], indent: Int, into lines: inout [String]) {
        let pad = String(repeating: " ", count: indent)
        for item in items {
            switch item {
            case .object(let members) where !members.isEmpty:
                var nested: [String] = []
                mapping(members, indent: indent + 2, topLevel: false, into: &nested)
                nested[0] = pad + "- " + nested[0].dropFirst(indent + 2)
                lines += nested
            case .array(let inner) where !inner.isEmpty:
                lines.append(pad + "-")
                sequence(inner, indent: indent + 2, into: &lines)
            default:
                lines.append(pad + "- " + scalar(item))
            }
        }
    }

    private static func scalar(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .int(let number): String(number)
        case .double(let number): number.isFinite ? String(number) : "null"
        case .string(let text): quotedIfNeeded(text)
        case .object: "{}"
        case .array: "[]"
        }
    }

    /// Words YAML 1.1 or 1.2 reads as booleans or null.
    private static let reservedWords: Set<String> = [
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
    ]

    /// The text plain when YAML reads it back as this same string, else double-quoted.
    static func quotedIfNeeded(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return "\"\"" }
        let plainCharacters = text.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-._/ =@+".unicodeScalars.contains(scalar))
        }
        // Digits, signs and dots could start a number, and `-`, `?`, `:` are indicators; `--flag` and `../path`
        // cannot be read either way.
        let scalars = Array(text.unicodeScalars)
        let second = scalars.count > 1 ? scalars[1] : " "
        let third = scalars.count > 2 ? scalars[2] : " "
        let safeStart = first.properties.isAlphabetic || first == "/" || first == "_"
            || (first == "-" && (second.properties.isAlphabetic || (second == "-" && third.properties.isAlphabetic)))
            || (first == "." && (second == "/" || (second == "." && third == "/")))
        if plainCharacters && safeStart && last != " " && !reservedWords.contains(text.lowercased()) {
            return text
        }
        return JSONValue.string(text).jsonString()
    }
}
