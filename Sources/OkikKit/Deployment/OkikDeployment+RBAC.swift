extension OkikDeployment {
    /// The cluster-wide rules of this mode and level, merged and sorted (see ``ToolPermissions``):
    /// - both modes: the runtime's reads (informers, guards, metrics);
    /// - agent mode: above L0, what the observe tools and the tools of ``grantedWritePackages`` call;
    /// - watchdog mode: above L0, what its own tools call (quarantine, rollback) and `patch` on `deployments/scale`.
    ///
    /// Then ``additionalRules``. No built-in rule names `secrets`.
    public var clusterRules: [PolicyRule] {
        var rules = ToolPermissions.runtimeReads
        let descriptors = ToolRegistry.builtIn.descriptors
        switch mode {
        case .agent:
            guard level > .l0 else { break }
            let packages = grantedWritePackages.union([.observe])
            for descriptor in descriptors where packages.contains(descriptor.package) {
                rules += ToolPermissions.byTool[descriptor.name] ?? []
            }
        case .watchdog:
            let packages = grantedWritePackages
            for descriptor in descriptors
            where ToolPermissions.watchdogTools.contains(descriptor.name) && packages.contains(descriptor.package) {
                rules += ToolPermissions.byTool[descriptor.name] ?? []
            }
            if !packages.isEmpty {
                rules.append(PolicyRule(apiGroups: ["apps"], resources: ["deployments/scale"], verbs: ["patch"]))
            }
        }
        return ToolPermissions.merged(rules + additionalRules)
    }

    /// The rules in ``OkikInstallation/namespace`` for the ``ControlConfigMap``: `create` on ConfigMaps (a create
    /// cannot be limited by name), and `get`, `list`, `watch`, `update`, `patch` on the one named
    /// ``ControlConfigMap/defaultName`` (the mirror lists and watches with a `metadata.name` field selector).
    public static let controlRules: [PolicyRule] = [
        PolicyRule(apiGroups: [""], resources: ["configmaps"], verbs: ["create"]),
        PolicyRule(
            apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list", "patch", "update", "watch"],
            resourceNames: [ControlConfigMap.defaultName]),
    ]
}
