import Foundation
import OkikKubeClient
@testable import OkikSimulator
import Testing

/// The simulator's RBAC evaluation for ``AuthenticationConfiguration/rbacUsers``: rules bound cluster-wide and per
/// namespace, by user, service account and group; subresources, wildcards and resource names (a list by a
/// `metadata.name` field selector counts as that name).
@Suite("RBAC authorizer")
struct RBACAuthorizerTests {
    static let user = "system:serviceaccount:apps:robot"

    static func request(
        _ verb: String, _ resource: String, group: String = "", subresource: String? = nil, namespace: String? = nil,
        name: String? = nil
    ) -> RBACAuthorizer.Attributes {
        RBACAuthorizer.Attributes(
            user: user, verb: verb, group: group, resource: resource, subresource: subresource, namespace: namespace,
            name: name)
    }

    @Test func rulesMatchVerbsGroupsResourcesSubresourcesAndNames() {
        let rule = PolicyRule(apiGroups: ["apps"], resources: ["deployments", "deployments/scale"], verbs: ["get", "patch"])
        #expect(RBACAuthorizer.rule(rule, allows: Self.request("get", "deployments", group: "apps")))
        #expect(RBACAuthorizer.rule(rule, allows: Self.request("patch", "deployments", group: "apps", subresource: "scale")))
        #expect(!RBACAuthorizer.rule(rule, allows: Self.request("delete", "deployments", group: "apps")))
        #expect(!RBACAuthorizer.rule(rule, allows: Self.request("get", "deployments", group: "")))
        #expect(!RBACAuthorizer.rule(rule, allows: Self.request("get", "deployments", group: "apps", subresource: "status")))
        let wildcard = PolicyRule(apiGroups: ["*"], resources: ["pods/*"], verbs: ["*"])
        #expect(RBACAuthorizer.rule(wildcard, allows: Self.request("create", "pods", subresource: "eviction")))
        #expect(!RBACAuthorizer.rule(wildcard, allows: Self.request("get", "pods")))
        let named = PolicyRule(apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list"], resourceNames: ["mine"])
        #expect(RBACAuthorizer.rule(named, allows: Self.request("get", "configmaps", name: "mine")))
        #expect(!RBACAuthorizer.rule(named, allows: Self.request("get", "configmaps", name: "theirs")))
        #expect(!RBACAuthorizer.rule(named, allows: Self.request("list", "configmaps")))
        #expect(RBACAuthorizer.selectedName("metadata.name=mine") == "mine")
        #expect(RBACAuthorizer.selectedName("metadata.namespace=x,metadata.name==mine") == "mine")
        #expect(RBACAuthorizer.selectedName("status.phase=Running") == nil)
    }

    @Test func subjectsMatchTheUserItsServiceAccountAndItsGroups() {
        let user = Self.user
        #expect(RBACAuthorizer.binds([Subject(kind: "ServiceAccount", name: "robot", namespace: "apps")], to: user, bindingNamespace: nil))
        #expect(RBACAuthorizer.binds([Subject(kind: "ServiceAccount", name: "robot")], to: user, bindingNamespace: "apps"))
        #expect(!RBACAuthorizer.binds([Subject(kind: "ServiceAccount", name: "robot", namespace: "other")], to: user, bindingNamespace: nil))
        #expect(RBACAuthorizer.binds([Subject(kind: "Group", name: "system:serviceaccounts:apps")], to: user, bindingNamespace: nil))
        #expect(RBACAuthorizer.binds([Subject(kind: "User", name: user)], to: user, bindingNamespace: nil))
        #expect(!RBACAuthorizer.binds([Subject(kind: "User", name: "robot")], to: user, bindingNamespace: nil))
        #expect(!RBACAuthorizer.binds(nil, to: user, bindingNamespace: nil))
    }

    @Test func onlyTheNamedUsersAreCheckedAndBindingsGrantOverHTTP() async throws {
        let configuration = SimulatorConfiguration(
            authentication: AuthenticationConfiguration(
                tokens: ["admin-token": "admin", "robot-token": Self.user], rbacUsers: [Self.user]),
            initialNamespaces: ["default", "apps"])
        let simulator = try await Simulator.start(configuration, logger: SimulatorFixture.quietLogger)
        let admin = try KubeClient(
            config: simulator.kubeConfig(user: AuthInfo(token: "admin-token")), logger: SimulatorFixture.quietLogger)
        let robot = try KubeClient(
            config: simulator.kubeConfig(user: AuthInfo(token: "robot-token")), logger: SimulatorFixture.quietLogger)
        do {
            let configMaps = robot.namespaced(ConfigMap.self, in: .named("apps"))
            await #expect(throws: KubeError.self) { _ = try await configMaps.list() }
            // The administrator is not checked.
            _ = try await admin.namespaced(ConfigMap.self, in: .named("apps")).create(ConfigMap(metadata: ObjectMeta(name: "mine")))
            _ = try await admin.clusterScoped(ClusterRole.self).create(
                ClusterRole(
                    metadata: ObjectMeta(name: "read-config"),
                    rules: [PolicyRule(apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list"])]))
            // A RoleBinding grants the ClusterRole in its namespace only.
            _ = try await admin.namespaced(RoleBinding.self, in: .named("apps")).create(
                RoleBinding(
                    metadata: ObjectMeta(name: "robot-reads"),
                    subjects: [Subject(kind: "ServiceAccount", name: "robot", namespace: "apps")],
                    roleRef: RoleRef(apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "read-config")))
            #expect(try await configMaps.list().items.map(\.name) == ["mine"])
            await #expect(throws: KubeError.self) {
                _ = try await robot.namespaced(ConfigMap.self, in: .named("default")).list()
            }
            do {
                _ = try await configMaps.delete("mine")
                Issue.record("the delete was allowed")
            } catch let error as KubeError {
                #expect(error.code == .forbidden)
                #expect(error.message.contains("cannot delete resource \"configmaps\""), "\(error.message)")
            }
        } catch {
            Issue.record("\(error)")
        }
        try? await admin.shutdown()
        try? await robot.shutdown()
        await simulator.stop()
    }
}
