import OkikKubeClient

/// The discovery documents kubectl reads: `/version`, `/api`, `/apis`, `/api/v1`, `/apis/<group>/<version>`.
enum Discovery {
    static func version(_ gitVersion: String) -> JSONValue {
        let parts = gitVersion.dropFirst().split(separator: ".")
        return [
            "major": .string(parts.first.map(String.init) ?? "1"), "minor": .string(parts.dropFirst().first.map(String.init) ?? "32"),
            "gitVersion": .string(gitVersion), "gitCommit": "0000000000000000000000000000000000000000",
            "gitTreeState": "clean", "buildDate": "2026-01-01T00:00:00Z", "goVersion": "go1.23.0", "compiler": "gc",
            "platform": "linux/amd64",
        ]
    }

    static func apiVersions() -> JSONValue {
        ["kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"]]]
    }

    static func groups(_ registry: ResourceRegistry) -> JSONValue {
        var groups: [JSONValue] = []
        var seen = Set<String>()
        for (group, version) in registry.groupVersions where !group.isEmpty && seen.insert(group).inserted {
            groups.append(groupDocument(group, version))
        }
        return ["kind": "APIGroupList", "apiVersion": "v1", "groups": .array(groups)]
    }

    private static func groupDocument(_ group: String, _ version: String) -> JSONValue {
        let entry: JSONValue = ["groupVersion": .string("\(group)/\(version)"), "version": .string(version)]
        return ["name": .string(group), "versions": [entry], "preferredVersion": entry]
    }

    /// `/apis/<group>`: the group alone.
    static func group(path: String, registry: ResourceRegistry) -> JSONValue? {
        let segments = path.split(separator: "/")
        guard segments.count == 2, segments[0] == "apis" else { return nil }
        guard let (group, version) = registry.groupVersions.first(where: { $0.group == segments[1] }) else { return nil }
        var document = groupDocument(group, version)
        document["kind"] = "APIGroup"
        document["apiVersion"] = "v1"
        return document
    }

    /// `/api/v1` or `/apis/<group>/<version>`: the APIResourceList.
    static func resourceList(path: String, registry: ResourceRegistry) -> JSONValue? {
        let segments = path.split(separator: "/").map(String.init)
        let apiVersion: String
        if segments.count == 2, segments[0] == "api" {
            apiVersion = segments[1]
        } else if segments.count == 3, segments[0] == "apis" {
            apiVersion = "\(segments[1])/\(segments[2])"
        } else {
            return nil
        }
        let definitions = registry.definitions.filter { $0.apiVersion == apiVersion }
        guard !definitions.isEmpty else { return nil }
        var resources: [JSONValue] = []
        for definition in definitions {
            let verbs: [JSONValue] = definition.readOnly
                ? ["get", "list"]
                : ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
            var entry: [String: JSONValue] = [
                "name": .string(definition.plural), "singularName": .string(definition.singular),
                "namespaced": .bool(definition.namespaced), "kind": .string(definition.kind), "verbs": .array(verbs),
            ]
            if !definition.shortNames.isEmpty { entry["shortNames"] = .array(definition.shortNames.map { .string($0) }) }
            if !definition.categories.isEmpty { entry["categories"] = .array(definition.categories.map { .string($0) }) }
            resources.append(.object(entry))
            if definition.hasStatus {
                resources.append(sub(definition, "status", kind: definition.kind, verbs: ["get", "patch", "update"]))
            }
            if definition.hasScale {
                resources.append(sub(definition, "scale", kind: "Scale", verbs: ["get", "patch", "update"], group: "autoscaling", version: "v1"))
            }
            if definition.kind == "Pod" && definition.group.isEmpty {
                resources.append(sub(definition, "log", kind: "Pod", verbs: ["get"]))
                resources.append(sub(definition, "eviction", kind: "Eviction", verbs: ["create"], group: "policy", version: "v1"))
            }
        }
        return ["kind": "APIResourceList", "apiVersion": "v1", "groupVersion": .string(apiVersion), "resources": .array(resources)]
    }

    private static func sub(
        _ definition: ResourceDefinition, _ name: String, kind: String, verbs: [String], group: String? = nil,
        version: String? = nil
    ) -> JSONValue {
        var entry: [String: JSONValue] = [
            "name": .string("\(definition.plural)/\(name)"), "singularName": "", "namespaced": .bool(definition.namespaced),
            "kind": .string(kind), "verbs": .array(verbs.map { .string($0) }),
        ]
        if let group { entry["group"] = .string(group) }
        if let version { entry["version"] = .string(version) }
        return .object(entry)
    }
}
