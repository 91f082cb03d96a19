import OkikKubeClient

/// The OpenAPI v3 documents kubectl reads before `create`/`apply` with `--validate=strict` (it needs the
/// `fieldValidation` parameter on the paths); each kind's schema is rendered from its ``FieldTree``.
enum OpenAPIDocuments {
    /// `/openapi/v3` (the index) or `/openapi/v3/api/v1`, `/openapi/v3/apis/<group>/<version>`.
    static func document(for path: String, registry: ResourceRegistry) -> JSONValue? {
        if path == "/openapi/v3" || path == "/openapi/v3/" {
            var paths: [String: JSONValue] = [:]
            for (group, version) in registry.groupVersions {
                let key = group.isEmpty ? "api/\(version)" : "apis/\(group)/\(version)"
                paths[key] = ["serverRelativeURL": .string("/openapi/v3/\(key)?hash=0")]
            }
            return ["paths": .object(paths)]
        }
        guard path.hasPrefix("/openapi/v3/") else { return nil }
        let key = String(path.dropFirst("/openapi/v3/".count))
        let segments = key.split(separator: "/")
        let apiVersion: String
        if segments.count == 2, segments[0] == "api" {
            apiVersion = String(segments[1])
        } else if segments.count == 3, segments[0] == "apis" {
            apiVersion = "\(segments[1])/\(segments[2])"
        } else {
            return nil
        }
        let definitions = registry.definitions.filter { $0.apiVersion == apiVersion }
        guard !definitions.isEmpty else { return nil }
        var paths: [String: JSONValue] = [:]
        var schemas: [String: JSONValue] = [:]
        for definition in definitions {
            let gvk: JSONValue = ["group": .string(definition.group), "version": .string(definition.version), "kind": .string(definition.kind)]
            let prefix = definition.group.isEmpty ? "/api/\(definition.version)" : "/apis/\(definition.group)/\(definition.version)"
            let collection = definition.namespaced ? "\(prefix)/namespaces/{namespace}/\(definition.plural)" : "\(prefix)/\(definition.plural)"
            let parameters: JSONValue = [
                ["name": "dryRun", "in": "query", "schema": ["type": "string"]],
                ["name": "fieldManager", "in": "query", "schema": ["type": "string"]],
                ["name": "fieldValidation", "in": "query", "schema": ["type": "string"]],
            ]
            let operation: JSONValue = ["x-kubernetes-group-version-kind": gvk, "parameters": parameters, "responses": ["200": ["description": "OK"]]]
            if !definition.readOnly {
                paths[collection] = ["post": operation, "get": operation]
                paths["\(collection)/{name}"] = ["get": operation, "put": operation, "patch": operation, "delete": operation]
            } else {
                paths[collection] = ["get": operation]
            }
            let schemaName = "io.k8s.okik.\(definition.group.isEmpty ? "core" : definition.group).\(definition.version).\(definition.kind)"
            var schema = self.schema(ResourceSchemas.tree(for: definition))
            schema["x-kubernetes-group-version-kind"] = [gvk]
            schemas[schemaName] = schema
        }
        return [
            "openapi": "3.0.0", "info": ["title": "Kubernetes", "version": "v1.32.0"], "paths": .object(paths),
            "components": ["schemas": .object(schemas)],
        ]
    }

    /// The OpenAPI schema of a field tree; open subtrees preserve unknown fields.
    static func schema(_ tree: FieldTree) -> JSONValue {
        switch tree {
        case .open:
            return ["type": "object", "x-kubernetes-preserve-unknown-fields": true]
        case .scalar("int-or-string"):
            return ["x-kubernetes-int-or-string": true]
        case .scalar(let type):
            return ["type": .string(type)]
        case .object(let fields):
            return ["type": "object", "properties": .object(fields.mapValues(schema))]
        case .map(let element):
            return ["type": "object", "additionalProperties": schema(element)]
        case .list(let element):
            return ["type": "array", "items": schema(element)]
        }
    }
}
