import Foundation
import OkikKubeClient
import OkikSimulator
import OkikTesting
import Testing

/// kubectl against a simulator with the cluster runtime: disruption budgets, drains and rollbacks.
extension KubectlConformanceTests {
    /// A simulator on a virtual clock with the runtime, two nodes labelled `pool=a` and `pool=b`.
    static func withCluster<T>(_ body: (SimulatorFixture) async throws -> T) async throws -> T {
        try await SimulatorFixture.with(SimulatorConfiguration(clock: .virtual(), runtime: .standard)) { fx in
            let nodes = fx.definition("v1", "Node")
            for (name, pool) in [("node-1", "a"), ("node-2", "b")] {
                try await fx.simulator.store.create(
                    nodes, namespace: nil, object: SimulatedCluster.node(name, cpu: "4", memory: "16Gi", labels: ["pool": pool]))
            }
            await fx.simulator.settle()
            return try await body(fx)
        }
    }

    /// Creates a Deployment pinned to a pool, and a budget over it.
    static func guardedDeployment(
        _ fx: SimulatorFixture, _ name: String, replicas: Int, pool: String, budget: [String: JSONValue]
    ) async throws {
        var deployment = SimulatedCluster.deployment(name, replicas: replicas)
        deployment.put(["pool": .string(pool)], at: ["spec", "template", "spec", "nodeSelector"])
        try await fx.simulator.store.create(fx.definition("apps/v1", "Deployment"), namespace: "default", object: deployment)
        var spec = budget
        spec["selector"] = ["matchLabels": ["app": .string(name)]]
        try await fx.simulator.store.create(
            fx.definition("policy/v1", "PodDisruptionBudget"), namespace: "default",
            object: [
                "apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
                "metadata": ["name": .string(name), "namespace": "default"], "spec": .object(spec),
            ])
    }

    @Test func getPodDisruptionBudgetsShowsTheControllersStatus() async throws {
        try await Self.withCluster { fx in
            try await Self.guardedDeployment(fx, "guarded", replicas: 2, pool: "a", budget: ["minAvailable": 2])
            try await Self.guardedDeployment(fx, "single", replicas: 1, pool: "b", budget: ["maxUnavailable": "50%"])
            await fx.simulator.advance(by: .seconds(30))
            let result = try await fx.kubectl("get", "pdb")
            #expect(result.succeeded, "\(result)")
            let rows = Self.rows(result.stdout)
            #expect(rows.first == ["NAME", "MIN", "AVAILABLE", "MAX", "UNAVAILABLE", "ALLOWED", "DISRUPTIONS", "AGE"])
            #expect(rows.dropFirst().map { Array($0.prefix(4)) } == [["guarded", "2", "N/A", "0"], ["single", "N/A", "50%", "1"]])

            let status = try await fx.kubectl("get", "pdb", "single", "-o", "jsonpath={.status}")
            let json = try JSONValue.parse(Data(status.stdout.utf8))
            #expect(json["currentHealthy"] == 1)
            #expect(json["desiredHealthy"] == 0)
            #expect(json["expectedPods"] == 1)
            #expect(json["disruptionsAllowed"] == 1)
            #expect(json["observedGeneration"] == 1)
            #expect(json["conditions"]?.arrayValue?.first?["reason"] == "SufficientPods")
        }
    }

    @Test func drainIsRefusedByABudgetWithNoDisruptionLeft() async throws {
        try await Self.withCluster { fx in
            try await Self.guardedDeployment(fx, "guarded", replicas: 2, pool: "a", budget: ["minAvailable": 2])
            try await Self.guardedDeployment(fx, "single", replicas: 1, pool: "b", budget: ["maxUnavailable": 1])
            await fx.simulator.advance(by: .seconds(30))

            let refused = try await fx.kubectl("drain", "node-1", "--ignore-daemonsets", "--timeout=3s")
            #expect(!refused.succeeded, "\(refused)")
            #expect(refused.stdout.contains("node/node-1 cordoned"), "\(refused)")
            #expect(refused.stderr.contains("Cannot evict pod as it would violate the pod's disruption budget."), "\(refused)")
            #expect(refused.stderr.contains("will retry after 5s"), "\(refused)")
            let guarded = try await fx.kubectl("get", "pods", "-l", "app=guarded", "-o", "name")
            #expect(guarded.stdout.split(separator: "\n").count == 2)

            let drained = try await fx.kubectl("drain", "node-2", "--ignore-daemonsets", "--timeout=30s")
            #expect(drained.succeeded, "\(drained)")
            #expect(drained.stdout.contains("evicted"), "\(drained)")
            #expect(drained.stdout.contains("node/node-2 drained"), "\(drained)")
        }
    }
}

extension KubectlConformanceTests {
    @Test func rolloutUndoRestoresThePreviousRevision() async throws {
        let scenario = try #require(BuiltInScenarios.named("broken-rollout"))
        try await SimulatorFixture.with(SimulatorConfiguration(clock: .virtual(), runtime: .standard)) { fx in
            try await ScenarioRunner.run([scenario], on: fx.simulator)
            let namespace = "okik-broken-rollout"
            let history = try await fx.kubectl("rollout", "history", "deployment/cart-service", "-n", namespace)
            #expect(history.succeeded, "\(history)")
            #expect(Self.rows(history.stdout).compactMap(\.first).filter { Int($0) != nil } == ["1", "2"], "\(history)")

            let undo = try await fx.kubectl("rollout", "undo", "deployment/cart-service", "-n", namespace)
            #expect(undo.succeeded, "\(undo)")
            #expect(undo.stdout.contains("deployment.apps/cart-service rolled back"), "\(undo)")
            await fx.simulator.advance(by: .seconds(60))

            let image = try await fx.kubectl(
                "get", "deployment", "cart-service", "-n", namespace, "-o", "jsonpath={.spec.template.spec.containers[0].image}")
            #expect(image.stdout == "registry.okik.io/cart-service:2.3.1")
            let status = try await fx.kubectl("rollout", "status", "deployment/cart-service", "-n", namespace, "--timeout=5s")
            #expect(status.succeeded, "\(status)")
            #expect(status.stdout.contains("successfully rolled out"), "\(status)")
            // The controller reused the first ReplicaSet as revision 3 and emptied the broken one.
            let sets = try await fx.kubectl(
                "get", "replicasets", "-n", namespace, "-o",
                #"jsonpath={range .items[*]}{.metadata.annotations.deployment\.kubernetes\.io/revision}{" "}{.metadata.annotations.deployment\.kubernetes\.io/revision-history}{" "}{.spec.replicas}{" "}{.status.readyReplicas}{"\n"}{end}"#)
            let lines = Set(sets.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) })
            #expect(lines == [["3", "1", "4", "4"], ["2", "0"]], "\(sets)")
            let after = try await fx.kubectl("rollout", "history", "deployment/cart-service", "-n", namespace)
            #expect(Self.rows(after.stdout).compactMap(\.first).filter { Int($0) != nil } == ["2", "3"], "\(after)")
            // Once rolled back, the scripted rollout does not come back.
            await fx.simulator.advance(by: .seconds(600))
            let again = try await fx.kubectl(
                "get", "deployment", "cart-service", "-n", namespace, "-o", "jsonpath={.status.availableReplicas}")
            #expect(again.stdout == "4")
        }
    }
}
