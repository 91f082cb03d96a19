/// A resource quota (`v1 ResourceQuota`): limits on a namespace's total usage.
public struct ResourceQuota: NamespacedResource, StatusHavingResource, Hashable {
    /// `v1, Kind=ResourceQuota`.
    public static let groupVersionKind = GroupVersionKind(
        group: "", version: "v1", kind: "ResourceQuota")
    /// The plural resource name used in URLs.
    public static let resourceName = "resourcequotas"

    /// Standard object metadata.
    public var metadata: ObjectMeta
    /// Desired state.
    public var spec: Spec?
    /// Observed state.
    public var status: Status?

    /// Creates the object; every field but `metadata` is optional.
    public init(
        metadata: ObjectMeta = ObjectMeta(),
        spec: Spec? = nil,
        status: Status? = nil
    ) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    /// The limits of a quota.
    public struct Spec: Codable, Sendable, Hashable {
        /// Hard limits by resource name, such as `requests.cpu` or `pods`.
        public var hard: [String: Quantity]?
        /// Scopes the quota applies to.
        public var scopes: [String]?
        /// Scope selector, kept as JSON.
        public var scopeSelector: JSONValue?

        /// Creates a value; every field is optional.
        public init(
            hard: [String: Quantity]? = nil,
            scopes: [String]? = nil,
            scopeSelector: JSONValue? = nil
        ) {
            self.hard = hard
            self.scopes = scopes
            self.scopeSelector = scopeSelector
        }
    }

    /// The usage of a quota.
    public struct Status: Codable, Sendable, Hashable {
        /// Enforced hard limits.
        public var hard: [String: Quantity]?
        /// Current usage.
        public var used: [String: Quantity]?

        /// Creates a value; every field is optional.
        public init(
            hard: [String: Quantity]? = nil,
            used: [String: Quantity]? = nil
        ) {
            self.hard = hard
            self.used = used
        }
    }
}
