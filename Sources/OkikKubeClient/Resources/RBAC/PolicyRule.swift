/// One rule of a Role or ClusterRole: verbs allowed on resources.
public struct PolicyRule: Codable, Sendable, Hashable {
    /// API groups; `""` is the core group, `*` all.
    public var apiGroups: [String]?
    /// Resources, such as `pods` or `pods/log`; `*` all.
    public var resources: [String]?
    /// Verbs, such as `get`, `list`, `watch`; `*` all.
    public var verbs: [String]?
    /// Object names the rule is limited to.
    public var resourceNames: [String]?
    /// Non-resource URLs, such as `/healthz` (ClusterRole only).
    public var nonResourceURLs: [String]?

    /// Creates a value; every field is optional.
    public init(
        apiGroups: [String]? = nil,
        resources: [String]? = nil,
        verbs: [String]? = nil,
        resourceNames: [String]? = nil,
        nonResourceURLs: [String]? = nil
    ) {
        self.apiGroups = apiGroups
        self.resources = resources
        self.verbs = verbs
        self.resourceNames = resourceNames
        self.nonResourceURLs = nonResourceURLs
    }
}
