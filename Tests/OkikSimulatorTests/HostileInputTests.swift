import Foundation
import OkikKubeClient
import OkikSimulator
import OkikTesting
import Testing

/// Input meant to hurt, or just wrong: YAML alias bombs at every YAML entry point of the simulator, oversized bodies,
/// writes that would change an object's identity or put a string where a number goes, and bad write options.
@Suite struct HostileInputTests {
    /// Nine levels of nine aliases: about 700 bytes that stand for 387 million strings.
    static let billionLaughs = """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: lol}
        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
        e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
        f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
        g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
        h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
        data: {bomb: *h}

        """

    // MARK: - YAML alias bombs

    @Test func yamlRequestBodiesWithAliasBombsAreRefused() async throws {
        try await Simulator.with { sim in
            let created = try await sim.http(
                "POST", "/api/v1/namespaces/default/configmaps", body: Self.billionLaughs, contentType: "application/yaml")
            #expect(created.status == 400, "\(created.body)")
            #expect(created.json["reason"] == "BadRequest")
            #expect(created.json["message"]?.stringValue?.contains("SafeYAML.Limits.maxAliasExpansions") == true)
            let applied = try await sim.http(
                "PATCH", "/api/v1/namespaces/default/configmaps/lol?fieldManager=test", body: Self.billionLaughs,
                contentType: "application/apply-patch+yaml")
            #expect(applied.status == 400, "\(applied.body)")
            #expect(applied.json["message"]?.stringValue?.contains("alias expansions") == true)
            // Ordinary YAML with an anchor still works.
            let anchored = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok, labels: &l {app: web}}\ndata: {copy: x}\n"
            let fine = try await sim.http(
                "POST", "/api/v1/namespaces/default/configmaps", body: anchored, contentType: "application/yaml")
            #expect(fine.status == 201, "\(fine.body)")
        }
    }

    @Test func manifestFilesWithAliasBombsAreRefused() throws {
        // What `okikctl sim apply -f` reads.
        let error = #expect(throws: ManifestError.self) {
            try ManifestLoader.parse(Self.billionLaughs, source: "bomb.yaml")
        }
        #expect(error?.source == "bomb.yaml")
        #expect(error?.message.contains("SafeYAML.Limits.maxAliasExpansions") == true)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("okik-bomb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("bomb.yaml")
        try Self.billionLaughs.write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: ManifestError.self) { try ManifestLoader.load(path: directory.path) }
    }

    @Test func scenarioFilesWithAliasBombsAreRefused() throws {
        // What `okikctl sim start --scenario FILE` and `okikctl optimise --sim FILE` load.
        let scenario = Self.billionLaughs.replacingOccurrences(
            of: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\n", with: "name: bomb\ndescription: x\n")
        let error = #expect(throws: ScenarioError.self) { try Scenario.parse(yaml: scenario) }
        #expect(error?.message.contains("SafeYAML.Limits.maxAliasExpansions") == true)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("okik-bomb-\(UUID().uuidString).yaml")
        try scenario.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(throws: ScenarioError.self) { try Scenario.load(file.path) }
    }

    // MARK: - Request size

    @Test func bodiesPastThreeMebibytesAre413() async throws {
        try await Simulator.with { sim in
            #expect(sim.configuration.maxRequestBodyBytes == 3 * 1024 * 1024)
            let path = "/api/v1/namespaces/default/configmaps"
            func configMap(_ name: String, size: Int) -> String {
                let padding = String(repeating: "x", count: size - 80)
                return #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"\#(name)"},"data":{"k":"\#(padding)"}}"#
            }
            let fits = try await sim.http("POST", path, body: configMap("fits", size: 3 * 1024 * 1024 - 1024))
            #expect(fits.status == 201)
            let tooBig = configMap("big", size: 3 * 1024 * 1024 + 1024)
            for (method, target, type) in [
                ("POST", path, "application/json"), ("PUT", path + "/fits", "application/json"),
                ("PATCH", path + "/fits", "application/merge-patch+json"), ("POST", path, "application/yaml"),
                ("DELETE", path + "/fits", "application/json"),
                ("POST", "/api/v1/namespaces/default/pods/p/eviction", "application/json"),
            ] {
                let response = try await sim.http(method, target, body: tooBig, contentType: type)
                #expect(response.status == 413, "\(method) \(target): \(response.status)")
                #expect(response.json["kind"] == "Status")
                #expect(response.json["reason"] == "RequestEntityTooLarge")
                #expect(response.json["message"] == "Request entity too large: limit is 3145728")
            }
            #expect(try await sim.http("GET", path + "/fits").status == 200)
        }
    }

    // MARK: - Identity

    static let deployments = "/apis/apps/v1/namespaces/default/deployments"

    static let deployment = #"""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web"}},
         "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
                 "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx:1.27"}]}}}}
        """#

    @Test(arguments: [
        // (content type, patch, status, message start)
        ("application/merge-patch+json", #"{"metadata":{"name":"other"}}"#, 400,
         "the name of the object (other) does not match the name on the URL (web)"),
        ("application/strategic-merge-patch+json", #"{"metadata":{"name":"other"}}"#, 400,
         "the name of the object (other) does not match the name on the URL (web)"),
        ("application/json-patch+json", #"[{"op":"replace","path":"/metadata/name","value":"other"}]"#, 400,
         "the name of the object (other) does not match the name on the URL (web)"),
        ("application/json-patch+json", #"[{"op":"replace","path":"/metadata/namespace","value":"kube-system"}]"#, 400,
         "the namespace of the object (kube-system) does not match the namespace on the request (default)"),
        ("application/merge-patch+json", #"{"kind":"Service"}"#, 422, #"Deployment.apps "web" is invalid: patch"#),
        ("application/merge-patch+json", #"{"apiVersion":"apps/v1beta1"}"#, 422, #"Deployment.apps "web" is invalid: patch"#),
        ("application/json-patch+json", #"[{"op":"remove","path":"/kind"}]"#, 422, #"Deployment.apps "web" is invalid: patch"#),
        ("application/apply-patch+yaml", #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"other"}}"#, 400,
         "the name of the object (other) does not match the name on the URL (web)"),
        ("application/apply-patch+yaml", #"{"apiVersion":"v1","kind":"Deployment","metadata":{"name":"web"}}"#, 400,
         "the API version in the data (v1) does not match the expected API version (apps/v1)"),
    ])
    func patchesCannotChangeIdentity(_ type: String, _ patch: String, _ status: Int, _ message: String) async throws {
        try await Simulator.with { sim in
            #expect(try await sim.http("POST", Self.deployments, body: Self.deployment).status == 201)
            let revision = await sim.store.currentRevision
            let response = try await sim.http(
                "PATCH", Self.deployments + "/web?fieldManager=test", body: patch, contentType: type)
            #expect(response.status == status, "\(response.body)")
            #expect(response.json["message"]?.stringValue?.hasPrefix(message) == true, "\(response.body)")
            #expect(await sim.store.currentRevision == revision)
        }
    }

    @Test func updatesCannotChangeIdentity() async throws {
        try await Simulator.with { sim in
            #expect(try await sim.http("POST", Self.deployments, body: Self.deployment).status == 201)
            let cases: [(String, String)] = [
                (Self.deployment.replacingOccurrences(of: #""name":"web","labels""#, with: #""name":"other","labels""#),
                 "the name of the object (other) does not match the name on the URL (web)"),
                (Self.deployment.replacingOccurrences(of: #""name":"web","labels""#, with: #""name":"web","namespace":"kube-system","labels""#),
                 "the namespace of the object (kube-system) does not match the namespace on the request (default)"),
                (Self.deployment.replacingOccurrences(of: #""kind":"Deployment""#, with: #""kind":"StatefulSet""#),
                 #"StatefulSet in version "v1" cannot be handled as a Deployment"#),
                (Self.deployment.replacingOccurrences(of: #""apiVersion":"apps/v1""#, with: #""apiVersion":"apps/v1beta2""#),
                 "the API version in the data (apps/v1beta2) does not match the expected API version (apps/v1)"),
            ]
            for (body, message) in cases {
                let response = try await sim.http("PUT", Self.deployments + "/web", body: body)
                #expect(response.status == 400, "\(response.body)")
                #expect(response.json["message"]?.stringValue?.hasPrefix(message) == true, "\(response.body)")
            }
            #expect(try await sim.http("GET", Self.deployments + "/web").json.value(at: ["metadata", "name"]) == "web")
        }
    }

    // MARK: - Field types

    @Test func wrongFieldTypesAreRefusedNamingTheField() async throws {
        try await Simulator.with { sim in
            let many = Self.deployment.replacingOccurrences(of: #""replicas":2"#, with: #""replicas":"many""#)
            let created = try await sim.http("POST", Self.deployments, body: many)
            #expect(created.status == 400, "\(created.body)")
            #expect(created.json["reason"] == "BadRequest")
            #expect(created.json["message"]
                == #"Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field spec.replicas of type integer"#)
            let cause = created.json.value(at: ["details", "causes"])?.arrayValue?.first
            #expect(cause?["field"] == "spec.replicas")
            #expect(cause?["reason"] == "FieldValueInvalid")

            #expect(try await sim.http("POST", Self.deployments, body: Self.deployment).status == 201)
            let put = try await sim.http("PUT", Self.deployments + "/web", body: many)
            #expect(put.status == 400)
            #expect(put.json.value(at: ["details", "causes"])?.arrayValue?.first?["field"] == "spec.replicas")

            for type in ["application/merge-patch+json", "application/strategic-merge-patch+json"] {
                let patched = try await sim.http(
                    "PATCH", Self.deployments + "/web", body: #"{"spec":{"replicas":"many"}}"#, contentType: type)
                #expect(patched.status == 422, "\(patched.body)")
                #expect(patched.json["reason"] == "Invalid")
                #expect(patched.json["message"] == #"Deployment.apps "web" is invalid: spec.replicas: Invalid value: "many": must be of type integer"#)
                #expect(patched.json.value(at: ["details", "causes"])?.arrayValue?.first?["field"] == "spec.replicas")
            }
            let applied = try await sim.http(
                "PATCH", Self.deployments + "/web?fieldManager=test",
                body: #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":"many"}}"#,
                contentType: "application/apply-patch+yaml")
            #expect(applied.status == 400, "\(applied.body)")
            #expect(applied.json["message"]?.stringValue?.contains(".spec.replicas: expected integer, got string") == true)

            // Deeper fields, lists and maps: a container port as a string, a label value as a number.
            let port = Self.deployment.replacingOccurrences(of: #""image":"nginx:1.27""#, with: #""image":"nginx:1.27","ports":[{"containerPort":"http"}]"#)
            let portResponse = try await sim.http("POST", Self.deployments, body: port.replacingOccurrences(of: #""name":"web","labels""#, with: #""name":"web2","labels""#))
            #expect(portResponse.json.value(at: ["details", "causes"])?.arrayValue?.first?["field"]
                == "spec.template.spec.containers[0].ports[0].containerPort")
            let label = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"version":2}}}"#
            let labelResponse = try await sim.http("POST", "/api/v1/namespaces/default/configmaps", body: label)
            #expect(labelResponse.status == 400)
            #expect(labelResponse.json.value(at: ["details", "causes"])?.arrayValue?.first?["field"] == "metadata.labels[version]")
            #expect(try await sim.http("GET", Self.deployments + "/web").json.value(at: ["spec", "replicas"]) == 2)
        }
    }

    /// Objects captured from real clusters pass the type check (the schema is not stricter than the API).
    @Test func realObjectsPassTheTypeCheck() async throws {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("OkikKubeClientTests/Fixtures")
        let files = (FileManager.default.enumerator(atPath: fixtures.path)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".json") }.sorted()
        #expect(files.count > 10)
        try await Simulator.with { sim in
            var checked = 0
            for file in files {
                let object = try JSONValue.parse(try Data(contentsOf: fixtures.appendingPathComponent(file)))
                guard let kind = object["kind"]?.stringValue, let apiVersion = object["apiVersion"]?.stringValue,
                    let definition = sim.store.registry.definition(apiVersion: apiVersion, kind: kind), !definition.readOnly
                else { continue }
                if let namespace = object.value(at: ["metadata", "namespace"])?.stringValue {
                    _ = try? await sim.store.create(
                        sim.store.registry.definition(apiVersion: "v1", kind: "Namespace")!, namespace: nil,
                        object: ["metadata": ["name": .string(namespace)]])
                }
                let path = definition.namespaced
                    ? "/\(definition.group.isEmpty ? "api" : "apis/\(definition.group)")/\(definition.version)/namespaces/\(object.value(at: ["metadata", "namespace"])?.stringValue ?? "default")/\(definition.plural)"
                    : "/\(definition.group.isEmpty ? "api" : "apis/\(definition.group)")/\(definition.version)/\(definition.plural)"
                var body = object
                body["metadata"]?["resourceVersion"] = nil
                let response = try await sim.http(
                    "POST", path + "?dryRun=All", body: String(decoding: try JSONEncoder().encode(body), as: UTF8.self))
                let refused = response.status == 400 && response.body.contains("cannot unmarshal")
                #expect(!refused, "\(file): \(response.body)")
                checked += 1
            }
            #expect(checked > 10)
        }
    }

    // MARK: - Write options

    @Test func dryRunAndFieldValidationTakeOnlyTheirValues() async throws {
        try await Simulator.with { sim in
            let configMaps = "/api/v1/namespaces/default/configmaps"
            let body = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}}"#
            let badDryRun = try await sim.http("POST", configMaps + "?dryRun=Yes", body: body)
            #expect(badDryRun.status == 422, "\(badDryRun.body)")
            #expect(badDryRun.json["message"]
                == #"CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"Yes"}: supported values: "All""#)
            #expect(badDryRun.json.value(at: ["details", "causes"])?.arrayValue?.first?["field"] == "dryRun")
            let badValidation = try await sim.http("POST", configMaps + "?fieldValidation=Loose", body: body)
            #expect(badValidation.status == 422, "\(badValidation.body)")
            #expect(badValidation.json["message"]?.stringValue?.hasPrefix(
                #"CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "Loose""#) == true)
            for value in ["Ignore", "Warn", "Strict", ""] {
                let name = "c-\(value.isEmpty ? "default" : value.lowercased())"
                let response = try await sim.http(
                    "POST", configMaps + "?fieldValidation=\(value)", body: body.replacingOccurrences(of: #""c""#, with: "\"\(name)\""))
                #expect(response.status == 201, "\(value): \(response.body)")
            }
            let badDelete = try await sim.http("DELETE", configMaps + "/c-strict?dryRun=none")
            #expect(badDelete.status == 422)
            #expect(badDelete.json["message"]?.stringValue?.hasPrefix(#"DeleteOptions.meta.k8s.io "" is invalid"#) == true)
            let badPatch = try await sim.http(
                "PATCH", configMaps + "/c-strict?dryRun=all", body: "{}", contentType: "application/merge-patch+json")
            #expect(badPatch.status == 422)
            #expect(badPatch.json["message"]?.stringValue?.hasPrefix(#"PatchOptions.meta.k8s.io "" is invalid"#) == true)
            #expect(try await sim.http("GET", configMaps + "/c-strict").status == 200)
        }
    }

    @Test func aDryRunNeverWrites() async throws {
        try await Simulator.with { sim in
            #expect(try await sim.http("POST", Self.deployments, body: Self.deployment).status == 201)
            let namespace = #"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"shop"}}"#
            #expect(try await sim.http("POST", "/api/v1/namespaces", body: namespace).status == 201)
            let before = await sim.store.currentRevision
            let object = try await sim.http("GET", Self.deployments + "/web").body
            let changed = Self.deployment.replacingOccurrences(of: #""replicas":2"#, with: #""replicas":5"#)
            let writes: [(String, String, String?, String)] = [
                ("POST", Self.deployments, Self.deployment.replacingOccurrences(of: #""name":"web","labels""#, with: #""name":"new","labels""#), "application/json"),
                ("PUT", Self.deployments + "/web", changed, "application/json"),
                ("PATCH", Self.deployments + "/web", #"{"spec":{"replicas":7}}"#, "application/merge-patch+json"),
                ("PATCH", Self.deployments + "/web", #"{"spec":{"replicas":7}}"#, "application/strategic-merge-patch+json"),
                ("PATCH", Self.deployments + "/web", #"[{"op":"replace","path":"/spec/replicas","value":7}]"#, "application/json-patch+json"),
                ("PATCH", Self.deployments + "/web?fieldManager=t", changed, "application/apply-patch+yaml"),
                ("PATCH", Self.deployments + "/new?fieldManager=t", changed.replacingOccurrences(of: #""name":"web","labels""#, with: #""name":"new","labels""#), "application/apply-patch+yaml"),
                ("PUT", Self.deployments + "/web/scale", #"{"apiVersion":"autoscaling/v1","kind":"Scale","metadata":{"name":"web"},"spec":{"replicas":9}}"#, "application/json"),
                ("PATCH", Self.deployments + "/web/scale", #"{"spec":{"replicas":9}}"#, "application/merge-patch+json"),
                ("PATCH", Self.deployments + "/web/status", #"{"status":{"replicas":9}}"#, "application/merge-patch+json"),
                ("DELETE", Self.deployments + "/web", nil, "application/json"),
                ("DELETE", "/api/v1/namespaces/shop", nil, "application/json"),
            ]
            for (method, path, body, type) in writes {
                let separator = path.contains("?") ? "&" : "?"
                let response = try await sim.http(method, path + separator + "dryRun=All", body: body, contentType: type)
                #expect((200..<300).contains(response.status), "\(method) \(path): \(response.body)")
            }
            // kubectl delete --dry-run=server puts dryRun in the DeleteOptions body.
            let options = #"{"kind":"DeleteOptions","apiVersion":"v1","dryRun":["All"],"propagationPolicy":"Background"}"#
            #expect(try await sim.http("DELETE", Self.deployments + "/web", body: options).status == 200)
            let badOptions = try await sim.http("DELETE", Self.deployments + "/web", body: #"{"dryRun":["Some"]}"#)
            #expect(badOptions.status == 422, "\(badOptions.body)")
            #expect(await sim.store.currentRevision == before)
            #expect(try await sim.http("GET", Self.deployments + "/web").body == object)
            #expect(try await sim.http("GET", Self.deployments + "/new").status == 404)
        }
    }

    // MARK: - Evictions

    @Test func evictionBodiesMustBeAnEvictionOfThePod() async throws {
        try await Simulator.with { sim in
            let pod = #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"a","image":"a"}]}}"#
            #expect(try await sim.http("POST", "/api/v1/namespaces/default/pods", body: pod).status == 201)
            let path = "/api/v1/namespaces/default/pods/p/eviction"
            let cases: [(String?, Int, String)] = [
                (#"{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"q"}}"#, 400,
                 "name in URL does not match name in Eviction object"),
                (#"{"apiVersion":"policy/v1","kind":"Eviction","metadata":{}}"#, 400,
                 "name in URL does not match name in Eviction object"),
                (#"{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"p","namespace":"other"}}"#, 400,
                 "the namespace of the provided object does not match the namespace sent on the request"),
                (#"{"apiVersion":"v1","kind":"DeleteOptions","metadata":{"name":"p"}}"#, 400,
                 #"DeleteOptions in version "v1" cannot be handled as a Eviction"#),
                (#"{"apiVersion":"v1","kind":"Eviction","metadata":{"name":"p"}}"#, 400,
                 "the API version in the data (v1) does not match the expected API version (policy/v1)"),
                (#"{"metadata":{"name":"p"}}"#, 400, "Object 'Kind' is missing"),
                (nil, 400, "Object 'Kind' is missing"),
                (#"{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"p"},"deleteOptions":{"dryRun":["Now"]}}"#, 422,
                 #"DeleteOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value"#),
            ]
            for (body, status, message) in cases {
                let response = try await sim.http("POST", path, body: body)
                #expect(response.status == status, "\(body ?? "no body"): \(response.body)")
                #expect(response.json["message"]?.stringValue?.hasPrefix(message) == true, "\(response.body)")
            }
            #expect(try await sim.http("GET", "/api/v1/namespaces/default/pods/p").status == 200)
            let v1beta1 = #"{"apiVersion":"policy/v1beta1","kind":"Eviction","metadata":{"name":"p","namespace":"default"}}"#
            #expect(try await sim.http("POST", path, body: v1beta1).status == 201)
            #expect(try await sim.http("GET", "/api/v1/namespaces/default/pods/p").status == 404)
        }
    }
}
