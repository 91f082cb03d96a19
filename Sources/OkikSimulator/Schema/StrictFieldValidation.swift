import OkikKubeClient

/// Unknown-field checks against ``ResourceSchemas``, with the API server's error forms: the strict decoding error
/// of create/update (`fieldValidation=Strict`) and the schema error of server-side apply.
enum StrictFieldValidation {
    /// Fields of `body` the kind does not have, as JSON paths (`spec.replicass`,
    /// `spec.template.spec.containers[0].imagee`). Keys starting with `$` (patch directives) are skipped.
    static func unknownFields(in body: JSONValue, definition: ResourceDefinition) -> [String] {
        var unknown: [String] = []
        walk(body, ResourceSchemas.tree(for: definition), path: "", applyStyle: false, into: &unknown)
        return unknown
    }

    /// The 400 a create or update with `fieldValidation=Strict` gets:
    /// `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.x"`.
    static func checkStrict(_ body: JSONValue, definition: ResourceDefinition) throws {
        let unknown = unknownFields(in: body, definition: definition)
        guard !unknown.isEmpty else { return }
        let fields = unknown.map { "unknown field \"\($0)\"" }.joined(separator: ", ")
        throw APIError(
            code: 400, reason: "BadRequest",
            message: "\(definition.kind) in version \"\(definition.version)\" cannot be handled as a \(definition.kind): strict decoding error: \(fields)")
    }

    /// The 400 a server-side apply with fields outside the schema gets:
    /// `failed to create typed patch object (ns/name; apps/v1, Kind=Deployment): .spec.x: field not declared in schema`.
    static func checkApply(_ body: JSONValue, definition: ResourceDefinition, namespace: String?, name: String) throws {
        var unknown: [String] = []
        walk(body, ResourceSchemas.tree(for: definition), path: "", applyStyle: true, into: &unknown)
        guard !unknown.isEmpty else { return }
        let errors = unknown.map { "\($0): field not declared in schema" }
        let object = "\(definition.namespaced ? namespace ?? "" : "")/\(name); \(definition.apiVersion), Kind=\(definition.kind)"
        throw APIError(
            code: 400, reason: "BadRequest",
            message: "failed to create typed patch object (\(object)): \(errors.joined(separator: "\n"))")
    }

    private static func walk(_ value: JSONValue, _ tree: FieldTree, path: String, applyStyle: Bool, into unknown: inout [String]) {
        switch (tree, value) {
        case (.object(let fields), .object(let members)):
            for key in members.keys.sorted() where !key.hasPrefix("$") {
                let child = applyStyle || !path.isEmpty ? "\(path).\(key)" : key
                guard let subtree = fields[key] else {
                    unknown.append(child)
                    continue
                }
                if let member = members[key] { walk(member, subtree, path: child, applyStyle: applyStyle, into: &unknown) }
            }
        case (.map(let element), .object(let members)):
            for key in members.keys.sorted() {
                if let member = members[key] {
                    walk(member, element, path: "\(path)[\(key)]", applyStyle: applyStyle, into: &unknown)
                }
            }
        case (.list(let element), .array(let items)):
            for (index, item) in items.enumerated() {
                var position = "[\(index)]"
                if applyStyle, let name = item["name"]?.stringValue { position = "[name=\"\(name)\"]" }
                walk(item, element, path: path + position, applyStyle: applyStyle, into: &unknown)
            }
        default:
            return
        }
    }
}
