import Foundation
import OkikKubeClient
import OkikSimulator
import Testing

/// Opt-in (`OKIK_SERVER_BINARY=/path/to/okik-server`): the watchdog manifests of `Deploy/kustomize` applied to the
/// simulator run okik-server as a real process pod, which becomes Ready and answers through the service proxy.
@Suite("okik-server as a process pod", .serialized)
struct OkikServerProcessPodTests {
    static let binary = ProcessInfo.processInfo.environment["OKIK_SERVER_BINARY"].flatMap {
        FileManager.default.isExecutableFile(atPath: $0) ? $0 : nil
    }

    /// The repository root (three levels above this file's folder).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test(.enabled(if: binary != nil), .timeLimit(.minutes(2)))
    func theWatchdogManifestsRunOkikServer() async throws {
        let binary = try #require(Self.binary)
        let configuration = SimulatorConfiguration(
            runtime: .standard, processPods: ProcessPodConfiguration(executables: ["okik-server": binary]))
        try await SimulatorFixture.with(configuration) { fixture in
            let simulator = fixture.simulator
            let kustomize = Self.root.appendingPathComponent("Deploy/kustomize")
            let files = ["base/namespace.yaml", "base/control.yaml"]
                + ["deployment", "rbac", "serviceaccount", "storage"].map { "overlays/watchdog/\($0).yaml" }
            let objects = try files.flatMap { try ManifestLoader.load(path: kustomize.appendingPathComponent($0).path) }
            let extra: [JSONValue] = [
                SimulatedCluster.node("node-1", cpu: "4", memory: "16Gi"),
                ["apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
                 "metadata": ["name": "standard", "annotations": ["storageclass.kubernetes.io/is-default-class": "true"]],
                 "provisioner": "sim.okik.io/local"],
                ["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "okik-api-tokens", "namespace": "okik-system"],
                 "stringData": ["tokens": "admin:test:sekret-token-0123456789abcdef\n"]],
            ]
            let all = objects.map(\.object).sorted { ($0["kind"] == "Namespace" ? 0 : 1) < ($1["kind"] == "Namespace" ? 0 : 1) }
            for object in [extra[0], extra[1]] + all + [extra[2]] {
                let definition = try #require(simulator.store.registry.definition(
                    apiVersion: object["apiVersion"]?.stringValue ?? "", kind: object["kind"]?.stringValue ?? ""))
                try await simulator.store.create(
                    definition, namespace: object.value(at: ["metadata", "namespace"])?.stringValue, object: object)
            }
            let pods = "/api/v1/namespaces/okik-system/pods"
            func readyPod() async throws -> JSONValue? {
                try await simulator.http("GET", pods).json["items"]?.arrayValue?.first {
                    $0.value(at: ["status", "conditions"])?.arrayValue?
                        .contains { $0["type"] == "Ready" && $0["status"] == "True" } == true
                }
            }
            let became = try await ProcessPodTests.eventually(60) { try await readyPod() != nil }
            let items = try await simulator.http("GET", pods).json["items"]?.arrayValue ?? []
            var logs = ""
            for item in items {
                let name = item.value(at: ["metadata", "name"])?.stringValue ?? ""
                logs += try await simulator.http("GET", "\(pods)/\(name)/log").body
            }
            #expect(became, "pods: \(items.map { $0["status"] ?? .null }) logs: \(logs)")
            let health = try await simulator.http("GET", "/api/v1/namespaces/okik-system/services/http:okik-watchdog:8000/proxy/health")
            #expect(health.status == 200, "\(health.body)")
            // It reaches the API server with the pod's credentials: the watchdog reads the cluster's pods (the test
            // itself reads only okik-system's).
            let reads = try await ProcessPodTests.eventually(20) {
                simulator.requests.entries.contains { $0.method == "GET" && $0.path.hasPrefix("/api/v1/pods") }
            }
            #expect(reads, "requests: \(simulator.requests.entries.map(\.path)) logs: \(logs)")
        }
    }
}
