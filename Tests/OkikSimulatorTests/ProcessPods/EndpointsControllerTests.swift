import Foundation
import OkikKubeClient
import OkikSimulator
import Testing

/// The Endpoints controller: Services with a selector get Endpoints listing their pods, with named target ports
/// resolved; Endpoints someone wrote by hand are never touched.
@Suite("Endpoints controller")
struct EndpointsControllerTests {
    static func service(_ name: String, selector: [String: String]?, targetPort: JSONValue) -> JSONValue {
        var spec: [String: JSONValue] = ["ports": [["name": "web", "port": 80, "targetPort": targetPort]]]
        if let selector { spec["selector"] = .object(selector.mapValues(JSONValue.string)) }
        return ["apiVersion": "v1", "kind": "Service", "metadata": ["name": .string(name), "namespace": "default"],
                "spec": .object(spec)]
    }

    /// A Deployment whose container declares port `http` 8080.
    static func deployment(_ name: String, replicas: Int) -> JSONValue {
        var json = SimulatedCluster.deployment(name, replicas: replicas)
        json["spec"]?["template"]?["spec"]?["containers"] = [[
            "name": .string(name), "image": "nginx:1.27", "ports": [["name": "http", "containerPort": 8080]],
        ]]
        return json
    }

    func endpoints(_ cluster: SimulatedCluster, _ name: String) async throws -> JSONValue? {
        try? await cluster.simulator.store.get(cluster.definition("v1", "Endpoints"), namespace: "default", name: name).json()
    }

    @Test func readyPodsBecomeAddressesWithTheNamedTargetPort() async throws {
        let cluster = try await SimulatedCluster.start()
        defer { Task { await cluster.simulator.stop() } }
        try await cluster.create(Self.service("web", selector: ["app": "web"], targetPort: "http"))
        await cluster.simulator.settle()
        #expect(try await endpoints(cluster, "web") == nil)
        try await cluster.create(Self.deployment("web", replicas: 2))
        await cluster.advance(30)
        let json = try #require(try await endpoints(cluster, "web"))
        #expect(json.value(at: ["metadata", "labels", "endpoints.okik.io/managed-by"])?.stringValue == "okik-simulator")
        let subset = try #require(json["subsets"]?.arrayValue?.first)
        #expect(subset["addresses"]?.arrayValue?.count == 2)
        #expect(subset["ports"] == [["name": "web", "port": 8080, "protocol": "TCP"]])
        #expect(subset["addresses"]?.arrayValue?.allSatisfy { $0["ip"]?.stringValue?.hasPrefix("10.244.") == true } == true)

        try await cluster.modify("apps/v1", "Deployment", "web") { $0["spec"]?["replicas"] = 1 }
        await cluster.advance(30)
        #expect(try await endpoints(cluster, "web")?["subsets"]?.arrayValue?.first?["addresses"]?.arrayValue?.count == 1)

        try await cluster.delete("v1", "Service", "web")
        #expect(try await endpoints(cluster, "web") == nil)
    }

    @Test func endpointsWrittenByHandAreLeftAlone() async throws {
        let cluster = try await SimulatedCluster.start()
        defer { Task { await cluster.simulator.stop() } }
        try await cluster.create(Self.service("okik-agent", selector: ["app": "web"], targetPort: 8000))
        let manual: JSONValue = [
            "apiVersion": "v1", "kind": "Endpoints", "metadata": ["name": "okik-agent", "namespace": "default"],
            "subsets": [["addresses": [["ip": "127.0.0.1"]], "ports": [["name": "web", "port": 41234]]]],
        ]
        try await cluster.create(manual)
        try await cluster.create(Self.deployment("web", replicas: 2))
        await cluster.advance(30)
        let json = try #require(try await endpoints(cluster, "okik-agent"))
        #expect(json["subsets"] == manual["subsets"])
        try await cluster.delete("v1", "Service", "okik-agent")
        #expect(try await endpoints(cluster, "okik-agent") != nil)
    }
}
