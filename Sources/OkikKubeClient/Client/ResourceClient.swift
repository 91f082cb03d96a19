import Foundation

/// Typed operations on one kind, in one namespace or across all (for lists and watches).
///
/// Obtain one from ``KubeClient/namespaced(_:in:)`` or ``KubeClient/clusterScoped(_:)``.
/// Capabilities follow the kind: `scale` needs ``ScalableResource``, `status` needs ``StatusHavingResource``,
/// eviction and logs exist only for ``Pod``.
public struct ResourceClient<R: KubernetesResource>: Sendable {
    let client: KubeClient
    /// The namespace addressed, or nil for cluster-scoped kinds and all-namespace lists.
    public let namespace: String?

    init(client: KubeClient, namespace: String?) {
        self.client = client
        self.namespace = namespace
    }

    var resource: GroupVersionResource { R.groupVersionResource }

    /// The collection path: `/apis/apps/v1/namespaces/ns/deployments` or `/api/v1/nodes`.
    func collectionPath(namespace override: String? = nil) -> String {
        let ns = override ?? namespace
        if R.scope == .namespaced, let ns { return "\(resource.groupVersionPath)/namespaces/\(KubeRequest.encode(ns))/\(resource.resource)" }
        return "\(resource.groupVersionPath)/\(resource.resource)"
    }

    /// The path of one object, checking the name and that a namespace is known for namespaced kinds.
    func objectPath(_ name: String, namespace override: String? = nil, subresource: String? = nil) throws -> String {
        try Self.validate(name: name)
        if R.scope == .namespaced && (override ?? namespace) == nil {
            throw KubeError(
                code: .invalidRequest,
                message: "\(resource.qualifiedResource) \"\(name)\": a namespace is required (this client addresses all namespaces)")
        }
        var path = collectionPath(namespace: override) + "/" + KubeRequest.encode(name)
        if let subresource { path += "/" + subresource }
        return path
    }

    static func validate(name: String) throws {
        try KubeRequest.validatePathSegment(name, resource: R.groupVersionResource)
    }

    func dryRunQuery(_ dryRun: DryRun) -> [(String, String)] {
        dryRun == .all ? [("dryRun", "All")] : []
    }

    // MARK: - Read

    /// Reads one object.
    /// - Throws: ``KubeError`` (`.notFound` when it does not exist).
    public func get(_ name: String) async throws -> R {
        try await client.sendDecoding(
            KubeRequest(method: "GET", path: try objectPath(name), resource: resource, name: name))
    }

    /// Reads one object, or nil when it does not exist.
    public func getIfPresent(_ name: String) async throws -> R? {
        do {
            return try await get(name)
        } catch let error as KubeError where error.code == .notFound {
            return nil
        }
    }

    /// Lists objects, following `continue` tokens until the last page; the result is one consistent snapshot.
    ///
    /// If a continue token expires (410) mid-way, the list restarts from the beginning, so no page mixes versions.
    /// - Throws: ``KubeError``; `.decoding` naming the item and field when any item cannot be decoded (see
    ///   ``listLenient(_:)`` to leave such items out instead).
    public func list(_ options: ListOptions = ListOptions()) async throws -> ResourceList<R> {
        try await listRestarting(options, lenient: false).list
    }

    /// Lists objects like ``list(_:)``, but an item the model cannot decode is left out instead of failing the whole
    /// list, and recorded in ``LenientList/skipped`` with its kind, namespace, name and the decoding error (the field
    /// and the reason). Paging, pipelining and decoding are the same as ``list(_:)``'s, so a list whose items all
    /// decode costs the same.
    ///
    /// ```swift
    /// let pods = try await client.namespaced(Pod.self, in: .allNamespaces).listLenient()
    /// for item in pods.skipped { print("skipped \(item)") }   // Pod shop/web-1: spec.containers[0]...: ...
    /// ```
    /// - Throws: ``KubeError`` for everything but an undecodable item (including a response that is not a list).
    public func listLenient(_ options: ListOptions = ListOptions()) async throws -> LenientList<R> {
        try await listRestarting(options, lenient: true)
    }

    private func listRestarting(_ options: ListOptions, lenient: Bool) async throws -> LenientList<R> {
        var restarts = 0
        while true {
            do {
                return try await listAllPages(options, lenient: lenient)
            } catch let error as KubeError where error.code == .gone && restarts < 3 {
                restarts += 1
            }
        }
    }

