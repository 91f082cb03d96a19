import Foundation
import OkikKubeClient
import OkikSimulator
import Testing

/// The simulated disruption controller keeps PodDisruptionBudget status current, and the eviction subresource
/// refuses exactly the evictions that would break a budget.
@Suite struct DisruptionControllerTests {
    static func budget(
        _ name: String, namespace: String = "default", app: String? = nil, minAvailable: JSONValue? = nil,
        maxUnavailable: JSONValue? = nil, selector: JSONValue? = nil
    ) -> JSONValue {
        var spec: [String: JSONValue] = ["selector": selector ?? ["matchLabels": ["app": .string(app ?? name)]]]
        if let minAvailable { spec["minAvailable"] = minAvailable }
        if let maxUnavailable { spec["maxUnavailable"] = maxUnavailable }
        return [
            "apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
            "metadata": ["name": .string(name), "namespace": .string(namespace)], "spec": .object(spec),
        ]
    }

    static func eviction(_ pod: String, namespace: String = "default") -> String {
        #"{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"\#(pod)","namespace":"\#(namespace)"}}"#
    }

    /// A cluster with a ready Deployment and a budget over it.
    static func cluster(replicas: Int, budget: JSONValue, annotations: [String: String] = [:]) async throws
        -> SimulatedCluster
    {
        let cluster = try await SimulatedCluster.start()
        try await cluster.create(SimulatedCluster.deployment("web", replicas: replicas, annotations: annotations))
        try await cluster.create(budget)
        await cluster.advance(30)
        return cluster
    }

    @Test func integerMinAvailableCountsTheSelectedPods() async throws {
        let cluster = try await Self.cluster(replicas: 3, budget: Self.budget("web", minAvailable: 2))
        defer { Task { await cluster.stop() } }
        let budget = try await cluster.get(PodDisruptionBudget.self, "web")
        let status = try #require(budget.status)
        #expect(status.currentHealthy == 3)
        #expect(status.desiredHealthy == 2)
        #expect(status.expectedPods == 3)
        #expect(status.disruptionsAllowed == 1)
        #expect(status.observedGeneration == 1)
        let condition = try #require(status.conditions?.first { $0.type == "DisruptionAllowed" })
        #expect(condition.status == "True")
        #expect(condition.reason == "SufficientPods")
    }

    @Test(arguments: [
        // minAvailable 60% of 4 = 2.4, rounded up.
        (JSONValue?.some("60%"), JSONValue?.none, 3, 1),
        // maxUnavailable 50% of 4 = 2.
        (JSONValue?.none, JSONValue?.some("50%"), 2, 2),
        // maxUnavailable 30% of 4 = 1.2, rounded up to 2.
        (JSONValue?.none, JSONValue?.some("30%"), 2, 2),
        (JSONValue?.none, JSONValue?.some(1), 3, 1),
        (JSONValue?.some(4), JSONValue?.none, 4, 0),
    ])
    func percentagesAndMaxUnavailableUseTheControllersScale(
        minAvailable: JSONValue?, maxUnavailable: JSONValue?, desired: Int, allowed: Int
    ) async throws {
        let cluster = try await Self.cluster(
            replicas: 4, budget: Self.budget("web", minAvailable: minAvailable, maxUnavailable: maxUnavailable))
        defer { Task { await cluster.stop() } }
        let status = try #require(try await cluster.get(PodDisruptionBudget.self, "web").status)
        #expect(status.expectedPods == 4)
        #expect(status.currentHealthy == 4)
        #expect(status.desiredHealthy == desired)
        #expect(status.disruptionsAllowed == allowed)
    }

    @Test func expectedPodsFollowTheDeploymentNotThePods() async throws {
        // Three replicas asked for, only one node with room for one: expectedPods is still the Deployment's 3.
        let cluster = try await SimulatedCluster.start(nodes: 1, cpu: "1", memory: "2Gi")
        defer { Task { await cluster.stop() } }
        try await cluster.create(
            SimulatedCluster.deployment("web", replicas: 3, requests: ["cpu": "600m", "memory": "128Mi"]))
        try await cluster.create(Self.budget("web", maxUnavailable: 1))
        await cluster.advance(30)
        let status = try #require(try await cluster.get(PodDisruptionBudget.self, "web").status)
        #expect(status.expectedPods == 3)
        #expect(status.desiredHealthy == 2)
        #expect(status.currentHealthy == 1)
        #expect(status.disruptionsAllowed == 0)
        #expect(status.conditions?.first?.reason == "InsufficientPods")
    }

    @Test func crashingPodsAreNotHealthy() async throws {
        let cluster = try await Self.cluster(
            replicas: 2, budget: Self.budget("web", minAvailable: 1), annotations: ["sim.okik.io/behavior": "crashloop"])
        defer { Task { await cluster.stop() } }
        await cluster.advance(120)
        let status = try #require(try await cluster.get(PodDisruptionBudget.self, "web").status)
        #expect(status.currentHealthy == 0)
        #expect(status.disruptionsAllowed == 0)
        #expect(status.conditions?.first?.status == "False")
        #expect(status.conditions?.first?.reason == "InsufficientPods")
    }

