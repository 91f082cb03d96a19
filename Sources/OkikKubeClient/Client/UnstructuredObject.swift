import Foundation

/// Any Kubernetes object as JSON, for kinds without a typed model.
public struct UnstructuredObject: Codable, Sendable, Hashable {
    /// The whole object.
    public var json: JSONValue

    /// Wraps a JSON object.
    public init(_ json: JSONValue) { self.json = json }

    public init(from decoder: any Decoder) throws {
        json = try JSONValue(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        try json.encode(to: encoder)
    }

    /// `apiVersion`.
    public var apiVersion: String? { json["apiVersion"]?.stringValue }
    /// `kind`.
    public var kind: String? { json["kind"]?.stringValue }
    /// `metadata.name`.
    public var name: String? { json.value(at: ["metadata", "name"])?.stringValue }
    /// `metadata.namespace`.
    public var namespace: String? { json.value(at: ["metadata", "namespace"])?.stringValue }
    /// `metadata.resourceVersion`.
    public var resourceVersion: String? { json.value(at: ["metadata", "resourceVersion"])?.stringValue }
    /// `metadata.labels`.
    public var labels: [String: String] {
        (json.value(at: ["metadata", "labels"])?.objectValue ?? [:]).compactMapValues(\.stringValue)
    }
}

/// Operations on any kind addressed by group/version/resource, with untyped objects.
public struct DynamicResourceClient: Sendable {
    let client: KubeClient
    /// The resource addressed.
    public let resource: GroupVersionResource
    /// Whether the kind is namespaced.
    public let namespaced: Bool
    /// The namespace addressed, or nil.
    public let namespace: String?

    func collectionPath(namespace override: String? = nil) -> String {
        if namespaced, let ns = override ?? namespace {
            return "\(resource.groupVersionPath)/namespaces/\(KubeRequest.encode(ns))/\(resource.resource)"
        }
        return "\(resource.groupVersionPath)/\(resource.resource)"
    }

    func objectPath(_ name: String) throws -> String {
        try KubeRequest.validatePathSegment(name, resource: resource)
        if namespaced && namespace == nil {
            throw KubeError(code: .invalidRequest, message: "\(resource.qualifiedResource) \"\(name)\": a namespace is required")
        }
        return collectionPath() + "/" + KubeRequest.encode(name)
    }

    /// Reads one object.
    /// - Throws: ``KubeError``.
    public func get(_ name: String) async throws -> UnstructuredObject {
        try await client.sendDecoding(KubeRequest(method: "GET", path: try objectPath(name), resource: resource, name: name))
    }

    /// Lists objects (all pages).
    /// - Throws: ``KubeError``.
    public func list(_ options: ListOptions = ListOptions()) async throws -> ResourceList<UnstructuredObject> {
        var pageOptions = options
        if pageOptions.limit == nil { pageOptions.limit = client.transport.configuration.listPageSize }
        var result: ResourceList<UnstructuredObject> = try await client.sendDecoding(
            KubeRequest(method: "GET", path: collectionPath(), query: pageOptions.queryItems, resource: resource))
        var token = result.metadata.continue
        while let next = token, !next.isEmpty {
            pageOptions.continue = next
            let page: ResourceList<UnstructuredObject> = try await client.sendDecoding(
                KubeRequest(method: "GET", path: collectionPath(), query: pageOptions.queryItems, resource: resource))
            result.items += page.items
            token = page.metadata.continue
        }
        result.metadata.continue = nil
        return result
    }

    /// Creates an object.
    /// - Throws: ``KubeError``.
    public func create(_ object: UnstructuredObject, dryRun: DryRun = .none) async throws -> UnstructuredObject {
        try await client.sendDecoding(
            KubeRequest(
                method: "POST", path: collectionPath(namespace: namespace ?? object.namespace),
                query: dryRun == .all ? [("dryRun", "All")] : [], body: try KubeJSON.encoder.encode(object.json),
                resource: resource, name: object.name))
    }

    /// Patches an object.
    /// - Throws: ``KubeError``.
    public func patch(
        _ name: String, _ patch: Patch, dryRun: DryRun = .none, fieldManager: String? = nil, force: Bool = false
    ) async throws -> UnstructuredObject {
        try await client.sendDecoding(
            KubeRequest(
                method: "PATCH", path: try objectPath(name),
                query: patch.queryItems(dryRun: dryRun, fieldManager: fieldManager, force: force),
                headers: [("Content-Type", patch.contentType)],
                body: try KubeJSON.encoder.encode(patch.body), resource: resource, name: name))
    }

    /// Deletes an object.
    /// - Throws: ``KubeError``.
    public func delete(_ name: String, options: DeleteOptions = DeleteOptions(), dryRun: DryRun = .none) async throws {
        _ = try await client.send(
            KubeRequest(
                method: "DELETE", path: try objectPath(name), query: dryRun == .all ? [("dryRun", "All")] : [],
                body: try KubeJSON.encoder.encode(options), resource: resource, name: name))
    }
}
