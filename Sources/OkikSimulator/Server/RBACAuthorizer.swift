import OkikKubeClient

/// Authorizes one request by the RBAC objects in the store, as the API server's RBAC authorizer does: the rules of
/// the ClusterRoles bound cluster-wide, and of the Roles and ClusterRoles bound in the request's namespace, to the
/// user, its service account or its groups. Only for the users ``AuthenticationConfiguration/rbacUsers`` names.
///
/// Not modelled: aggregated ClusterRoles (their `aggregationRule`), non-resource URLs (discovery stays open), and
/// the escalation checks on writing RBAC objects.
struct RBACAuthorizer {
    let store: ObjectStore
    let registry: ResourceRegistry

    /// The request, as the authorizer sees it.
    struct Attributes {
        var user: String
        var verb: String
        var group: String
        var resource: String
        var subresource: String?
        var namespace: String?
        /// The object's name; for a list or watch, the one `metadata.name` field selector, if any.
        var name: String?
    }

    /// Whether some bound rule allows the request.
    func allows(_ attributes: Attributes) async -> Bool {
        for rule in await rules(for: attributes.user, namespace: attributes.namespace) where Self.rule(rule, allows: attributes) {
            return true
        }
        return false
    }

    /// The rules bound to the user cluster-wide and, with a namespace, in it.
    private func rules(for user: String, namespace: String?) async -> [PolicyRule] {
        let group = "rbac.authorization.k8s.io/v1"
        guard let clusterRoles = registry.definition(apiVersion: group, plural: "clusterroles"),
            let clusterBindings = registry.definition(apiVersion: group, plural: "clusterrolebindings"),
            let roles = registry.definition(apiVersion: group, plural: "roles"),
            let bindings = registry.definition(apiVersion: group, plural: "rolebindings")
        else { return [] }
        func clusterRole(_ name: String) async -> [PolicyRule] {
            guard let stored = try? await store.get(clusterRoles, namespace: nil, name: name),
                let role = try? stored.decode(as: ClusterRole.self)
            else { return [] }
            return role.rules ?? []
        }
        var result: [PolicyRule] = []
        for stored in await store.all(clusterBindings) {
            guard let binding = try? stored.decode(as: ClusterRoleBinding.self),
                Self.binds(binding.subjects, to: user, bindingNamespace: nil), binding.roleRef?.kind == "ClusterRole",
                let name = binding.roleRef?.name
            else { continue }
            result += await clusterRole(name)
        }
        guard let namespace else { return result }
        for stored in await store.all(bindings, namespace: namespace) {
            guard let binding = try? stored.decode(as: RoleBinding.self),
                Self.binds(binding.subjects, to: user, bindingNamespace: namespace), let name = binding.roleRef?.name
            else { continue }
            if binding.roleRef?.kind == "ClusterRole" {
                result += await clusterRole(name)
            } else if let stored = try? await store.get(roles, namespace: namespace, name: name),
                let role = try? stored.decode(as: Role.self)
            {
                result += role.rules ?? []
            }
        }
        return result
    }

    /// Whether a subject of a binding is the user: by name, as its service account
    /// (`system:serviceaccount:NAMESPACE:NAME`), or by a group it belongs to.
    static func binds(_ subjects: [Subject]?, to user: String, bindingNamespace: String?) -> Bool {
        let parts = user.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let serviceAccount = parts.count == 4 && parts[0] == "system" && parts[1] == "serviceaccount"
            ? (namespace: parts[2], name: parts[3]) : nil
        var groups: Set<String> = ["system:authenticated"]
        if let serviceAccount { groups.formUnion(["system:serviceaccounts", "system:serviceaccounts:\(serviceAccount.namespace)"]) }
        return (subjects ?? []).contains { subject in
            switch subject.kind {
            case "User": return subject.name == user
            case "Group": return subject.name.map(groups.contains) ?? false
            case "ServiceAccount":
                guard let serviceAccount else { return false }
                return subject.name == serviceAccount.name
                    && (subject.namespace ?? bindingNamespace) == serviceAccount.namespace
            default: return false
            }
        }
    }

    /// Whether one rule allows the request (`*` matches any verb, group or resource; `resource/*` any subresource).
    static func rule(_ rule: PolicyRule, allows request: Attributes) -> Bool {
        let verbs = rule.verbs ?? []
        guard verbs.contains("*") || verbs.contains(request.verb) else { return false }
        let groups = rule.apiGroups ?? []
        guard groups.contains("*") || groups.contains(request.group) else { return false }
        let resources = rule.resources ?? []
        let combined = request.subresource.map { "\(request.resource)/\($0)" } ?? request.resource
        let resourceMatches = resources.contains("*") || resources.contains(combined)
            || (request.subresource != nil && (resources.contains("\(request.resource)/*") || resources.contains("*/\(request.subresource ?? "")")))
        guard resourceMatches else { return false }
        guard let names = rule.resourceNames, !names.isEmpty else { return true }
        return request.name.map(names.contains) ?? false
    }

    /// The name a list or watch is limited to by a `metadata.name=NAME` field selector (RBAC authorizes it by name).
    static func selectedName(_ fieldSelector: String?) -> String? {
        guard let fieldSelector else { return nil }
        let terms = fieldSelector.split(separator: ",").map(String.init)
        for term in terms {
            for prefix in ["metadata.name==", "metadata.name="] where term.hasPrefix(prefix) {
                return String(term.dropFirst(prefix.count))
            }
        }
        return nil
    }
}
