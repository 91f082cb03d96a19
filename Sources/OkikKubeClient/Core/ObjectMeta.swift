/// Standard object metadata (`metav1.ObjectMeta`): the fields every stored Kubernetes object has.
public struct ObjectMeta: Codable, Sendable, Hashable {
    /// Unique name within the namespace (or cluster, for cluster-scoped kinds).
    public var name: String?
    /// Prefix the server uses to generate a unique name when `name` is empty.
    public var generateName: String?
    /// Namespace of a namespaced object.
    public var namespace: String?
    /// Server-assigned unique id.
    public var uid: String?
    /// Opaque version of the last change; compare only for equality.
    public var resourceVersion: String?
    /// Sequence number of spec changes.
    public var generation: Int?
    /// Creation time, set by the server.
    public var creationTimestamp: Timestamp?
    /// When graceful deletion was requested.
    public var deletionTimestamp: Timestamp?
    /// Grace period granted to a deletion in progress.
    public var deletionGracePeriodSeconds: Int?
    /// Identifying key/value pairs used by selectors.
    public var labels: [String: String]?
    /// Non-identifying key/value pairs.
    public var annotations: [String: String]?
    /// Objects this object depends on (its owners).
    public var ownerReferences: [OwnerReference]?
    /// Finalizers that must be cleared before the object is removed.
    public var finalizers: [String]?

    /// Creates metadata; every field is optional.
    public init(
        name: String? = nil,
        generateName: String? = nil,
        namespace: String? = nil,
        uid: String? = nil,
        resourceVersion: String? = nil,
        generation: Int? = nil,
        creationTimestamp: Timestamp? = nil,
        deletionTimestamp: Timestamp? = nil,
        deletionGracePeriodSeconds: Int? = nil,
        labels: [String: String]? = nil,
        annotations: [String: String]? = nil,
        ownerReferences: [OwnerReference]? = nil,
        finalizers: [String]? = nil
    ) {
        self.name = name
        self.generateName = generateName
        self.namespace = namespace
        self.uid = uid
        self.resourceVersion = resourceVersion
        self.generation = generation
        self.creationTimestamp = creationTimestamp
        self.deletionTimestamp = deletionTimestamp
        self.deletionGracePeriodSeconds = deletionGracePeriodSeconds
        self.labels = labels
        self.annotations = annotations
        self.ownerReferences = ownerReferences
        self.finalizers = finalizers
    }

    /// The owner reference marked `controller: true`, if any.
    public var controllerReference: OwnerReference? {
        ownerReferences?.first { $0.controller == true }
    }
}

/// A reference from a dependent object to its owner (`metav1.OwnerReference`).
public struct OwnerReference: Codable, Sendable, Hashable {
    /// API version of the owner, such as `apps/v1`.
    public var apiVersion: String
    /// Kind of the owner, such as `ReplicaSet`.
    public var kind: String
    /// Name of the owner.
    public var name: String
    /// UID of the owner.
    public var uid: String
    /// True when the owner is the managing controller.
    public var controller: Bool?
    /// True when the owner cannot be deleted before this object (foreground deletion).
    public var blockOwnerDeletion: Bool?

    /// Creates an owner reference.
    public init(
        apiVersion: String, kind: String, name: String, uid: String, controller: Bool? = nil,
        blockOwnerDeletion: Bool? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.uid = uid
        self.controller = controller
        self.blockOwnerDeletion = blockOwnerDeletion
    }
}

/// Metadata of a list response (`metav1.ListMeta`).
public struct ListMeta: Codable, Sendable, Hashable {
    /// The version at which the list was built.
    public var resourceVersion: String?
    /// Token for the next page; nil or empty on the last page.
    public var `continue`: String?
    /// Estimated number of items left after this page.
    public var remainingItemCount: Int?

    /// Creates list metadata.
    public init(resourceVersion: String? = nil, continue: String? = nil, remainingItemCount: Int? = nil) {
        self.resourceVersion = resourceVersion
        self.continue = `continue`
        self.remainingItemCount = remainingItemCount
    }
}