    /// Fetches page after page while earlier pages decode on the other cores; at most a few decoded-pending
    /// bodies are held at once, so memory stays bounded. A lenient list keeps going past undecodable items.
    private func listAllPages(_ options: ListOptions, lenient: Bool) async throws -> LenientList<R> {
        typealias DecodedPage = (index: Int, items: [R], skipped: [UndecodableItem])
        var pageOptions = options
        if pageOptions.limit == nil { pageOptions.limit = client.transport.configuration.listPageSize }
        let maximumPending = ProcessInfo.processInfo.activeProcessorCount + 1
        return try await withThrowingTaskGroup(of: DecodedPage.self) { group in
            var pages: [[R]] = []
            var skipped: [[UndecodableItem]] = []
            var pending = 0
            func collect(_ result: DecodedPage) {
                while pages.count <= result.index {
                    pages.append([])
                    skipped.append([])
                }
                pages[result.index] = result.items
                skipped[result.index] = result.skipped
                pending -= 1
            }
            var first: ListDecoder.Layout?
            var number = 0
            var itemsBefore = 0
            while true {
                let page = try await client.sendListPage(
                    KubeRequest(method: "GET", path: collectionPath(), query: pageOptions.queryItems, resource: resource),
                    of: R.self)
                if first == nil { first = page.layout }
                let index = number
                let firstIndex = itemsBefore
                group.addTask {
                    if lenient {
                        let (items, skipped) = KubeClient.decodeItemsLeniently(page, of: R.self, firstIndex: firstIndex)
                        return (index, items, skipped)
                    }
                    return (index, try KubeClient.decodeItems(page, of: R.self, firstIndex: firstIndex), [])
                }
                number += 1
                itemsBefore += page.layout.items.count
                pending += 1
                while pending >= maximumPending, let result = try await group.next() { collect(result) }
                guard let next = page.layout.metadata.continue, !next.isEmpty else { break }
                try Task.checkCancellation()
                pageOptions.continue = next
                pageOptions.resourceVersion = nil
            }
            while let result = try await group.next() { collect(result) }
            var list = first?.list(pages.flatMap { $0 }) ?? ResourceList(items: [])
            list.metadata.continue = nil
            list.metadata.remainingItemCount = nil
            return LenientList(list: list, skipped: skipped.flatMap { $0 })
        }
    }

    /// Lists one page exactly as the options say (no automatic paging).
    /// - Throws: ``KubeError``; `.gone` when a continue token expired.
    public func listPage(_ options: ListOptions) async throws -> ResourceList<R> {
        try await client.sendDecoding(
            KubeRequest(method: "GET", path: collectionPath(), query: options.queryItems, resource: resource))
    }

    // MARK: - Write

    /// Creates an object in this client's namespace (or the object's own, when this client spans all namespaces).
    /// - Throws: ``KubeError`` (`.alreadyExists`, `.invalid`, ...).
    public func create(_ object: R, dryRun: DryRun = .none) async throws -> R {
        let ns = R.scope == .namespaced ? (namespace ?? object.metadata.namespace) : nil
        if R.scope == .namespaced && ns == nil {
            throw KubeError(code: .invalidRequest, message: "creating \(resource.qualifiedResource): a namespace is required")
        }
        return try await client.sendDecoding(
            KubeRequest(
                method: "POST", path: collectionPath(namespace: ns), query: dryRunQuery(dryRun),
                body: try KubeJSON.encodeResource(object), resource: resource, name: object.metadata.name))
    }

    /// Replaces an object (PUT). When `metadata.resourceVersion` is set, a stale version fails with `.conflict`.
    ///
    /// Typed models ignore unknown fields, so a read-modify-write through them drops fields the model does not
    /// know; prefer ``patch(_:_:dryRun:fieldManager:force:)`` for targeted changes.
    /// - Throws: ``KubeError``.
    public func update(_ object: R, dryRun: DryRun = .none) async throws -> R {
        let name = object.metadata.name ?? ""
        let ns = namespace ?? object.metadata.namespace
        return try await client.sendDecoding(
            KubeRequest(
                method: "PUT", path: try objectPath(name, namespace: ns), query: dryRunQuery(dryRun),
                body: try KubeJSON.encodeResource(object), isIdempotent: object.metadata.resourceVersion != nil,
                resource: resource, name: name))
    }

    /// Patches an object with a JSON, merge, strategic merge or server-side apply patch.
    ///
    /// - Parameters:
    ///   - fieldManager: required for `.apply`; recorded in managedFields for the others.
    ///   - force: for `.apply`, take over fields owned by other managers instead of failing with a conflict.
    /// - Throws: ``KubeError`` (`.conflict` with the conflicting fields for an apply conflict).
    public func patch(
        _ name: String, _ patch: Patch, dryRun: DryRun = .none, fieldManager: String? = nil, force: Bool = false
    ) async throws -> R {
        try await client.sendDecoding(patchRequest(name, patch, subresource: nil, dryRun: dryRun, fieldManager: fieldManager, force: force))
    }

    func patchRequest(
        _ name: String, _ patch: Patch, subresource: String?, dryRun: DryRun, fieldManager: String?, force: Bool
    ) throws -> KubeRequest {
        let body = try KubeJSON.encoder.encode(patch.body)
        return KubeRequest(
            method: "PATCH", path: try objectPath(name, subresource: subresource),
            query: patch.queryItems(dryRun: dryRun, fieldManager: fieldManager, force: force),
            headers: [("Content-Type", patch.contentType)], body: body, resource: resource, name: name)
    }

    /// Deletes an object.
    /// - Returns: the object as the server returned it (with a deletionTimestamp while finalizers or a grace period
    ///   hold it), or nil when the server answered with a Success Status.
    /// - Throws: ``KubeError`` (`.notFound`, `.conflict` for failed preconditions).
    @discardableResult
    public func delete(_ name: String, options: DeleteOptions = DeleteOptions(), dryRun: DryRun = .none) async throws
        -> R?
    {
        let request = KubeRequest(
            method: "DELETE", path: try objectPath(name), query: dryRunQuery(dryRun),
            body: try KubeJSON.encoder.encode(options), isIdempotent: options.preconditions != nil, resource: resource,
            name: name)
        let response = try await client.send(request)
        if let status = try? KubeJSON.decoder.decode(StatusKindProbe.self, from: Data(response.body)), status.kind == "Status" {
            return nil
        }
        return try KubeClient.decode(R.self, from: response.body, request: request)
    }
}

/// Reads just the `kind` of a response body.
struct StatusKindProbe: Decodable {
    var kind: String?
}
