import Foundation
import OkikKubeClient

/// One object as the simulated API server stores it: the serialized JSON (compact, which keeps memory per object
/// close to its wire size) plus the index fields that selectors, watches and cascades need.
public final class StoredObject: Sendable {
    /// The definition's storage key.
    let resourceKey: String
    /// Namespace, or empty for cluster-scoped objects.
    public let namespace: String
    /// Name.
    public let name: String
    /// UID.
    public let uid: String
    /// The global revision of the last change.
    public let resourceVersion: Int
    /// Labels, for label selectors.
    public let labels: [String: String]
    /// Values of the definition's selectable fields.
    let fields: [String: String]
    /// UIDs of owners, for cascading deletes.
    let ownerUIDs: [String]
    /// The object's JSON bytes, with metadata.resourceVersion set.
    public let bytes: [UInt8]

    init(
        resourceKey: String, namespace: String, name: String, uid: String, resourceVersion: Int,
        labels: [String: String], fields: [String: String], ownerUIDs: [String], bytes: [UInt8]
    ) {
        self.resourceKey = resourceKey
        self.namespace = namespace
        self.name = name
        self.uid = uid
        self.resourceVersion = resourceVersion
        self.labels = labels
        self.fields = fields
        self.ownerUIDs = ownerUIDs
        self.bytes = bytes
    }

    /// "namespace/name".
    var key: String { "\(namespace)/\(name)" }

    /// The object parsed as JSON.
    public func json() throws -> JSONValue {
        try JSONValue.parse(bytes: bytes)
    }

    /// The object decoded as a typed model.
    public func decode<T: Decodable>(as type: T.Type = T.self) throws -> T {
        try JSONValue.decode(T.self, fromJSON: bytes)
    }

    /// Builds a stored object from JSON whose metadata is complete (the serialized bytes come in an array of their
    /// exact size, so tens of thousands of objects keep no spare capacity).
    static func make(_ json: JSONValue, definition: ResourceDefinition, resourceVersion: Int) -> StoredObject {
        let metadata = json["metadata"]
        var fields: [String: String] = [:]
        for (field, path) in definition.selectableFields {
            switch json.value(at: path) {
            case .string(let value): fields[field] = value
            case .bool(let value): fields[field] = value ? "true" : "false"
            case .int(let value): fields[field] = String(value)
            default: break
            }
        }
        let owners = metadata?["ownerReferences"]?.arrayValue?.compactMap { $0["uid"]?.stringValue } ?? []
        return StoredObject(
            resourceKey: definition.key, namespace: metadata?["namespace"]?.stringValue ?? "",
            name: metadata?["name"]?.stringValue ?? "", uid: metadata?["uid"]?.stringValue ?? "",
            resourceVersion: resourceVersion,
            labels: (metadata?["labels"]?.objectValue ?? [:]).compactMapValues(\.stringValue), fields: fields,
            ownerUIDs: owners, bytes: json.serializedBytes())
    }
}

/// One change, as kept in the watch history and sent to watchers.
public struct WatchRecord: Sendable {
    /// `ADDED`, `MODIFIED`, `DELETED` or `BOOKMARK`.
    public var type: String
    /// The object after the change (before it, for DELETED).
    public var object: StoredObject
    /// The object before the change (for MODIFIED), so watchers can tell selector transitions.
    var previous: StoredObject?
}
