import Foundation
import OkikKubeClient
import OkikSimulator
import Testing

/// The store and handler through HTTP: versions, conflicts, names, cascades, selectors, paging, watches, patches,
/// eviction and request errors.
struct ObjectStoreHTTPTests {
    static let configMaps = "/api/v1/namespaces/default/configmaps"

    static func configMap(_ name: String, labels: String = "{}", resourceVersion: String? = nil) -> String {
        let version = resourceVersion.map { #","resourceVersion":"\#($0)""# } ?? ""
        return #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"\#(name)","labels":\#(labels)\#(version)},"data":{"k":"v"}}"#
    }

    static func version(_ result: HTTPResult) -> Int {
        Int(result.json.value(at: ["metadata", "resourceVersion"])?.stringValue ?? "") ?? -1
    }

    @Test func resourceVersionsIncreaseAndStaleUpdatesConflict() async throws {
        try await Simulator.with { sim in
            var versions: [Int] = []
            for name in ["a", "b", "c"] {
                let created = try await sim.http("POST", Self.configMaps, body: Self.configMap(name))
                #expect(created.status == 201)
                versions.append(Self.version(created))
            }
            let first = try await sim.http("GET", "\(Self.configMaps)/a")
            let updated = try await sim.http(
                "PUT", "\(Self.configMaps)/a", body: Self.configMap("a", labels: #"{"x":"1"}"#, resourceVersion: String(Self.version(first))))
            #expect(updated.status == 200)
            versions.append(Self.version(updated))
            #expect(versions == versions.sorted() && Set(versions).count == versions.count, "\(versions)")

            let stale = try await sim.http(
                "PUT", "\(Self.configMaps)/a", body: Self.configMap("a", labels: #"{"x":"2"}"#, resourceVersion: String(Self.version(first))))
            #expect(stale.status == 409)
            #expect(stale.json["reason"]?.stringValue == "Conflict")
            #expect(stale.json["message"]?.stringValue?.contains("the object has been modified") == true)
            let list = try await sim.http("GET", Self.configMaps)
            #expect(Int(list.json.value(at: ["metadata", "resourceVersion"])?.stringValue ?? "") == versions.last)
        }
    }

    @Test func aSecretsStringDataIsMergedIntoDataOnEveryWrite() async throws {
        try await Simulator.with { sim in
            let secrets = "/api/v1/namespaces/default/secrets"
            let created = try await sim.http(
                "POST", secrets,
                body: #"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"data":{"a":"eA=="},"stringData":{"b":"hello"}}"#)
            #expect(created.status == 201)
            #expect(created.json["stringData"] == nil)
            #expect(created.json["data"]?["a"]?.stringValue == "eA==")
            #expect(created.json["data"]?["b"]?.stringValue == Data("hello".utf8).base64EncodedString())
            // A later write's stringData wins over data for its keys; the others stay.
            let patched = try await sim.http(
                "PATCH", "\(secrets)/s", body: #"{"stringData":{"a":"new"}}"#, contentType: "application/merge-patch+json")
            #expect(patched.status == 200, "\(patched.body)")
            #expect(patched.json["stringData"] == nil)
            #expect(patched.json["data"]?["a"]?.stringValue == Data("new".utf8).base64EncodedString())
            #expect(patched.json["data"]?["b"]?.stringValue == Data("hello".utf8).base64EncodedString())
        }
    }

    @Test func generateNameProducesAUniqueName() async throws {
        try await Simulator.with { sim in
            let body = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"generateName":"job-"}}"#
            let first = try await sim.http("POST", Self.configMaps, body: body)
            let second = try await sim.http("POST", Self.configMaps, body: body)
            let names = [first, second].compactMap { $0.json.value(at: ["metadata", "name"])?.stringValue }
            #expect(names.count == 2)
            #expect(names.allSatisfy { $0.hasPrefix("job-") && $0.count == "job-".count + 5 })
            #expect(names[0] != names[1])
        }
    }

    @Test func deletingADeploymentCascadesThroughOwnerReferences() async throws {
        try await Simulator.with { sim in
            let registry = sim.store.registry
            let deployments = try #require(registry.definition(apiVersion: "apps/v1", kind: "Deployment"))
            let replicaSets = try #require(registry.definition(apiVersion: "apps/v1", kind: "ReplicaSet"))
            let pods = try #require(registry.definition(apiVersion: "v1", kind: "Pod"))
            let template: JSONValue = ["metadata": ["labels": ["app": "web"]], "spec": ["containers": [["name": "c", "image": "i"]]]]
            let deployment = try await sim.store.create(
                deployments, namespace: "default",
                object: ["metadata": ["name": "web"], "spec": ["selector": ["matchLabels": ["app": "web"]], "template": template]])
            func owner(_ kind: String, _ object: StoredObject) -> JSONValue {
                [["apiVersion": "apps/v1", "kind": .string(kind), "name": .string(object.name), "uid": .string(object.uid), "controller": true]]
            }
            let replicaSet = try await sim.store.create(
                replicaSets, namespace: "default",
                object: [
                    "metadata": ["name": "web-1", "ownerReferences": owner("Deployment", deployment)],
                    "spec": ["selector": ["matchLabels": ["app": "web"]], "template": template],
                ])
            try await sim.store.create(
                pods, namespace: "default",
                object: [
                    "metadata": ["name": "web-1-abcde", "ownerReferences": owner("ReplicaSet", replicaSet)],
                    "spec": ["containers": [["name": "c", "image": "i"]]],
                ])
            let deleted = try await sim.http("DELETE", "/apis/apps/v1/namespaces/default/deployments/web")
            #expect(deleted.status == 200)
            #expect(try await sim.http("GET", "/apis/apps/v1/namespaces/default/replicasets/web-1").status == 404)
            #expect(try await sim.http("GET", "/api/v1/namespaces/default/pods/web-1-abcde").status == 404)
        }
    }

    @Test func deletingANamespaceRemovesItsContents() async throws {
        try await Simulator.with { sim in
            #expect(try await sim.http("POST", "/api/v1/namespaces", body: #"{"metadata":{"name":"shop"}}"#).status == 201)
            #expect(try await sim.http("POST", "/api/v1/namespaces/shop/configmaps", body: Self.configMap("cfg")).status == 201)
            #expect(try await sim.http("POST", Self.configMaps, body: Self.configMap("keep")).status == 201)
            #expect(try await sim.http("DELETE", "/api/v1/namespaces/shop").status == 200)
            #expect(try await sim.http("GET", "/api/v1/namespaces/shop/configmaps/cfg").status == 404)
            #expect(try await sim.http("GET", "\(Self.configMaps)/keep").status == 200)
            let missing = try await sim.http("POST", "/api/v1/namespaces/shop/configmaps", body: Self.configMap("again"))
            #expect(missing.status == 404)
        }
    }

    @Test func labelAndFieldSelectors() async throws {
        try await Simulator.with { sim in
            let labels = [#"{"tier":"front","env":"prod"}"#, #"{"tier":"back","env":"prod"}"#, #"{"tier":"back"}"#]
            for (index, set) in labels.enumerated() {
                _ = try await sim.http("POST", Self.configMaps, body: Self.configMap("cm-\(index)", labels: set))
            }
            func names(_ query: String) async throws -> [String] {
                let result = try await sim.http("GET", "\(Self.configMaps)?\(query)")
                return (result.json["items"]?.arrayValue ?? []).compactMap { $0.value(at: ["metadata", "name"])?.stringValue }
            }
            #expect(try await names("labelSelector=tier%3Dback") == ["cm-1", "cm-2"])
            #expect(try await names("labelSelector=tier+in+%28front%2Cback%29%2Cenv") == ["cm-0", "cm-1"])
            #expect(try await names("labelSelector=env+notin+%28prod%29") == ["cm-2"])
            #expect(try await names("labelSelector=%21env") == ["cm-2"])
            #expect(try await names("labelSelector=tier%21%3Dback") == ["cm-0"])
            #expect(try await names("fieldSelector=metadata.name%3Dcm-1") == ["cm-1"])
            #expect(try await names("fieldSelector=metadata.name%21%3Dcm-1") == ["cm-0", "cm-2"])
            let unknown = try await sim.http("GET", "\(Self.configMaps)?fieldSelector=data.k%3Dv")
            #expect(unknown.status == 400)
            #expect(unknown.json["message"]?.stringValue == #""data.k" is not a known field selector: only "metadata.name", "metadata.namespace""#)
        }
    }

    @Test func pagesComeFromOneSnapshot() async throws {
        try await Simulator.with { sim in
            for index in 0..<5 { _ = try await sim.http("POST", Self.configMaps, body: Self.configMap("cm-\(index)")) }
            let first = try await sim.http("GET", "\(Self.configMaps)?limit=2")
            let token = try #require(first.json.value(at: ["metadata", "continue"])?.stringValue)
            #expect(first.json.value(at: ["metadata", "remainingItemCount"])?.intValue == 3)
            _ = try await sim.http("POST", Self.configMaps, body: Self.configMap("cm-9-new"))
            _ = try await sim.http("POST", Self.configMaps, body: Self.configMap("aaa-new"))
            var names = (first.json["items"]?.arrayValue ?? []).compactMap { $0.value(at: ["metadata", "name"])?.stringValue }
            var next: String? = token
            var versions = Set([first.json.value(at: ["metadata", "resourceVersion"])?.stringValue ?? ""])
            while let current = next {
                let escaped = current.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? current
                let page = try await sim.http("GET", "\(Self.configMaps)?limit=2&continue=\(escaped)")
                #expect(page.status == 200)
                names += (page.json["items"]?.arrayValue ?? []).compactMap { $0.value(at: ["metadata", "name"])?.stringValue }
                versions.insert(page.json.value(at: ["metadata", "resourceVersion"])?.stringValue ?? "")
                next = page.json.value(at: ["metadata", "continue"])?.stringValue
            }
            #expect(names == ["cm-0", "cm-1", "cm-2", "cm-3", "cm-4"])
            #expect(versions.count == 1)
        }
    }

    @Test func watchResumesFromAVersionAndRejectsExpiredOnes() async throws {
        try await Simulator.with(SimulatorConfiguration(watchHistoryLimit: 4)) { sim in
            var versions: [Int] = []
            for index in 0..<8 {
                versions.append(Self.version(try await sim.http("POST", Self.configMaps, body: Self.configMap("cm-\(index)"))))
            }
            let resumed = try await sim.http(
                "GET", "\(Self.configMaps)?watch=true&timeoutSeconds=1&resourceVersion=\(versions[5])")
            #expect(resumed.status == 200)
            let events = resumed.lines
            #expect(events.map { $0["type"]?.stringValue ?? "" } == ["ADDED", "ADDED"])
            #expect(events.compactMap { $0.value(at: ["object", "metadata", "name"])?.stringValue } == ["cm-6", "cm-7"])

            let expired = try await sim.http("GET", "\(Self.configMaps)?watch=true&timeoutSeconds=1&resourceVersion=\(versions[0])")
            #expect(expired.status == 410)
            #expect(expired.json["reason"]?.stringValue == "Expired")
            #expect(expired.json["message"]?.stringValue?.hasPrefix("too old resource version: \(versions[0])") == true)
        }
    }

    @Test func strategicMergeMergesContainersByName() async throws {
        try await Simulator.with { sim in
            let pod = #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:1"}]}}"#
            #expect(try await sim.http("POST", "/api/v1/namespaces/default/pods", body: pod).status == 201)
            let patched = try await sim.http(
                "PATCH", "/api/v1/namespaces/default/pods/p", body: #"{"spec":{"containers":[{"name":"b","image":"b:2"}]}}"#,
                contentType: "application/strategic-merge-patch+json")
            #expect(patched.status == 200)
            let containers = patched.json.value(at: ["spec", "containers"])?.arrayValue ?? []
            #expect(containers.map { $0["name"]?.stringValue ?? "" } == ["a", "b"])
            #expect(containers.map { $0["image"]?.stringValue ?? "" } == ["a:1", "b:2"])
            let merge = try await sim.http(
                "PATCH", "/api/v1/namespaces/default/pods/p", body: #"{"spec":{"containers":[{"name":"c","image":"c:1"}]}}"#,
                contentType: "application/merge-patch+json")
            #expect(merge.json.value(at: ["spec", "containers"])?.arrayValue?.count == 1)
        }
    }

    @Test func evictionBlockedByABudgetIs429() async throws {
        try await Simulator.with { sim in
            let pod = #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"app":"db"}},"spec":{"containers":[{"name":"a","image":"a"}]}}"#
            #expect(try await sim.http("POST", "/api/v1/namespaces/default/pods", body: pod).status == 201)
            let budget = #"{"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"db"},"spec":{"minAvailable":1,"selector":{"matchLabels":{"app":"db"}}}}"#
            #expect(try await sim.http("POST", "/apis/policy/v1/namespaces/default/poddisruptionbudgets", body: budget).status == 201)
            // A running, ready pod: a Pending one would be deleted without asking its budget.
            let pods = try #require(sim.store.registry.definition(apiVersion: "v1", kind: "Pod"))
            try await sim.store.modifyAll(pods, namespace: "default", name: "p") { json in
                json["status"] = ["phase": "Running", "conditions": [["type": "Ready", "status": "True"]]]
            }
            let definition = try #require(sim.store.registry.definition(apiVersion: "policy/v1", kind: "PodDisruptionBudget"))
            try await sim.store.modifyAll(definition, namespace: "default", name: "db") { json in
                json["status"] = ["disruptionsAllowed": 0, "desiredHealthy": 1, "currentHealthy": 1]
            }
            let eviction = #"{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"p","namespace":"default"}}"#
            let refused = try await sim.http("POST", "/api/v1/namespaces/default/pods/p/eviction", body: eviction)
            #expect(refused.status == 429)
            #expect(refused.json["message"]?.stringValue == "Cannot evict pod as it would violate the pod's disruption budget.")
            #expect(refused.json.value(at: ["details", "causes"])?.arrayValue?.first?["reason"]?.stringValue == "DisruptionBudget")
            #expect(try await sim.http("GET", "/api/v1/namespaces/default/pods/p").status == 200)
        }
    }

    @Test func badBodiesGetStatusErrors() async throws {
        try await Simulator.with(SimulatorConfiguration(maxRequestBodyBytes: 2048)) { sim in
            let malformed = try await sim.http("POST", Self.configMaps, body: #"{"metadata": {"name": "x""#)
            #expect(malformed.status == 400)
            #expect(malformed.json["kind"]?.stringValue == "Status")
            let badYAML = try await sim.http("POST", Self.configMaps, body: "metadata: [unclosed", contentType: "application/yaml")
            #expect(badYAML.status == 400)
            #expect(badYAML.json["reason"]?.stringValue == "BadRequest")
            let big = Self.configMap("big").replacingOccurrences(of: #""k":"v""#, with: #""k":"\#(String(repeating: "x", count: 4096))""#)
            let tooLarge = try await sim.http("POST", Self.configMaps, body: big)
            #expect(tooLarge.status == 413)
            #expect(tooLarge.json["reason"]?.stringValue == "RequestEntityTooLarge")
            let wrongKind = try await sim.http("POST", Self.configMaps, body: #"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"}}"#)
            #expect(wrongKind.status == 400)
            let wrongVersion = try await sim.http(
                "POST", Self.configMaps, body: #"{"apiVersion":"apps/v1","kind":"ConfigMap","metadata":{"name":"s"}}"#)
            #expect(wrongVersion.status == 400)
            let protobuf = try await sim.http("POST", Self.configMaps, body: "\u{0}k8s", contentType: "application/vnd.kubernetes.protobuf")
            #expect(protobuf.status == 415)
        }
    }
}
