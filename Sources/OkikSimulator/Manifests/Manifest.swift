import OkikKubeClient

/// One Kubernetes object read from a manifest, with where it came from.
public struct Manifest: Sendable, Hashable {
    /// The object as JSON.
    public var object: JSONValue
    /// `file.yaml` and the document's position (`file.yaml#2`), for messages.
    public var source: String

    /// Creates a manifest entry.
    public init(object: JSONValue, source: String) {
        self.object = object
        self.source = source
    }

    /// `apps/v1`.
    public var apiVersion: String { object["apiVersion"]?.stringValue ?? "" }
    /// `Deployment`.
    public var kind: String { object["kind"]?.stringValue ?? "" }
    /// metadata.name.
    public var name: String { object.value(at: ["metadata", "name"])?.stringValue ?? "" }
    /// metadata.namespace, if set.
    public var namespace: String? { object.value(at: ["metadata", "namespace"])?.stringValue }
    /// The API group (empty for core).
    public var group: String {
        let parts = apiVersion.split(separator: "/")
        return parts.count == 2 ? String(parts[0]) : ""
    }
}
