/// OKK-305: namespaces with no pods and no workloads (system namespaces and `default` excepted).
public struct EmptyNamespaceCheck: Check {
    /// `empty-namespaces`.
    public let id = "empty-namespaces"
    /// Cost & waste.
    public let category = OptimizationCategory.cost
    /// OKK-305.
    public let codes = [FindingCode.emptyNamespace]
    /// Creates the check.
    public init() {}

    static let exempt: Set = ["default", "kube-system", "kube-public", "kube-node-lease", "okik-system"]

    /// Counts what lives in each namespace.
    public func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult {
        var occupied = Set<String>()
        for namespace in snapshot.pods.map(\.metadata.namespace) + snapshot.deployments.map(\.metadata.namespace)
            + snapshot.statefulSets.map(\.metadata.namespace) + snapshot.daemonSets.map(\.metadata.namespace)
            + snapshot.jobs.map(\.metadata.namespace) + snapshot.cronJobs.map(\.metadata.namespace)
            + snapshot.claims.map(\.metadata.namespace)
        {
            if let namespace { occupied.insert(namespace) }
        }
        let candidates = snapshot.namespaces.filter {
            !Self.exempt.contains($0.name) && $0.metadata.deletionTimestamp == nil
        }
        let findings = candidates.filter { !occupied.contains($0.name) }.map { namespace in
            Finding(
                code: .emptyNamespace, subject: ResourceRef(namespace),
                message: "Namespace \(namespace.name) has no pods and no workloads",
                evidence: ["created": namespace.metadata.creationTimestamp?.rfc3339 ?? "?"],
                recommendation: "Delete it if it is no longer used (check its ConfigMaps, Secrets and RBAC first).")
        }
        return CheckResult(subjects: candidates.map { ResourceRef($0) }, findings: findings)
    }
}
