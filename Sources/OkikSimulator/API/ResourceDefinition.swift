/// How the simulated API server serves one kind: its names, scope, subresources and selectable fields.
public struct ResourceDefinition: Sendable, Hashable {
    /// API group; empty for core.
    public var group: String
    /// Version.
    public var version: String
    /// Plural resource name.
    public var plural: String
    /// Singular name.
    public var singular: String
    /// Kind.
    public var kind: String
    /// Whether objects live in a namespace.
    public var namespaced: Bool
    /// kubectl short names.
    public var shortNames: [String]
    /// Categories such as `all`.
    public var categories: [String]
    /// Whether `/status` is served (and the main resource ignores status changes).
    public var hasStatus: Bool
    /// Whether `/scale` is served.
    public var hasScale: Bool
    /// Fields usable in field selectors besides metadata.name and metadata.namespace, with their JSON paths.
    public var selectableFields: [String: [String]]
    /// Read-only kinds (metrics) reject writes with MethodNotAllowed.
    public var readOnly: Bool

    /// Creates a definition.
    public init(
        group: String, version: String, plural: String, singular: String, kind: String, namespaced: Bool,
        shortNames: [String] = [], categories: [String] = [], hasStatus: Bool = false, hasScale: Bool = false,
        selectableFields: [String: [String]] = [:], readOnly: Bool = false
    ) {
        self.group = group
        self.version = version
        self.plural = plural
        self.singular = singular
        self.kind = kind
        self.namespaced = namespaced
        self.shortNames = shortNames
        self.categories = categories
        self.hasStatus = hasStatus
        self.hasScale = hasScale
        self.selectableFields = selectableFields
        self.readOnly = readOnly
    }

    /// `v1` or `apps/v1`.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }
    /// `deployments.apps` or `pods`.
    public var qualifiedName: String { group.isEmpty ? plural : "\(plural).\(group)" }
    /// `Deployment.apps` or `Pod`, as Invalid messages name a kind.
    public var qualifiedKind: String { group.isEmpty ? kind : "\(kind).\(group)" }
    /// A stable storage key.
    var key: String { "\(group)/\(plural)" }
}