    @Test func statusFollowsScalingAndSpecChanges() async throws {
        let cluster = try await Self.cluster(replicas: 2, budget: Self.budget("web", minAvailable: 2))
        defer { Task { await cluster.stop() } }
        #expect(try await cluster.get(PodDisruptionBudget.self, "web").status?.disruptionsAllowed == 0)
        try await cluster.modify("apps/v1", "Deployment", "web") { $0.put(.int(4), at: ["spec", "replicas"]) }
        await cluster.advance(30)
        var status = try #require(try await cluster.get(PodDisruptionBudget.self, "web").status)
        #expect(status.currentHealthy == 4)
        #expect(status.disruptionsAllowed == 2)
        try await cluster.modify("policy/v1", "PodDisruptionBudget", "web") { $0.put(.int(4), at: ["spec", "minAvailable"]) }
        status = try #require(try await cluster.get(PodDisruptionBudget.self, "web").status)
        #expect(status.observedGeneration == 2)
        #expect(status.disruptionsAllowed == 0)
        // A status written by hand is put right again.
        try await cluster.simulator.store.modifyAll(definition("policy/v1", "PodDisruptionBudget", in: cluster), namespace: "default", name: "web") {
            $0.put(.int(9), at: ["status", "disruptionsAllowed"])
        }
        #expect(try await cluster.get(PodDisruptionBudget.self, "web").status?.disruptionsAllowed == 9)
        await cluster.simulator.settle()
        #expect(try await cluster.get(PodDisruptionBudget.self, "web").status?.disruptionsAllowed == 0)
    }

    @Test func daemonSetPodsCannotBeScaledSoTheSyncFails() async throws {
        let cluster = try await SimulatedCluster.start(nodes: 2)
        defer { Task { await cluster.stop() } }
        try await cluster.create([
            "apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": ["name": "agent", "namespace": "default"],
            "spec": [
                "selector": ["matchLabels": ["app": "agent"]],
                "template": [
                    "metadata": ["labels": ["app": "agent"]],
                    "spec": ["containers": [["name": "agent", "image": "agent:1"]]],
                ],
            ],
        ])
        try await cluster.create(Self.budget("agent", maxUnavailable: 1))
        await cluster.advance(30)
        let status = try #require(try await cluster.get(PodDisruptionBudget.self, "agent").status)
        #expect(status.disruptionsAllowed == 0)
        let condition = try #require(status.conditions?.first)
        #expect(condition.reason == "SyncFailed")
        #expect(condition.message?.contains("found no controllers for pod") == true)
    }

    @Test func anEmptyBudgetReportsNoPods() async throws {
        let cluster = try await SimulatedCluster.start(nodes: 1)
        defer { Task { await cluster.stop() } }
        try await cluster.create(Self.budget("nothing", minAvailable: 1))
        await cluster.advance(5)
        let status = try #require(try await cluster.get(PodDisruptionBudget.self, "nothing").status)
        #expect(status.expectedPods == 0)
        #expect(status.disruptionsAllowed == 0)
        #expect(try await cluster.events(reason: "NoPods").count == 1)
    }

    func definition(_ apiVersion: String, _ kind: String, in cluster: SimulatedCluster) -> ResourceDefinition {
        cluster.definition(apiVersion, kind)
    }

    // MARK: - Eviction

    @Test func evictionsStopExactlyAtTheBudget() async throws {
        // Pods take 20 s to become ready, so a replacement is not ready at once.
        let cluster = try await Self.cluster(
            replicas: 3, budget: Self.budget("web", minAvailable: 2), annotations: ["sim.okik.io/start-delay": "20s"])
        defer { Task { await cluster.stop() } }
        let simulator = cluster.simulator
        let pods = try await cluster.list(Pod.self).compactMap(\.metadata.name)
        #expect(pods.count == 3)

        let first = try await simulator.http("POST", "/api/v1/namespaces/default/pods/\(pods[0])/eviction", body: Self.eviction(pods[0]))
        #expect(first.status == 201, "\(first.body)")
        #expect(first.json["status"] == "Success")
        // The eviction used the one disruption the budget had, before the controller ran.
        var status = try #require(try await cluster.get(PodDisruptionBudget.self, "web").status)
        #expect(status.disruptionsAllowed == 0)
        #expect(status.disruptedPods?[pods[0]] != nil)

        let second = try await simulator.http("POST", "/api/v1/namespaces/default/pods/\(pods[1])/eviction", body: Self.eviction(pods[1]))
        #expect(second.status == 429, "\(second.body)")
        #expect(second.json["reason"] == "TooManyRequests")
        #expect(second.json["message"] == "Cannot evict pod as it would violate the pod's disruption budget.")
        let cause = second.json.value(at: ["details", "causes"])?.arrayValue?.first
        #expect(cause?["reason"] == "DisruptionBudget")
        #expect(cause?["message"]?.stringValue?.hasPrefix("The disruption budget web needs 2 healthy pods and has") == true)

        // The controller catches up: the evicted pod is gone, its replacement not ready yet.
        await simulator.settle()
        status = try #require(try await cluster.get(PodDisruptionBudget.self, "web").status)
        #expect(status.currentHealthy == 2)
        #expect(status.disruptionsAllowed == 0)
        #expect(status.disruptedPods == nil)
        let refused = try await simulator.http("POST", "/api/v1/namespaces/default/pods/\(pods[1])/eviction", body: Self.eviction(pods[1]))
        #expect(refused.status == 429)
        #expect(refused.json.value(at: ["details", "causes"])?.arrayValue?.first?["message"]
            == "The disruption budget web needs 2 healthy pods and has 2 currently")

