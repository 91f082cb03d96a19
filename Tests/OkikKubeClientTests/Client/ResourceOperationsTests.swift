import Foundation
import OkikKubeClient
import OkikSimulator
import OkikTesting
import Testing

@Suite("Resource operations against the simulator")
struct ResourceOperationsTests {
    static func deployment(_ name: String, replicas: Int = 2, namespace: String = "default") -> Deployment {
        let labels = ["app": name]
        return Deployment(
            metadata: ObjectMeta(name: name, namespace: namespace, labels: labels),
            spec: Deployment.Spec(
                replicas: replicas, selector: LabelSelector(matchLabels: labels),
                template: PodTemplateSpec(
                    metadata: ObjectMeta(labels: labels),
                    spec: PodSpec(containers: [Container(name: "web", image: "nginx:1.27")]))))
    }

    @Test func createGetUpdateDelete() async throws {
        try await withSimulator { _, client in
            let maps = client.namespaced(ConfigMap.self)
            let created = try await maps.create(configMap("settings", data: ["a": "1"]))
            #expect(created.metadata.uid != nil)
            #expect(created.metadata.creationTimestamp != nil)
            let version = try #require(created.metadata.resourceVersion)

            var fetched = try await maps.get("settings")
            #expect(fetched.data == ["a": "1"])
            fetched.data = ["a": "2"]
            let updated = try await maps.update(fetched)
            #expect(updated.data == ["a": "2"])
            #expect(updated.metadata.resourceVersion != version)

            // A stale resourceVersion is a conflict, with the API's message.
            var stale = created
            stale.data = ["a": "3"]
            let conflict = try await #require(throws: KubeError.self) { try await maps.update(stale) }
            #expect(conflict.code == .conflict)
            #expect(conflict.message.contains("the object has been modified"))

            let duplicate = try await #require(throws: KubeError.self) { try await maps.create(configMap("settings")) }
            #expect(duplicate.code == .alreadyExists)
            #expect(duplicate.message == "configmaps \"settings\" already exists")

            try await maps.delete("settings")
            let missing = try await #require(throws: KubeError.self) { try await maps.get("settings") }
            #expect(missing.code == .notFound)
            #expect(missing.message == "configmaps \"settings\" not found")
            #expect(try await maps.getIfPresent("settings") == nil)
        }
    }

