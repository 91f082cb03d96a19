import Foundation
import OkikKubeClient
import OkikSimulator
import OkikTesting
import Testing

@Suite("Built-in scenarios")
struct ScenarioTests {
    @Test func everyBuiltInScenarioParses() {
        #expect(BuiltInScenarios.all.count == 17)
        #expect(BuiltInScenarios.names.first == "healthy")
        for scenario in BuiltInScenarios.problems {
            #expect(!(scenario.symptoms ?? []).isEmpty, "\(scenario.name) promises no symptoms")
        }
    }

    @Test(arguments: BuiltInScenarios.problems.map(\.name))
    func problemScenarioShowsItsSymptoms(_ name: String) async throws {
        let scenario = try #require(BuiltInScenarios.named(name))
        let harness = try await ScenarioHarness.start([scenario])
        defer { Task { await harness.stop() } }
        for symptom in scenario.symptoms ?? [] {
            let objects = try await harness.objects(symptom.kind)
            #expect(symptom.isShown(by: objects), "\(name): \(symptom.description ?? symptom.path) not shown")
        }
        let problems = ProblemScan.problems(in: try await harness.scanInput())
        if !["overprovisioned", "idle", "single-replica"].contains(name) {
            #expect(!problems.isEmpty, "\(name): the problem scan found nothing")
        }
    }

    @Test func healthyBaselineShowsNoProblems() async throws {
        let scenario = try #require(BuiltInScenarios.named("healthy"))
        let harness = try await ScenarioHarness.start([scenario])
        defer { Task { await harness.stop() } }
        let input = try await harness.scanInput()
        let problems = ProblemScan.problems(in: input)
        #expect(problems.isEmpty, "healthy baseline shows: \(problems.prefix(10))")
        #expect((input["Pod"] ?? []).count >= 10)
        let storefront = try await harness.client.namespaced(Deployment.self, in: .named("okik-healthy")).get("storefront")
        #expect(storefront.status?.availableReplicas == 3)
        let jobs = try await harness.client.namespaced(Job.self, in: .named("okik-healthy")).list().items
        #expect(jobs.contains { $0.status?.succeeded == 1 })
        for scenario in BuiltInScenarios.problems {
            for symptom in scenario.symptoms ?? [] where symptom.namespace == nil && symptom.kind != "Node" {
                let objects = try await harness.objects(symptom.kind)
                #expect(!symptom.isShown(by: objects))
            }
        }
    }

    @Test func allScenariosTogetherShowEverySymptomThroughKubectl() async throws {
        let harness = try await ScenarioHarness.start(BuiltInScenarios.all)
        defer { Task { await harness.stop() } }
        let kubeconfig = FileManager.default.temporaryDirectory.appendingPathComponent("okik-scenarios-\(UUID().uuidString).yaml").path
        try harness.simulator.writeKubeconfig(to: kubeconfig)
        defer { try? FileManager.default.removeItem(atPath: kubeconfig) }
        var cache: [String: [JSONValue]] = [:]
        for scenario in BuiltInScenarios.problems {
            for symptom in scenario.symptoms ?? [] {
                if cache[symptom.kind] == nil { cache[symptom.kind] = try await harness.objects(symptom.kind) }
                #expect(symptom.isShown(by: cache[symptom.kind] ?? []), "\(scenario.name): \(symptom.path)")
                guard let viaKubectl = try harness.kubectlObjects(symptom.kind, kubeconfig: kubeconfig) else { continue }
                #expect(symptom.isShown(by: viaKubectl), "kubectl: \(scenario.name): \(symptom.path)")
            }
        }
    }

    @Test func rendererProducesRealManifests() throws {
        let crash = try ScenarioRenderer.yaml([try #require(BuiltInScenarios.named("crashloop"))])
        #expect(crash.contains("sleep 5; exit 1"))
        #expect(crash.contains("image: busybox:1.36"))
        #expect(!crash.contains("sim.okik.io"))
        #expect(!crash.contains("kind: Node"))
        let oom = try ScenarioRenderer.yaml([try #require(BuiltInScenarios.named("oom"))])
        #expect(oom.contains("tail /dev/zero"))
        let pull = ScenarioRenderer.objects([try #require(BuiltInScenarios.named("imagepull"))])
        #expect(pull.contains { $0["kind"] == "Deployment" })
        let all = try ScenarioRenderer.yaml(BuiltInScenarios.all)
        #expect(all.contains("node conditions are simulator-only"))
        #expect(all.components(separatedBy: "\n---\n").count > 30)
    }

    @Test func customScenarioFileFormat() throws {
        let scenario = try Scenario.parse(yaml: """
            name: my-service
            description: a custom scenario
            duration: 3m
            nodes:
              - {name: small, count: 2, cpu: "2", memory: 4Gi}
            workloads:
              - kind: Deployment
                name: api
                namespace: mine
                replicas: 2
                requests: {cpu: 100m, memory: 64Mi}
                behavior: crashloop
                cpu: periodic:100m-300m/5m
            symptoms:
              - {kind: Pod, namespace: mine, path: status.containerStatuses.*.restartCount, atLeast: 1}
            """)
        #expect(scenario.durationSeconds == 180)
        let objects = ScenarioBuilder.objects(for: [scenario], target: .simulator)
        #expect(objects.filter { $0["kind"] == "Node" }.count == 2)
        #expect(objects.contains { $0["kind"] == "Namespace" && $0.value(at: ["metadata", "name"]) == "mine" })
        #expect(throws: ScenarioError.self) { try Scenario.parse(yaml: "name: [unclosed") }
        #expect(throws: ScenarioError.self) { try Scenario.load("no-such-scenario") }
    }
}
