/// The Kubernetes API permissions each built-in tool needs, read from what its `run` calls, and the reads the
/// runtime itself makes; ``OkikDeployment``'s RBAC is built from them. A test checks that every tool of
/// ``ToolRegistry/all`` has an entry, so a new tool cannot ship without saying what it needs.
///
/// No entry reads Secrets: `describe_resource` on a Secret is refused by the API server in a deployed OKIK.
public enum ToolPermissions {
    /// The reads the runtime makes in both modes: the informers (``ClusterCaches``: list and watch of every kind a
    /// ``ClusterSnapshot`` holds; one forbidden kind stops the watchdog), the remediation guards' gets, and the
    /// metrics API (which cannot be watched).
    public static let runtimeReads: [PolicyRule] = [
        rule(
            "", ["events", "namespaces", "nodes", "persistentvolumeclaims", "pods", "resourcequotas"],
            ["get", "list", "watch"]),
        rule("apps", ["daemonsets", "deployments", "replicasets", "statefulsets"], ["get", "list", "watch"]),
        rule("batch", ["cronjobs", "jobs"], ["get", "list", "watch"]),
        rule("autoscaling", ["horizontalpodautoscalers"], ["get", "list", "watch"]),
        rule("policy", ["poddisruptionbudgets"], ["get", "list", "watch"]),
        rule("metrics.k8s.io", ["nodes", "pods"], ["get", "list"]),
    ]

    /// What each built-in tool calls, by tool name, beyond ``runtimeReads``.
    public static let byTool: [String: [PolicyRule]] = [
        // observe
        ListNamespacesTool.name: [],
        GetPodsTool.name: [],
        GetDeploymentsTool.name: [],
        GetServicesTool.name: [rule("", ["services"], ["list"])],
        GetPodLogsTool.name: [rule("", ["pods/log"], ["get"])],
        GetEventsTool.name: [],
        DescribeResourceTool.name: [
            // The kinds of its common set, but Secrets; the snapshot kinds are in runtimeReads.
            rule("", ["configmaps", "limitranges", "persistentvolumes", "serviceaccounts", "services"], ["get"]),
            rule("coordination.k8s.io", ["leases"], ["get"]),
            rule("storage.k8s.io", ["storageclasses"], ["get"]),
        ],
        GetNodesTool.name: [],
        GetHPATool.name: [],
        GetResourceQuotasTool.name: [],
        GetPVCsTool.name: [],
        GetJobsTool.name: [],
        GetCronJobsTool.name: [],
        GetDaemonSetsTool.name: [],
        GetStatefulSetsTool.name: [],
        GetPDBsTool.name: [],
        GetNodeConditionsTool.name: [],
        GetContainerStatusesTool.name: [],
        GetPodMetricsTool.name: [],
        GetNodeMetricsTool.name: [],
        // remediate
        ScaleDeploymentTool.name: [rule("apps", ["deployments/scale"], ["patch"])],
        UpdateResourcesTool.name: [rule("apps", ["deployments"], ["patch"])],
        CreateHPATool.name: [rule("autoscaling", ["horizontalpodautoscalers"], ["create"])],
        UpdateHPATool.name: [rule("autoscaling", ["horizontalpodautoscalers"], ["patch"])],
        // quarantine: the deployment to zero, and its autoscalers held at one
        QuarantineDeploymentTool.name: [
            rule("apps", ["deployments"], ["patch"]), rule("autoscaling", ["horizontalpodautoscalers"], ["patch"]),
        ],
        UnquarantineDeploymentTool.name: [
            rule("apps", ["deployments"], ["patch"]), rule("autoscaling", ["horizontalpodautoscalers"], ["patch"]),
        ],
        ListQuarantinedTool.name: [],
        // restart
        RolloutRestartTool.name: [rule("apps", ["deployments"], ["patch"])],
        RollbackDeploymentTool.name: [rule("apps", ["deployments"], ["patch"])],
        DeletePodTool.name: [rule("", ["pods"], ["delete"])],
        DeleteHPATool.name: [rule("autoscaling", ["horizontalpodautoscalers"], ["delete"])],
        // destructive
        ScaleToZeroTool.name: [rule("apps", ["deployments"], ["patch"])],
        CordonNodeTool.name: [rule("", ["nodes"], ["patch"])],
        UncordonNodeTool.name: [rule("", ["nodes"], ["patch"])],
        DrainNodeTool.name: [rule("", ["nodes"], ["patch"]), rule("", ["pods/eviction"], ["create"])],
        DeleteDeploymentTool.name: [rule("apps", ["deployments"], ["delete"])],
        DeleteNamespaceTool.name: [rule("", ["namespaces"], ["delete"])],
    ]

    /// The tools the watchdog calls on its own (``CrashLoopBackOffRule``'s actions).
    public static let watchdogTools = [QuarantineDeploymentTool.name, RollbackDeploymentTool.name]

    /// A rule on resources of one API group.
    static func rule(_ group: String, _ resources: [String], _ verbs: [String]) -> PolicyRule {
        PolicyRule(apiGroups: [group], resources: resources, verbs: verbs)
    }

    /// Rules merged into one per API group and verb set, resources and verbs sorted, groups in byte order: equal
    /// permissions always render the same.
    public static func merged(_ rules: [PolicyRule]) -> [PolicyRule] {
        // Group, resource -> verbs; then resources with equal verbs share a rule.
        var verbsByResource: [String: [String: Set<String>]] = [:]
        var withNames: [PolicyRule] = []
        for rule in rules {
            if rule.resourceNames?.isEmpty == false || rule.nonResourceURLs?.isEmpty == false {
                withNames.append(rule)
                continue
            }
            for group in rule.apiGroups ?? [""] {
                for resource in rule.resources ?? [] {
                    verbsByResource[group, default: [:]][resource, default: []].formUnion(rule.verbs ?? [])
                }
            }
        }
        var result: [PolicyRule] = []
        for group in verbsByResource.keys.sorted() {
            var resourcesByVerbs: [[String]: [String]] = [:]
            for (resource, verbs) in verbsByResource[group] ?? [:] {
                resourcesByVerbs[verbs.sorted(), default: []].append(resource)
            }
            let ordered = resourcesByVerbs.map { (verbs: $0.key, resources: $0.value.sorted()) }
                .sorted { $0.resources.lexicographicallyPrecedes($1.resources) }
            for entry in ordered {
                result.append(PolicyRule(apiGroups: [group], resources: entry.resources, verbs: entry.verbs))
            }
        }
        return result + withNames
    }
}
