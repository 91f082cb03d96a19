import OkikKubeClient

/// Checks field types against ``ResourceSchemas`` (the schema the OpenAPI documents serve), as the API server's
/// decoding does whatever `fieldValidation` says: `spec.replicas: "many"` cannot become an `int32`.
///
/// The answers follow where the real server finds the error: a create or update fails to decode the body (400
/// BadRequest, `Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go
/// struct field spec.replicas of type integer`), a JSON, merge or strategic merge patch fails to decode the patched
/// object (422 Invalid), and server-side apply fails to build its typed patch (400). Every answer carries a
/// `FieldValueInvalid` cause naming the field. Unknown fields are not this check's business (see
/// ``StrictFieldValidation``); `null` is accepted everywhere, as Go's decoder leaves the field unset.
enum FieldTypeValidation {
    /// One field whose value has the wrong JSON type.
    struct Mismatch: Hashable, Sendable {
        /// The field, as a JSON path (`spec.replicas`, `spec.template.spec.containers[0].ports[0].containerPort`).
        var path: String
        /// The schema's type: integer, number, string, boolean, int-or-string, object, array.
        var expected: String
        /// The JSON type found: string, number, bool, object, array.
        var found: String
        var value: JSONValue

        var cause: StatusCause {
            StatusCause(
                reason: "FieldValueInvalid",
                message: "Invalid value: \(FieldTypeValidation.describe(value)): must be of type \(expected)", field: path)
        }
    }

    /// The fields of `body` whose values do not have the type the kind's schema gives them.
    static func mismatches(in body: JSONValue, definition: ResourceDefinition) -> [Mismatch] {
        var found: [Mismatch] = []
        walk(body, ResourceSchemas.tree(for: definition), path: "", into: &found)
        return found
    }

    /// The 400 a create or update body with a wrongly typed field gets.
    static func checkDecode(_ body: JSONValue, definition: ResourceDefinition) throws {
        guard let first = mismatches(in: body, definition: definition).first else { return }
        throw APIError(
            code: 400, reason: "BadRequest",
            message:
                "\(definition.kind) in version \"\(definition.version)\" cannot be handled as a \(definition.kind): json: cannot unmarshal \(first.found) into Go struct field \(first.path) of type \(first.expected)",
            details: StatusDetails(group: definition.group, kind: definition.kind, causes: [first.cause]))
    }

    /// The 422 a patch gets when the patched object has a wrongly typed field.
    static func checkPatched(_ object: JSONValue, definition: ResourceDefinition, name: String) throws {
        let found = mismatches(in: object, definition: definition)
        guard !found.isEmpty else { return }
        throw APIError.invalid(definition, name, causes: found.map(\.cause))
    }

    /// The 400 a server-side apply with a wrongly typed field gets.
    static func checkApply(_ body: JSONValue, definition: ResourceDefinition, namespace: String?, name: String) throws {
        let found = mismatches(in: body, definition: definition)
        guard !found.isEmpty else { return }
        let errors = found.map { ".\($0.path): expected \($0.expected), got \($0.found)" }
        let object = "\(definition.namespaced ? namespace ?? "" : "")/\(name); \(definition.apiVersion), Kind=\(definition.kind)"
        throw APIError(
            code: 400, reason: "BadRequest",
            message: "failed to create typed patch object (\(object)): \(errors.joined(separator: "\n"))",
            details: StatusDetails(group: definition.group, kind: definition.kind, causes: found.map(\.cause)))
    }

    private static func walk(_ value: JSONValue, _ tree: FieldTree, path: String, into found: inout [Mismatch]) {
        if value == .null { return }
        func mismatch(_ expected: String) {
            found.append(Mismatch(path: path, expected: expected, found: jsonType(value), value: value))
        }
        switch tree {
        case .open:
            return
        case .scalar(let type):
            let accepted: Bool
            switch (type, value) {
            case ("integer", .int): accepted = true
            case ("number", .int), ("number", .double): accepted = true
            case ("string", .string): accepted = true
            case ("boolean", .bool): accepted = true
            // Quantities also take JSON numbers with a fraction (`cpu: 0.5`).
            case ("int-or-string", .int), ("int-or-string", .string), ("int-or-string", .double): accepted = true
            case ("integer", _), ("number", _), ("string", _), ("boolean", _), ("int-or-string", _): accepted = false
            default: accepted = true
            }
            if !accepted { mismatch(type) }
        case .object(let fields):
            guard case .object(let members) = value else { return mismatch("object") }
            for key in members.keys.sorted() where !key.hasPrefix("$") {
                guard let subtree = fields[key], let member = members[key] else { continue }
                walk(member, subtree, path: path.isEmpty ? key : "\(path).\(key)", into: &found)
            }
        case .map(let element):
            guard case .object(let members) = value else { return mismatch("object") }
            for key in members.keys.sorted() where !key.hasPrefix("$") {
                guard let member = members[key] else { continue }
                walk(member, element, path: "\(path)[\(key)]", into: &found)
            }
        case .list(let element):
            guard case .array(let items) = value else { return mismatch("array") }
            for (index, item) in items.enumerated() {
                walk(item, element, path: "\(path)[\(index)]", into: &found)
            }
        }
    }

    /// The JSON type as Go's decoder names it.
    static func jsonType(_ value: JSONValue) -> String {
        switch value {
        case .string: "string"
        case .int, .double: "number"
        case .bool: "bool"
        case .object: "object"
        case .array: "array"
        case .null: "null"
        }
    }

    /// A value as the API server quotes it in field errors (`"many"`, `3`).
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): "\"\(text)\""
        case .int(let number): String(number)
        case .double(let number): String(number)
        case .bool(let flag): flag ? "true" : "false"
        case .null: "null"
        case .object: "{...}"
        case .array: "[...]"
        }
    }
}
