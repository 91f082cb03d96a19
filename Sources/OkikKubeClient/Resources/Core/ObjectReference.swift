/// A reference to another object (`core/v1 ObjectReference`), as in an Event's `involvedObject`.
public struct ObjectReference: Codable, Sendable, Hashable {
    /// Kind of the referent, such as `Pod`.
    public var kind: String?
    /// Namespace of the referent.
    public var namespace: String?
    /// Name of the referent.
    public var name: String?
    /// UID of the referent.
    public var uid: String?
    /// API version of the referent.
    public var apiVersion: String?
    /// The referent's resource version the reference was made at.
    public var resourceVersion: String?
    /// A field within the referent, such as `spec.containers{app}`.
    public var fieldPath: String?

    /// Creates a value; every field is optional.
    public init(
        kind: String? = nil,
        namespace: String? = nil,
        name: String? = nil,
        uid: String? = nil,
        apiVersion: String? = nil,
        resourceVersion: String? = nil,
        fieldPath: String? = nil
    ) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.uid = uid
        self.apiVersion = apiVersion
        self.resourceVersion = resourceVersion
        self.fieldPath = fieldPath
    }
}
