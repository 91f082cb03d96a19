import Foundation
import OkikKubeClient

/// Applies manifests to a cluster with server-side apply, one object at a time, resolving kinds through discovery.
/// Namespaces are applied first, so a file may create a namespace and its contents together.
public struct ManifestApplier: Sendable {
    /// What happened to one object.
    public struct Outcome: Sendable, Hashable {
        /// `deployment.apps/web`, as kubectl names objects.
        public var reference: String
        /// Namespace of the object, if namespaced.
        public var namespace: String?
        /// Where the object came from.
        public var source: String
        /// nil when applied, else the error message.
        public var error: String?

        /// Whether the object was applied.
        public var succeeded: Bool { error == nil }
        /// The line kubectl would print: `deployment.apps/web serverside-applied` or the error.
        public var line: String {
            if let error { return "error: \(reference) (\(source)): \(error)" }
            return "\(reference) serverside-applied"
        }
    }

    /// The client to apply with.
    public var client: KubeClient
    /// The field manager recorded for the applied fields.
    public var fieldManager: String
    /// Take over fields other managers own instead of failing with a conflict.
    public var force: Bool

    /// Creates an applier.
    public init(client: KubeClient, fieldManager: String = "okikctl", force: Bool = false) {
        self.client = client
        self.fieldManager = fieldManager
        self.force = force
    }

    /// Applies every manifest (namespaces first), returning one outcome per object in that order.
    public func apply(_ manifests: [Manifest]) async -> [Outcome] {
        let ordered = manifests.filter { $0.kind == "Namespace" && $0.group.isEmpty }
            + manifests.filter { !($0.kind == "Namespace" && $0.group.isEmpty) }
        var resources: [String: APIResourceList] = [:]
        var outcomes: [Outcome] = []
        for manifest in ordered {
            let fallback = "\(manifest.kind.lowercased())/\(manifest.name)"
            do {
                if resources[manifest.apiVersion] == nil {
                    resources[manifest.apiVersion] = try await client.apiResources(groupVersion: manifest.apiVersion)
                }
                guard
                    let resource = resources[manifest.apiVersion]?.resources.first(where: {
                        $0.kind == manifest.kind && !$0.name.contains("/")
                    })
                else {
                    outcomes.append(
                        Outcome(
                            reference: fallback, namespace: manifest.namespace, source: manifest.source,
                            error: "the server does not serve kind \"\(manifest.kind)\" in version \"\(manifest.apiVersion)\""))
                    continue
                }
                let parts = manifest.apiVersion.split(separator: "/")
                let version = String(parts.last ?? "")
                let gvr = GroupVersionResource(group: manifest.group, version: version, resource: resource.name)
                let singular = resource.singularName.flatMap { $0.isEmpty ? nil : $0 } ?? manifest.kind.lowercased()
                let reference = "\(manifest.group.isEmpty ? singular : "\(singular).\(manifest.group)")/\(manifest.name)"
                let namespace = resource.namespaced ? manifest.namespace ?? client.defaultNamespace : nil
                var object = manifest.object
                if let namespace { object["metadata"]?["namespace"] = .string(namespace) }
                let dynamic = client.dynamic(gvr, namespaced: resource.namespaced, in: namespace.map { .named($0) } ?? .allNamespaces)
                do {
                    _ = try await dynamic.patch(manifest.name, .apply(object), fieldManager: fieldManager, force: force)
                    outcomes.append(Outcome(reference: reference, namespace: namespace, source: manifest.source, error: nil))
                } catch {
                    outcomes.append(Outcome(reference: reference, namespace: namespace, source: manifest.source, error: Self.message(error)))
                }
            } catch {
                outcomes.append(Outcome(reference: fallback, namespace: manifest.namespace, source: manifest.source, error: Self.message(error)))
            }
        }
        return outcomes
    }

    private static func message(_ error: any Error) -> String {
        if let error = error as? KubeError { return error.status?.message ?? String(describing: error) }
        return String(describing: error)
    }
}
