import Foundation
import OkikKubeClient
import OkikSimulator
import OkikTesting
import Testing

/// Manifest parsing, strict validation trees and the metrics source, without kubectl.
struct ManifestAndSchemaTests {
    @Test func parsesDocumentsAndExpandsLists() throws {
        let text = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: a}
            ---
            ---
            apiVersion: v1
            kind: List
            items:
            - {apiVersion: v1, kind: Secret, metadata: {name: b, namespace: shop}}
            - {apiVersion: apps/v1, kind: Deployment, metadata: {name: c}}
            """
        let manifests = try ManifestLoader.parse(text, source: "x.yaml")
        #expect(manifests.map(\.name) == ["a", "b", "c"])
        #expect(manifests.map(\.kind) == ["ConfigMap", "Secret", "Deployment"])
        #expect(manifests[1].namespace == "shop")
        #expect(manifests[2].group == "apps")
        #expect(manifests[1].source == "x.yaml#3 items[0]")
        #expect(throws: ManifestError.self) { try ManifestLoader.parse("kind: ConfigMap\nmetadata: {name: a}", source: "y") }
        #expect(throws: ManifestError.self) { try ManifestLoader.parse("apiVersion: v1\nkind: ConfigMap\n", source: "y") }
    }

    @Test func appliesManifestsThroughTheClient() async throws {
        try await Simulator.with { sim in
            let manifests = try ManifestLoader.parse(
                """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: cfg, namespace: shop}
                data: {a: "1"}
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: shop}
                ---
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w}
                """, source: "m.yaml")
            let outcomes = try await KubeClient.withClient(config: sim.kubeConfig, logger: SimulatorFixture.quietLogger) { client in
                await ManifestApplier(client: client).apply(manifests)
            }
            #expect(outcomes.map(\.reference) == ["namespace/shop", "configmap/cfg", "widget/w"])
            #expect(outcomes.map(\.succeeded) == [true, true, false])
            let stored = try await sim.http("GET", "/api/v1/namespaces/shop/configmaps/cfg")
            #expect(stored.json.value(at: ["metadata", "managedFields"])?.arrayValue?.first?["manager"]?.stringValue == "okikctl")
        }
    }

    @Test func strictValidationWalksEveryDepthAndLeavesUnmodelledSubtreesOpen() async throws {
        try await Simulator.with { sim in
            let path = "/apis/apps/v1/namespaces/default/deployments?fieldValidation=Strict"
            func deployment(_ podSpecExtra: String, _ specExtra: String = "") -> String {
                #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{\#(specExtra)"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{\#(podSpecExtra)"containers":[{"name":"c","image":"i","resources":{"limits":{"cpu":"1"}},"lifecycle":{"preStop":{}}}]}}}}"#
            }
            let typo = try await sim.http("POST", path, body: deployment(#""tolerationz":[],"#, #""paused":false,"replicass":1,"#))
            #expect(typo.status == 400)
            #expect(
                typo.json["message"]?.stringValue
                    == #"Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replicass", unknown field "spec.template.spec.tolerationz""#)
            let open = try await sim.http(
                "POST", path, body: deployment(#""affinity":{"x":{"y":1}},"securityContext":{"whatever":true},"volumes":[{"name":"v","nfs":{"server":"s"}}],"topologySpreadConstraints":[{"maxSkew":1}],"#))
            #expect(open.status == 201, "\(open.body)")
            let lenient = try await sim.http(
                "POST", "/apis/apps/v1/namespaces/default/deployments?fieldValidation=Ignore",
                body: deployment("", #""replicass":1,"#).replacingOccurrences(of: #""name":"d""#, with: #""name":"e""#))
            #expect(lenient.status == 201)
            let openapi = try await sim.http("GET", "/openapi/v3/apis/apps/v1")
            let schema = openapi.json.value(at: ["components", "schemas", "io.k8s.okik.apps.v1.Deployment", "properties", "spec", "properties", "replicas", "type"])
            #expect(schema?.stringValue == "integer")
        }
    }

    @Test func metricsAreServedReadOnly() async throws {
        try await Simulator.with { sim in
            try await sim.setPodMetrics(
                namespace: "default", name: "p", containers: [(name: "c", cpu: try Quantity("5m"), memory: try Quantity("1Mi"))])
            try await sim.setPodMetrics(
                namespace: "default", name: "p", containers: [(name: "c", cpu: try Quantity("7m"), memory: try Quantity("2Mi"))])
            let list = try await sim.http("GET", "/apis/metrics.k8s.io/v1beta1/namespaces/default/pods")
            #expect(list.json["kind"]?.stringValue == "PodMetricsList")
            let usage = list.json["items"]?.arrayValue?.first?["containers"]?.arrayValue?.first?["usage"]
            #expect(usage == ["cpu": "7m", "memory": "2Mi"])
            let write = try await sim.http(
                "POST", "/apis/metrics.k8s.io/v1beta1/namespaces/default/pods", body: #"{"metadata":{"name":"x"}}"#)
            #expect(write.status == 405)
            try await sim.removePodMetrics(namespace: "default", name: "p")
            let empty = try await sim.http("GET", "/apis/metrics.k8s.io/v1beta1/namespaces/default/pods")
            #expect(empty.json["items"]?.arrayValue?.isEmpty == true)
        }
    }
}