    @Test func notFoundNamesTheGroupAndNamespace() async throws {
        try await withSimulator { _, client in
            let error = try await #require(throws: KubeError.self) {
                try await client.namespaced(Deployment.self, in: .named("shop")).get("web")
            }
            #expect(error.message == "deployments.apps \"web\" not found")
            #expect(error.status?.details?.kind == "deployments")
            #expect(error.httpStatus == 404)
        }
    }

    @Test func invalidObjectsCarryFieldCauses() async throws {
        try await withSimulator { _, client in
            var bad = Self.deployment("web")
            bad.spec?.selector = nil
            let error = try await #require(throws: KubeError.self) {
                try await client.namespaced(Deployment.self).create(bad)
            }
            #expect(error.code == .invalid)
            #expect(error.status?.details?.causes?.first?.field == "spec.selector")
            #expect(error.message.hasPrefix("Deployment.apps \"web\" is invalid"))

            let badName = try await #require(throws: KubeError.self) {
                try await client.namespaced(ConfigMap.self).create(configMap("Not_Valid"))
            }
            #expect(badName.code == .invalid)
            #expect(badName.message.contains("RFC 1123"))

            let noNamespace = try await #require(throws: KubeError.self) {
                try await client.namespaced(ConfigMap.self, in: .named("absent")).create(configMap("x", namespace: "absent"))
            }
            #expect(noNamespace.code == .notFound)
            #expect(noNamespace.message == "namespaces \"absent\" not found")
        }
    }

    @Test func allFourPatchTypes() async throws {
        try await withSimulator { _, client in
            let deployments = client.namespaced(Deployment.self)
            _ = try await deployments.create(Self.deployment("web"))
            var result = try await deployments.patch("web", .merge(["spec": ["replicas": 3]]))
            #expect(result.spec?.replicas == 3)
            result = try await deployments.patch("web", .json([.replace("/spec/replicas", 4), .add("/metadata/labels/tier", "front")]))
            #expect(result.spec?.replicas == 4)
            #expect(result.metadata.labels?["tier"] == "front")
            // Strategic merge keeps the existing container and merges env into it by name.
            result = try await deployments.patch(
                "web",
                .strategicMerge([
                    "spec": ["template": ["spec": ["containers": [["name": "web", "env": [["name": "MODE", "value": "fast"]]]]]]]
                ]))
            let container = try #require(result.spec?.template?.spec?.containers?.first)
            #expect(container.image == "nginx:1.27")
            #expect(container.env?.first?.name == "MODE")
            // Server-side apply owns fields; a second manager changing them conflicts unless forced.
            let applied: JSONValue = [
                "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "web"], "spec": ["replicas": 6],
            ]
            // The earlier patches made the client's default manager own spec.replicas: a real conflict.
            let first = try await #require(throws: KubeError.self) {
                try await deployments.patch("web", .apply(applied), fieldManager: "team-a")
            }
            #expect(first.message.contains("conflict with \"okik\": .spec.replicas"))
            result = try await deployments.patch("web", .apply(applied), fieldManager: "team-a", force: true)
            #expect(result.spec?.replicas == 6)
            var other = applied
            other["spec"] = ["replicas": 1]
            let conflict = try await #require(throws: KubeError.self) {
                try await deployments.patch("web", .apply(other), fieldManager: "team-b")
            }
            #expect(conflict.code == .conflict)
            #expect(conflict.status?.details?.causes?.first?.reason == "FieldManagerConflict")
            #expect(conflict.message.contains("team-a"))
            result = try await deployments.patch("web", .apply(other), fieldManager: "team-b", force: true)
            #expect(result.spec?.replicas == 1)
            // A failing JSON patch test leaves the object unchanged.
            let failed = try await #require(throws: KubeError.self) {
                try await deployments.patch("web", .json([.replace("/spec/replicas", 9), .test("/spec/replicas", 100)]))
            }
            #expect(failed.code == .invalid)
            #expect(try await deployments.get("web").spec?.replicas == 1)
        }
    }

    @Test func scaleStatusAndDryRun() async throws {
        try await withSimulator { _, client in
            let deployments = client.namespaced(Deployment.self)
            _ = try await deployments.create(Self.deployment("api"))
            let scale = try await deployments.scale("api", replicas: 5)
            #expect(scale.spec?.replicas == 5)
            #expect(scale.status?.selector == "app=api")
            #expect(try await deployments.getScale("api").spec?.replicas == 5)
            let negative = try await #require(throws: KubeError.self) { try await deployments.scale("api", replicas: -1) }
            #expect(negative.code == .invalidRequest)
            let stale = try await #require(throws: KubeError.self) {
                try await deployments.scale("api", replicas: 2, resourceVersion: "1")
            }
            #expect(stale.code == .conflict)

            // Writes to the main resource leave status alone; /status writes only status.
            let withStatus = try await deployments.patchStatus("api", .merge(["status": ["readyReplicas": 5, "replicas": 5]]))
            #expect(withStatus.status?.readyReplicas == 5)
            let ignored = try await deployments.patch("api", .merge(["status": ["readyReplicas": 0]]))
            #expect(ignored.status?.readyReplicas == 5)

            // Dry run validates and returns the result without storing it.
            let preview = try await deployments.scale("api", replicas: 9, dryRun: .all)
            #expect(preview.spec?.replicas == 9)
            #expect(try await deployments.get("api").spec?.replicas == 5)
            _ = try await client.namespaced(ConfigMap.self).create(configMap("dry"), dryRun: .all)
            #expect(try await client.namespaced(ConfigMap.self).getIfPresent("dry") == nil)
        }
    }

    @Test func deletePropagationAndPreconditions() async throws {
        try await withSimulator { _, client in
            let deployment = try await client.namespaced(Deployment.self).create(Self.deployment("web"))
            let owner = OwnerReference(
                apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: deployment.metadata.uid ?? "", controller: true)
            _ = try await client.namespaced(ConfigMap.self).create(
                ConfigMap(metadata: ObjectMeta(name: "owned", namespace: "default", ownerReferences: [owner])))
            let wrongUID = try await #require(throws: KubeError.self) {
                try await client.namespaced(Deployment.self).delete(
                    "web", options: DeleteOptions(preconditions: .init(uid: "not-the-uid")))
            }
            #expect(wrongUID.code == .conflict)
            try await client.namespaced(Deployment.self).delete("web", options: DeleteOptions(propagationPolicy: .background))
            #expect(try await client.namespaced(ConfigMap.self).getIfPresent("owned") == nil)
        }
    }

    @Test func podEvictionRespectsDisruptionBudgets() async throws {
        try await withSimulator { _, client in
            let pods = client.namespaced(Pod.self)
            for name in ["a", "b"] {
                _ = try await pods.create(
                    Pod(
                        metadata: ObjectMeta(name: name, namespace: "default", labels: ["app": "db"]),
                        spec: PodSpec(containers: [Container(name: "db", image: "postgres")])))
                // Running and ready: the eviction API deletes Pending pods without asking their budget.
                _ = try await pods.patchStatus(
                    name, .merge(["status": ["phase": "Running", "conditions": [["type": "Ready", "status": "True"]]]]))
            }
            _ = try await client.namespaced(PodDisruptionBudget.self).create(
                PodDisruptionBudget(
                    metadata: ObjectMeta(name: "db", namespace: "default"),
                    spec: .init(minAvailable: .int(1), selector: LabelSelector(matchLabels: ["app": "db"]))))
            _ = try await client.namespaced(PodDisruptionBudget.self).patchStatus(
                "db", .merge(["status": ["disruptionsAllowed": 1, "currentHealthy": 2, "desiredHealthy": 1, "expectedPods": 2]]))
            try await pods.evict("a")
            #expect(try await pods.getIfPresent("a") == nil)
            let refused = try await #require(throws: KubeError.self) { try await pods.evict("b") }
            #expect(refused.code == .disruptionBudget)
            #expect(refused.message.contains("disruption budget"))
            #expect(try await pods.getIfPresent("b") != nil)
        }
    }

    @Test func podLogsWithTailPreviousAndFollow() async throws {
        try await withSimulator { simulator, client in
            let pods = client.namespaced(Pod.self)
            _ = try await pods.create(
                Pod(
                    metadata: ObjectMeta(name: "web", namespace: "default"),
                    spec: PodSpec(containers: [Container(name: "app", image: "x"), Container(name: "sidecar", image: "y")])))
            let key = PodLogStore.Key(namespace: "default", pod: "web", container: "app")
            simulator.logs.append(["boot", "crash: out of memory"], to: key)
            simulator.logs.restart(key)
            simulator.logs.append(["boot again", "serving", "ready"], to: key)

            let ambiguous = try await #require(throws: KubeError.self) { try await pods.logs("web") }
            #expect(ambiguous.code == .badRequest)
            #expect(ambiguous.message.contains("choose one of: [app sidecar]"))
            #expect(try await pods.logs("web", options: .init(container: "app")) == "boot again\nserving\nready\n")
            #expect(try await pods.logs("web", options: .init(container: "app", tailLines: 1)) == "ready\n")
            #expect(try await pods.logs("web", options: .init(container: "app", previous: true)) == "boot\ncrash: out of memory\n")
            let unknown = try await #require(throws: KubeError.self) {
                try await pods.logs("web", options: .init(container: "nope"))
            }
            #expect(unknown.message == "container nope is not valid for pod web")

            var iterator = pods.followLogs("web", options: .init(container: "app", tailLines: 1)).makeAsyncIterator()
            #expect(try await iterator.next() == "ready")
            simulator.logs.append(["request 1"], to: key)
            #expect(try await iterator.next() == "request 1")
        }
    }

    @Test func dynamicClientAndDiscovery() async throws {
        try await withSimulator { _, client in
            let version = try await client.serverVersion()
            #expect(version.gitVersion == "v1.32.0")
            #expect(try await client.apiGroups().map(\.name).contains("apps"))
            let apps = try await client.apiResources(groupVersion: "apps/v1")
            let deployments = try #require(apps.resources.first { $0.name == "deployments" })
            #expect(deployments.shortNames == ["deploy"])
            #expect(deployments.categories == ["all"])
            #expect(apps.resources.contains { $0.name == "deployments/scale" })
            #expect(try await client.serves(groupVersion: "metrics.k8s.io/v1beta1"))
            #expect(try await client.serves(groupVersion: "example.com/v1") == false)

            let dynamic = client.dynamic(GroupVersionResource(group: "", version: "v1", resource: "configmaps"), namespaced: true)
            let created = try await dynamic.create(
                UnstructuredObject(["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "raw"], "data": ["k": "v"]]))
            #expect(created.name == "raw")
            #expect(created.resourceVersion != nil)
            let patched = try await dynamic.patch("raw", .merge(["data": ["k": "w"]]))
            #expect(patched.json.value(at: ["data", "k"]) == "w")
            #expect(try await dynamic.list().items.map(\.name) == ["raw"])
            try await dynamic.delete("raw")
            await #expect(throws: KubeError.self) { try await dynamic.get("bad/name") }
        }
    }
}
