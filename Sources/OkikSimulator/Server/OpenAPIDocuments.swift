import OkikKubeClient

/// The OpenAPI v3 documents kubectl reads before `create`/`apply` with `--validate=strict`, and the field check
/// behind `fieldValidation=Strict`.
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
            let gvk: JSONValue = [["group": .string(definition.group), "version": .string(definition.version), "kind": .string(definition.kind)]]
            let prefix = definition.group.isEmpty ? "/api/\(definition.version)" : "/apis/\(definition.group)/\(definition.version)"
            let collection = definition.namespaced ? "\(prefix)/namespaces/{namespace}/\(definition.plural)" : "\(prefix)/\(definition.plural)"
            let parameters: JSONValue = [
                ["name": "dryRun", "in": "query", "schema": ["type": "string"]],
                ["name": "fieldManager", "in": "query", "schema": ["type": "string"]],
                ["name": "fieldValidation", "in": "query", "schema": ["type": "string"]],
            ]
            let operation: JSONValue = ["x-kubernetes-group-version-kind": gvk.arrayValue?.first ?? .null, "parameters": parameters, "responses": ["200": ["description": "OK"]]]
            if !definition.readOnly {
                paths[collection] = ["post": operation, "get": operation]
                paths["\(collection)/{name}"] = ["get": operation, "put": operation, "patch": operation, "delete": operation]
            } else {
                paths[collection] = ["get": operation]
            }
            let schemaName = "io.k8s.okik.\(definition.group.isEmpty ? "core" : definition.group).\(definition.version).\(definition.kind)"
            schemas[schemaName] = [
                "type": "object",
                "x-kubernetes-group-version-kind": gvk,
                "properties": .object(Dictionary(uniqueKeysWithValues: topLevelFields(definition).map { ($0, ["type": "object"]) })),
            ]
        }
        return [
            "openapi": "3.0.0", "info": ["title": "Kubernetes", "version": "v1.32.0"], "paths": .object(paths),
            "components": ["schemas": .object(schemas)],
        ]
    }

    /// The fields a kind accepts at the top level and in metadata; what `fieldValidation=Strict` checks.
    static func topLevelFields(_ definition: ResourceDefinition) -> [String] {
        var fields = ["apiVersion", "kind", "metadata"]
        switch (definition.group, definition.kind) {
        case ("", "ConfigMap"): fields += ["data", "binaryData", "immutable"]
        case ("", "Secret"): fields += ["data", "stringData", "type", "immutable"]
        case ("", "Event"):
            fields += [
                "involvedObject", "reason", "message", "source", "firstTimestamp", "lastTimestamp", "count", "type",
                "eventTime", "series", "action", "related", "reportingComponent", "reportingInstance",
            ]
        case ("", "ServiceAccount"): fields += ["secrets", "imagePullSecrets", "automountServiceAccountToken"]
        case ("rbac.authorization.k8s.io", "Role"), ("rbac.authorization.k8s.io", "ClusterRole"): fields += ["rules", "aggregationRule"]
        case ("rbac.authorization.k8s.io", "RoleBinding"), ("rbac.authorization.k8s.io", "ClusterRoleBinding"): fields += ["subjects", "roleRef"]
        case ("storage.k8s.io", "StorageClass"):
            fields += ["provisioner", "parameters", "reclaimPolicy", "mountOptions", "allowVolumeExpansion", "volumeBindingMode", "allowedTopologies"]
        case ("metrics.k8s.io", "PodMetrics"): fields += ["timestamp", "window", "containers"]
        case ("metrics.k8s.io", "NodeMetrics"): fields += ["timestamp", "window", "usage"]
        default: fields += ["spec", "status"]
        }
        return fields
    }

    static let metadataFields: Set<String> = [
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers",
        "managedFields",
    ]

    /// Fields of `body` the kind does not have, as `.spec.foo` paths (top level and metadata only).
    static func unknownFields(in body: JSONValue, definition: ResourceDefinition) -> [String] {
        guard let object = body.objectValue else { return [] }
        let known = Set(topLevelFields(definition))
        var unknown = object.keys.filter { !known.contains($0) }.map { ".\($0)" }
        for key in (object["metadata"]?.objectValue ?? [:]).keys where !metadataFields.contains(key) {
            unknown.append(".metadata.\(key)")
        }
        return unknown.sorted()
    }
}
