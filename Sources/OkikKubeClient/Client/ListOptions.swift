/// Options of a list or watch: selectors, paging and versions. Rendered as query parameters in sorted order.
public struct ListOptions: Sendable, Hashable {
    /// A label selector, such as `app=web,tier in (a,b),!legacy`.
    public var labelSelector: String?
    /// A field selector, such as `status.phase=Running,spec.nodeName=n1`.
    public var fieldSelector: String?
    /// Page size; nil lets ``ResourceClient/list(_:)`` use the configured page size.
    public var limit: Int?
    /// Continue token of the next page.
    public var `continue`: String?
    /// The resourceVersion to list or watch from.
    public var resourceVersion: String?
    /// `Exact` or `NotOlderThan`, applies to `resourceVersion`.
    public var resourceVersionMatch: String?
    /// Server-side timeout of a list or watch request.
    public var timeoutSeconds: Int?

    /// Creates options; all fields are optional.
    public init(
        labelSelector: String? = nil, fieldSelector: String? = nil, limit: Int? = nil, continue: String? = nil,
        resourceVersion: String? = nil, resourceVersionMatch: String? = nil, timeoutSeconds: Int? = nil
    ) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.limit = limit
        self.continue = `continue`
        self.resourceVersion = resourceVersion
        self.resourceVersionMatch = resourceVersionMatch
        self.timeoutSeconds = timeoutSeconds
    }

    /// Options selecting by labels, from a dictionary of required equalities.
    public static func labels(_ labels: [String: String]) -> ListOptions {
        ListOptions(labelSelector: labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","))
    }

    /// Options selecting one object by name.
    public static func named(_ name: String) -> ListOptions {
        ListOptions(fieldSelector: "metadata.name=\(name)")
    }

    /// Query parameters, sorted by name.
    var queryItems: [(String, String)] {
        var items: [(String, String)] = []
        if let value = `continue`, !value.isEmpty { items.append(("continue", value)) }
        if let value = fieldSelector, !value.isEmpty { items.append(("fieldSelector", value)) }
        if let value = labelSelector, !value.isEmpty { items.append(("labelSelector", value)) }
        if let value = limit, value > 0 { items.append(("limit", String(value))) }
        if let value = resourceVersion { items.append(("resourceVersion", value)) }
        if let value = resourceVersionMatch { items.append(("resourceVersionMatch", value)) }
        if let value = timeoutSeconds { items.append(("timeoutSeconds", String(value))) }
        return items
    }
}

/// Options of a delete.
public struct DeleteOptions: Sendable, Hashable, Encodable {
    /// How dependents are deleted.
    public enum PropagationPolicy: String, Sendable, Hashable, Encodable {
        /// Dependents are deleted in the background after the owner.
        case background = "Background"
        /// The owner stays (with a deletionTimestamp) until its dependents are gone.
        case foreground = "Foreground"
        /// Dependents are left in place.
        case orphan = "Orphan"
    }

    /// Conditions the object must still meet for the delete to happen.
    public struct Preconditions: Sendable, Hashable, Encodable {
        /// The object's UID.
        public var uid: String?
        /// The object's resourceVersion.
        public var resourceVersion: String?
        /// Creates preconditions.
        public init(uid: String? = nil, resourceVersion: String? = nil) {
            self.uid = uid
            self.resourceVersion = resourceVersion
        }
    }

    /// Propagation to dependents; the server default when nil.
    public var propagationPolicy: PropagationPolicy?
    /// Seconds before the object is removed; 0 deletes immediately.
    public var gracePeriodSeconds: Int?
    /// Preconditions; a mismatch gives a `Conflict`.
    public var preconditions: Preconditions?

    /// Creates options.
    public init(
        propagationPolicy: PropagationPolicy? = nil, gracePeriodSeconds: Int? = nil, preconditions: Preconditions? = nil
    ) {
        self.propagationPolicy = propagationPolicy
        self.gracePeriodSeconds = gracePeriodSeconds
        self.preconditions = preconditions
    }

