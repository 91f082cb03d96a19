/// A namespace (`v1 Namespace`).
public struct Namespace: ClusterScopedResource, StatusHavingResource, Hashable {
    /// `v1, Kind=Namespace`.
    public static let groupVersionKind = GroupVersionKind(
        group: "", version: "v1", kind: "Namespace")
    /// The plural resource name used in URLs.
    public static let resourceName = "namespaces"

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

    /// The desired state of a namespace.
    public struct Spec: Codable, Sendable, Hashable {
        /// Finalizers that must run before the namespace is removed.
        public var finalizers: [String]?

        /// Creates a value; every field is optional.
        public init(
            finalizers: [String]? = nil
        ) {
            self.finalizers = finalizers
        }
    }

    /// The observed state of a namespace.
    public struct Status: Codable, Sendable, Hashable {
        /// `Active` or `Terminating`.
        public var phase: String?
        /// Conditions, such as `NamespaceDeletionContentFailure`.
        public var conditions: [Condition]?

        /// Creates a value; every field is optional.
        public init(
            phase: String? = nil,
            conditions: [Condition]? = nil
        ) {
            self.phase = phase
            self.conditions = conditions
        }
    }
}
