/// A limit range (`v1 LimitRange`): per-object defaults and bounds in a namespace.
public struct LimitRange: NamespacedResource, Hashable {
    /// `v1, Kind=LimitRange`.
    public static let groupVersionKind = GroupVersionKind(
        group: "", version: "v1", kind: "LimitRange")
    /// The plural resource name used in URLs.
    public static let resourceName = "limitranges"

    /// Standard object metadata.
    public var metadata: ObjectMeta
    /// The limits.
    public var spec: Spec?

    /// Creates the object; every field but `metadata` is optional.
    public init(
        metadata: ObjectMeta = ObjectMeta(),
        spec: Spec? = nil
    ) {
        self.metadata = metadata
        self.spec = spec
    }

    /// The limits of a limit range.
    public struct Spec: Codable, Sendable, Hashable {
        /// One item per object type.
        public var limits: [Item]?

        /// Creates a value; every field is optional.
        public init(
            limits: [Item]? = nil
        ) {
            self.limits = limits
        }
    }

    /// The limits for one object type (`LimitRangeItem`).
    public struct Item: Codable, Sendable, Hashable {
        /// `Container`, `Pod` or `PersistentVolumeClaim`.
        public var type: String?
        /// Maximum by resource.
        public var max: [String: Quantity]?
        /// Minimum by resource.
        public var min: [String: Quantity]?
        /// Default limit by resource.
        public var `default`: [String: Quantity]?
        /// Default request by resource.
        public var defaultRequest: [String: Quantity]?
        /// Maximum limit-to-request ratio by resource.
        public var maxLimitRequestRatio: [String: Quantity]?

        /// Creates a value; every field is optional.
        public init(
            type: String? = nil,
            max: [String: Quantity]? = nil,
            min: [String: Quantity]? = nil,
            default: [String: Quantity]? = nil,
            defaultRequest: [String: Quantity]? = nil,
            maxLimitRequestRatio: [String: Quantity]? = nil
        ) {
            self.type = type
            self.max = max
            self.min = min
            self.default = `default`
            self.defaultRequest = defaultRequest
            self.maxLimitRequestRatio = maxLimitRequestRatio
        }
    }
}