    private enum CodingKeys: String, CodingKey { case kind, apiVersion, propagationPolicy, gracePeriodSeconds, preconditions }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("DeleteOptions", forKey: .kind)
        try container.encode("v1", forKey: .apiVersion)
        try container.encodeIfPresent(propagationPolicy, forKey: .propagationPolicy)
        try container.encodeIfPresent(gracePeriodSeconds, forKey: .gracePeriodSeconds)
        try container.encodeIfPresent(preconditions, forKey: .preconditions)
    }
}

/// A patch body and its type.
public enum Patch: Sendable, Hashable {
    /// An RFC 6902 JSON patch (`application/json-patch+json`).
    case json([JSONPatchOperation])
    /// An RFC 7386 merge patch (`application/merge-patch+json`): `null` deletes, arrays replace.
    case merge(JSONValue)
    /// A Kubernetes strategic merge patch (`application/strategic-merge-patch+json`): lists merge by key.
    case strategicMerge(JSONValue)
    /// Server-side apply (`application/apply-patch+yaml`) of a full or partial object with `apiVersion` and `kind`.
    case apply(JSONValue)

    /// The Content-Type header of this patch.
    public var contentType: String {
        switch self {
        case .json: "application/json-patch+json"
        case .merge: "application/merge-patch+json"
        case .strategicMerge: "application/strategic-merge-patch+json"
        case .apply: "application/apply-patch+yaml"
        }
    }

    /// The query parameters of a PATCH with this patch: dry run, the field manager (required for apply, where it
    /// defaults to `okik`) and `force` for apply.
    func queryItems(dryRun: DryRun, fieldManager: String?, force: Bool) -> [(String, String)] {
        var query: [(String, String)] = dryRun == .all ? [("dryRun", "All")] : []
        if case .apply = self {
            query.append(("fieldManager", fieldManager ?? "okik"))
            if force { query.append(("force", "true")) }
        } else if let fieldManager {
            query.append(("fieldManager", fieldManager))
        }
        return query
    }

    /// The JSON body.
    public var body: JSONValue {
        switch self {
        case .json(let operations): .array(operations.map(\.jsonValue))
        case .merge(let value), .strategicMerge(let value), .apply(let value): value
        }
    }
}

/// One RFC 6902 operation.
public struct JSONPatchOperation: Sendable, Hashable {
    /// `add`, `remove`, `replace`, `move`, `copy` or `test`.
    public var op: String
    /// JSON pointer of the target, such as `/spec/replicas`.
    public var path: String
    /// The value for add, replace and test.
    public var value: JSONValue?
    /// The source pointer for move and copy.
    public var from: String?

    /// Creates an operation.
    public init(op: String, path: String, value: JSONValue? = nil, from: String? = nil) {
        self.op = op
        self.path = path
        self.value = value
        self.from = from
    }

    /// `replace` at `path`.
    public static func replace(_ path: String, _ value: JSONValue) -> JSONPatchOperation {
        JSONPatchOperation(op: "replace", path: path, value: value)
    }
    /// `add` at `path`.
    public static func add(_ path: String, _ value: JSONValue) -> JSONPatchOperation {
        JSONPatchOperation(op: "add", path: path, value: value)
    }
    /// `remove` at `path`.
    public static func remove(_ path: String) -> JSONPatchOperation { JSONPatchOperation(op: "remove", path: path) }
    /// `test` that `path` holds `value`.
    public static func test(_ path: String, _ value: JSONValue) -> JSONPatchOperation {
        JSONPatchOperation(op: "test", path: path, value: value)
    }

    var jsonValue: JSONValue {
        var object: [String: JSONValue] = ["op": .string(op), "path": .string(path)]
        if let value { object["value"] = value }
        if let from { object["from"] = .string(from) }
        return .object(object)
    }
}

/// Whether a write is only validated (server-side dry run) or applied.
public enum DryRun: Sendable, Hashable {
    /// Apply the change.
    case none
    /// Validate and admit the change on the server without persisting it (`dryRun=All`).
    case all
}