        // Once the replacement is ready, one more disruption is allowed.
        await cluster.advance(30)
        #expect(try await cluster.get(PodDisruptionBudget.self, "web").status?.disruptionsAllowed == 1)
        let again = try await simulator.http("POST", "/api/v1/namespaces/default/pods/\(pods[1])/eviction", body: Self.eviction(pods[1]))
        #expect(again.status == 201, "\(again.body)")
    }

    @Test func anUnprocessedBudgetAsksToRetry() async throws {
        let cluster = try await Self.cluster(replicas: 3, budget: Self.budget("web", minAvailable: 1))
        defer { Task { await cluster.stop() } }
        // A spec change the controller has not seen yet (no settle).
        let definition = cluster.definition("policy/v1", "PodDisruptionBudget")
        try await cluster.simulator.store.modify(definition, namespace: "default", name: "web") {
            $0.put(.int(2), at: ["spec", "minAvailable"])
        }
        let pod = try #require(try await cluster.list(Pod.self).first?.metadata.name)
        let response = try await cluster.simulator.http("POST", "/api/v1/namespaces/default/pods/\(pod)/eviction", body: Self.eviction(pod))
        #expect(response.status == 429)
        #expect(response.json.value(at: ["details", "retryAfterSeconds"]) == 10)
        #expect(response.json.value(at: ["details", "causes"])?.arrayValue?.first?["message"]
            == "The disruption budget web is still being processed by the server.")
        #expect(response.headers.contains { $0.0.lowercased() == "retry-after" && $0.1 == "10" })
        await cluster.simulator.settle()
        let allowed = try await cluster.simulator.http("POST", "/api/v1/namespaces/default/pods/\(pod)/eviction", body: Self.eviction(pod))
        #expect(allowed.status == 201, "\(allowed.body)")
    }

    @Test func unhealthyAndPendingPodsDoNotUseTheBudget() async throws {
        // Two replicas fit on the node, the third stays Pending.
        let cluster = try await SimulatedCluster.start(nodes: 1, cpu: "1", memory: "2Gi")
        defer { Task { await cluster.stop() } }
        try await cluster.create(
            SimulatedCluster.deployment("web", replicas: 3, requests: ["cpu": "400m", "memory": "128Mi"]))
        try await cluster.create(Self.budget("web", minAvailable: 2))
        await cluster.advance(30)
        var status = try #require(try await cluster.get(PodDisruptionBudget.self, "web").status)
        #expect(status.currentHealthy == 2)
        #expect(status.disruptionsAllowed == 0)
        let pending = try #require(try await cluster.list(Pod.self).first { $0.status?.phase == "Pending" }?.metadata.name)
        let response = try await cluster.simulator.http("POST", "/api/v1/namespaces/default/pods/\(pending)/eviction", body: Self.eviction(pending))
        #expect(response.status == 201, "\(response.body)")
        status = try #require(try await cluster.get(PodDisruptionBudget.self, "web").status)
        #expect(status.disruptionsAllowed == 0)
        #expect(status.disruptedPods == nil)
    }

    @Test func dryRunEvictionsChangeNothing() async throws {
        let cluster = try await Self.cluster(replicas: 3, budget: Self.budget("web", minAvailable: 2))
        defer { Task { await cluster.stop() } }
        let pod = try #require(try await cluster.list(Pod.self).first?.metadata.name)
        let revision = await cluster.simulator.store.currentRevision
        let response = try await cluster.simulator.http(
            "POST", "/api/v1/namespaces/default/pods/\(pod)/eviction?dryRun=All", body: Self.eviction(pod))
        #expect(response.status == 201, "\(response.body)")
        let inBody = #"{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"\#(pod)"},"deleteOptions":{"dryRun":["All"]}}"#
        #expect(try await cluster.simulator.http("POST", "/api/v1/namespaces/default/pods/\(pod)/eviction", body: inBody).status == 201)
        #expect(await cluster.simulator.store.currentRevision == revision)
        #expect(try await cluster.get(PodDisruptionBudget.self, "web").status?.disruptionsAllowed == 1)
    }
}
