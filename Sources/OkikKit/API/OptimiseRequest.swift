import Foundation

/// POST /optimise: `{"category": "all", "namespace": "shop", "reconcile": false}`; every member may be left out.
public struct OptimiseRequest: APIRequest, Hashable {
    /// The members.
    public static let fieldNames: Set<String> = ["category", "namespace", "reconcile"]
    /// `all` (the default) or a comma-separated list of category ids (`resource-efficiency`, `availability`, `cost`,
    /// `scaling`, `workload-health`).
    public var category: String?
    /// Scan only this namespace; nil scans the whole cluster.
    public var namespace: String?
    /// Send the findings' proposed calls through the gate (needs the admin role); false by default.
    public var reconcile: Bool?

    /// Creates a body.
    public init(category: String? = nil, namespace: String? = nil, reconcile: Bool? = nil) {
        self.category = category
        self.namespace = namespace
        self.reconcile = reconcile
    }

}
