import Foundation
import OkikKubeClient
import OkikSimulator
import OkikTesting
import Testing

/// `listLenient` leaves out the items the typed model cannot decode and names each one; `list` still fails on them.
@Suite("Lenient lists")
struct LenientListTests {
    /// Writes a pod straight into the simulator's store, past the API's type checks, as a cluster whose objects
    /// the model does not expect would hold it.
    static func storePod(_ simulator: Simulator, _ name: String, container: JSONValue) async throws {
        let registry = simulator.store.registry
        let pods = try #require(registry.definition(apiVersion: "v1", kind: "Pod"))
        _ = try await simulator.store.create(pods, namespace: "default", object: [
            "apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string(name), "namespace": "default"],
            "spec": ["containers": [container]],
        ])
    }

    @Test func undecodableItemsAreLeftOutAndNamedAcrossPages() async throws {
        var configuration = fastRetries
        configuration.listPageSize = 4
        try await withSimulator(client: configuration) { simulator, client in
            for index in 0..<10 {
                let name = "pod-\(index)"
                switch index {
                case 2:
                    // A field of the wrong type: a port number written as a word.
                    try await Self.storePod(simulator, name, container: [
                        "name": "app", "image": "app:1", "ports": [["containerPort": "eighty"]],
                    ])
                case 6:
                    // A quantity the model cannot parse, on the second page.
                    try await Self.storePod(simulator, name, container: [
                        "name": "app", "image": "app:1", "resources": ["requests": ["cpu": "lots"]],
                    ])
                default:
                    try await Self.storePod(simulator, name, container: ["name": "app", "image": "app:1"])
                }
            }
            let pods = client.namespaced(Pod.self, in: .named("default"))
            // The strict list still fails as a whole, naming the first bad item.
            let error = try await #require(throws: KubeError.self) { try await pods.list() }
            #expect(error.code == .decoding)

            let lenient = try await pods.listLenient()
            #expect(lenient.items.map(\.name) == ["pod-0", "pod-1", "pod-3", "pod-4", "pod-5", "pod-7", "pod-8", "pod-9"])
            #expect(lenient.list.metadata.continue == nil)
            #expect(lenient.skipped.count == 2)
            let port = try #require(lenient.skipped.first)
            #expect(port.kind == "Pod" && port.namespace == "default" && port.name == "pod-2" && port.index == 2)
            #expect(port.path == "spec.containers[0].ports[0].containerPort", "\(port)")
            let cpu = try #require(lenient.skipped.last)
            #expect(cpu.kind == "Pod" && cpu.namespace == "default" && cpu.name == "pod-6")
            // Named by its index in the whole list, not in its page.
            #expect(cpu.index == 6)
            #expect(cpu.path == "spec.containers[0].resources.requests.cpu", "\(cpu)")
            #expect(cpu.reason.contains("lots"), "\(cpu.reason)")
            if case .dataCorrupted = cpu.error {} else { Issue.record("expected dataCorrupted, got \(cpu.error)") }
            #expect(cpu.description.hasPrefix("Pod default/pod-6: spec.containers[0].resources.requests.cpu: "), "\(cpu)")
        }
    }

    @Test func aCleanListIsTheSameAsTheStrictOne() async throws {
        var configuration = fastRetries
        configuration.listPageSize = 3
        try await withSimulator(client: configuration) { _, client in
            let maps = client.namespaced(ConfigMap.self, in: .named("default"))
            for index in 0..<8 {
                _ = try await maps.create(ConfigMap(metadata: ObjectMeta(name: "map-\(index)", namespace: "default"), data: ["n": "\(index)"]))
            }
            let strict = try await maps.list()
            let lenient = try await maps.listLenient()
            #expect(lenient.skipped.isEmpty)
            #expect(lenient.items.map(\.name) == strict.items.map(\.name))
            #expect(lenient.list.metadata.resourceVersion == strict.metadata.resourceVersion)
        }
    }
}
