import Foundation
import OkikKubeClient

/// Whether OKIK's service account may make the Kubernetes calls each tool makes: every permission of
/// ``ToolPermissions`` is asked of the API server as a SubjectAccessReview for that account, so the answer comes from
/// the cluster's own authorizers (RBAC, aggregated roles, webhooks). Nothing runs. What `okikctl tool test` shows.
public struct ToolAccessReview: Sendable {
    /// The answer for one tool (or for the runtime's own reads).
    public struct Access: Codable, Sendable, Hashable {
        /// The tool's name, or `(runtime)` for the informers' and guards' reads.
        public var tool: String
        /// The tool's package; nil for the runtime.
        public var package: ToolPackage?
        /// True when every permission it needs is allowed.
        public var allowed: Bool
        /// The permissions refused, as `verb group/resource` (`patch apps/deployments`).
        public var missing: [String]
    }

    /// The cluster.
    public let client: KubeClient
    /// The user asked about: `system:serviceaccount:NAMESPACE:NAME`.
    public let user: String

    /// A review for a service account.
    public init(client: KubeClient, serviceAccountNamespace: String = OkikInstallation.namespace, serviceAccount: String) {
        self.client = client
        self.user = "system:serviceaccount:\(serviceAccountNamespace):\(serviceAccount)"
    }

    /// The runtime's reads first, then every tool of the registry that ``ToolPermissions`` knows, by name.
    /// - Throws: ``KubeError`` when a review cannot be asked (for example, you may not create SubjectAccessReviews).
    public func review(registry: ToolRegistry = .builtIn) async throws -> [Access] {
        var answers: [String: Bool] = [:]
        func check(_ rules: [PolicyRule]) async throws -> [String] {
            var missing: [String] = []
            for rule in rules {
                for group in rule.apiGroups ?? [""] {
                    for resource in rule.resources ?? [] {
                        for verb in rule.verbs ?? [] {
                            let name = "\(verb) \(group.isEmpty ? "" : group + "/")\(resource)"
                            let allowed: Bool
                            if let known = answers[name] {
                                allowed = known
                            } else {
                                allowed = try await ask(verb: verb, group: group, resource: resource)
                                answers[name] = allowed
                            }
                            if !allowed { missing.append(name) }
                        }
                    }
                }
            }
            return missing
        }
        let runtime = try await check(ToolPermissions.runtimeReads)
        var result = [Access(tool: "(runtime)", package: nil, allowed: runtime.isEmpty, missing: runtime)]
        for descriptor in registry.descriptors.sorted(by: { $0.name < $1.name }) {
            guard let rules = ToolPermissions.byTool[descriptor.name] else { continue }
            let missing = try await check(rules)
            result.append(Access(tool: descriptor.name, package: descriptor.package, allowed: missing.isEmpty, missing: missing))
        }
        return result
    }

    /// One SubjectAccessReview, cluster-wide (OKIK's tools act in every namespace).
    private func ask(verb: String, group: String, resource: String) async throws -> Bool {
        let parts = resource.split(separator: "/", maxSplits: 1).map(String.init)
        var attributes: [String: JSONValue] = ["verb": .string(verb), "group": .string(group), "resource": .string(parts[0])]
        if parts.count > 1 { attributes["subresource"] = .string(parts[1]) }
        let body: JSONValue = [
            "apiVersion": "authorization.k8s.io/v1", "kind": "SubjectAccessReview",
            "spec": ["user": .string(user), "resourceAttributes": .object(attributes)],
        ]
        let response = try await client.send(
            KubeRequest(method: "POST", path: "/apis/authorization.k8s.io/v1/subjectaccessreviews", body: Data(body.jsonString().utf8)))
        let answer = try JSONValue.parse(Data(response.body))
        return answer.value(at: ["status", "allowed"])?.boolValue ?? false
    }
}
