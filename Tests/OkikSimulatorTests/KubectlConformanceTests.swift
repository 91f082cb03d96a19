import Foundation
import OkikKubeClient
import OkikSimulator
import OkikTesting
import Testing
import Yams

/// The real kubectl against the simulator: each case runs kubectl and checks what it printed.
// Serialized: kubectl runs are heavy on a 2-core machine, and one at a time keeps their timeouts meaningful.
@Suite(.serialized, .enabled(if: Kubectl.isAvailable, "kubectl is not on PATH; the kubectl conformance suite is skipped"))
struct KubectlConformanceTests {
    static let deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels: {app: web, tier: front}
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: web
                image: nginx:1.27
                ports: [{containerPort: 80}]
              - name: sidecar
                image: envoy:1.30
        """

    static func pod(_ name: String, labels: String = "{app: web}", phase: String = "Running") -> String {
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: \(name), labels: \(labels)}
        spec:
          nodeName: node-1
          containers: [{name: main, image: busybox:1.36}]
        status:
          phase: \(phase)
        """
    }

    static let node = """
        apiVersion: v1
        kind: Node
        metadata:
          name: node-1
          labels: {node-role.kubernetes.io/worker: ""}
        status:
          capacity: {cpu: "4", memory: 8Gi}
          allocatable: {cpu: "4", memory: 8Gi}
          conditions: [{type: Ready, status: "True"}]
          addresses: [{type: InternalIP, address: 10.0.0.11}]
          nodeInfo: {kubeletVersion: v1.32.0, osImage: Ubuntu 24.04 LTS, kernelVersion: 6.8.0, containerRuntimeVersion: containerd://1.7.22}
        """

    /// The lines of a table, with columns split on runs of spaces.
    static func rows(_ output: String) -> [[String]] {
        output.split(separator: "\n").map { line in
            line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        }
    }

    // MARK: - get

    @Test func getPrintsTheServerTable() async throws {
        try await SimulatorFixture.with { fx in
            #expect(try await fx.kubectl("create", "-f", "-", stdin: Self.deployment).succeeded)
            let result = try await fx.kubectl("get", "deployments")
            #expect(result.succeeded, "\(result)")
            let rows = Self.rows(result.stdout)
            #expect(rows.first == ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"])
            #expect(rows.count == 2)
            #expect(Array(rows[1].prefix(4)) == ["web", "0/2", "0", "0"])

            let wide = try await fx.kubectl("get", "deployment", "web", "-o", "wide")
            #expect(wide.stdout.contains("CONTAINERS"))
            #expect(wide.stdout.contains("web,sidecar"))
            #expect(wide.stdout.contains("nginx:1.27,envoy:1.30"))
            #expect(wide.stdout.contains("app=web"))
        }
    }

    @Test func getJSONAndYAML() async throws {
        try await SimulatorFixture.with { fx in
            #expect(try await fx.kubectl("create", "-f", "-", stdin: Self.deployment).succeeded)
            let json = try await fx.kubectl("get", "deploy", "web", "-o", "json")
            #expect(json.succeeded, "\(json)")
            let object = try JSONValue.parse(Data(json.stdout.utf8))
            #expect(object["kind"]?.stringValue == "Deployment")
            #expect(object.value(at: ["spec", "replicas"])?.intValue == 2)
            #expect(object.value(at: ["metadata", "uid"])?.stringValue?.isEmpty == false)

            let yaml = try await fx.kubectl("get", "deploy", "web", "-o", "yaml")
            let loaded = try Yams.load(yaml: yaml.stdout) as? [String: Any]
            #expect((loaded?["metadata"] as? [String: Any])?["name"] as? String == "web")

            let list = try await fx.kubectl("get", "deploy", "-o", "json")
            let parsed = try JSONValue.parse(Data(list.stdout.utf8))
            #expect(parsed["kind"]?.stringValue == "List")
            #expect(parsed["items"]?.arrayValue?.count == 1)
        }
    }

    @Test func getWithSelectorsAllNamespacesAndChunks() async throws {
        try await SimulatorFixture.with { fx in
            let namespace = "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n"
            #expect(try await fx.kubectl("create", "-f", "-", stdin: namespace).succeeded)
            for index in 0..<5 {
                let tier = index.isMultiple(of: 2) ? "front" : "back"
                let manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-\(index), labels: {tier: \(tier)}}\ndata: {k: v}\n"
                #expect(try await fx.kubectl("create", "-f", "-", stdin: manifest).succeeded)
            }
            let other = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: elsewhere, namespace: shop}\n"
            #expect(try await fx.kubectl("create", "-f", "-", stdin: other).succeeded)

            let labeled = try await fx.kubectl("get", "configmaps", "-l", "tier=front", "-o", "name")
            #expect(labeled.stdout.split(separator: "\n") == ["configmap/cm-0", "configmap/cm-2", "configmap/cm-4"])
            let setBased = try await fx.kubectl("get", "cm", "-l", "tier in (back)", "-o", "name")
            #expect(setBased.stdout.split(separator: "\n") == ["configmap/cm-1", "configmap/cm-3"])

            let fields = try await fx.kubectl("get", "cm", "--field-selector", "metadata.name=cm-3", "-o", "name")
            #expect(fields.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "configmap/cm-3")
            let badField = try await fx.kubectl("get", "cm", "--field-selector", "data.k=v")
            #expect(!badField.succeeded)
            #expect(badField.stderr.contains("is not a known field selector"))

            let all = try await fx.kubectl("get", "cm", "-A")
            let rows = Self.rows(all.stdout)
            #expect(rows.first == ["NAMESPACE", "NAME", "DATA", "AGE"])
            #expect(rows.contains { $0.prefix(2) == ["shop", "elsewhere"] })
            #expect(rows.contains { $0.prefix(3) == ["default", "cm-4", "1"] })

            let chunked = try await fx.kubectl("get", "cm", "--chunk-size=2", "-o", "name", "-v=6")
            #expect(chunked.stdout.split(separator: "\n").count == 5)
            let pages = chunked.stderr.components(separatedBy: "limit=2").count - 1
            #expect(pages == 3, "expected three pages of two: \(chunked.stderr)")
        }
    }

    @Test func describeShowsTheObject() async throws {
        try await SimulatorFixture.with { fx in
            #expect(try await fx.kubectl("create", "-f", "-", stdin: Self.deployment).succeeded)
            let result = try await fx.kubectl("describe", "deployment", "web")
            #expect(result.succeeded, "\(result)")
            #expect(result.stdout.contains("Name:"))
            #expect(result.stdout.contains("web"))
            #expect(result.stdout.contains("Replicas:"))
            #expect(result.stdout.contains("nginx:1.27"))
            #expect(result.stdout.contains("StrategyType:") && result.stdout.contains("RollingUpdate"))
        }
    }

    // MARK: - Writes

    @Test func createReportsCreatedAndAlreadyExists() async throws {
        try await SimulatorFixture.with { fx in
            let first = try await fx.kubectl("create", "-f", "-", stdin: Self.deployment)
            #expect(first.stdout.contains("deployment.apps/web created"), "\(first)")
            let second = try await fx.kubectl("create", "-f", "-", stdin: Self.deployment)
            #expect(!second.succeeded)
            #expect(second.stderr.contains("AlreadyExists") || second.stderr.contains("already exists"))
        }
    }

    @Test func serverSideApplyWithConflictAndForce() async throws {
        try await SimulatorFixture.with { fx in
            let applied = try await fx.kubectl("apply", "--server-side", "-f", "-", stdin: Self.deployment)
            #expect(applied.stdout.contains("deployment.apps/web serverside-applied"), "\(applied)")
            let again = try await fx.kubectl("apply", "--server-side", "-f", "-", stdin: Self.deployment)
            #expect(again.succeeded, "\(again)")

            let changed = Self.deployment.replacingOccurrences(of: "replicas: 2", with: "replicas: 5")
            let conflict = try await fx.kubectl("apply", "--server-side", "--field-manager=other", "-f", "-", stdin: changed)
            #expect(!conflict.succeeded)
            #expect(conflict.stderr.contains("Apply failed with 1 conflict"), "\(conflict)")
            #expect(conflict.stderr.contains(".spec.replicas"))

            let forced = try await fx.kubectl(
                "apply", "--server-side", "--field-manager=other", "--force-conflicts", "-f", "-", stdin: changed)
            #expect(forced.succeeded, "\(forced)")
            let replicas = try await fx.kubectl("get", "deploy", "web", "-o", "jsonpath={.spec.replicas}")
            #expect(replicas.stdout == "5")
        }
    }

    @Test func patchStrategicMergeAndJSON() async throws {
        try await SimulatorFixture.with { fx in
            #expect(try await fx.kubectl("create", "-f", "-", stdin: Self.deployment).succeeded)
            let strategic = try await fx.kubectl(
                "patch", "deploy", "web", "-p", #"{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.28"}]}}}}"#)
            #expect(strategic.stdout.contains("deployment.apps/web patched"), "\(strategic)")
            let images = try await fx.kubectl("get", "deploy", "web", "-o", "jsonpath={.spec.template.spec.containers[*].image}")
            #expect(images.stdout == "nginx:1.28 envoy:1.30")

            let merge = try await fx.kubectl("patch", "deploy", "web", "--type=merge", "-p", #"{"metadata":{"labels":{"tier":null,"team":"a"}}}"#)
            #expect(merge.succeeded, "\(merge)")
            let labels = try await fx.kubectl("get", "deploy", "web", "-o", "jsonpath={.metadata.labels}")
            let parsed = try JSONValue.parse(Data(labels.stdout.utf8))
            #expect(parsed == ["app": "web", "team": "a"])

            let json = try await fx.kubectl(
                "patch", "deploy", "web", "--type=json", "-p", #"[{"op":"replace","path":"/spec/replicas","value":4}]"#)
            #expect(json.succeeded, "\(json)")
            let replicas = try await fx.kubectl("get", "deploy", "web", "-o", "jsonpath={.spec.replicas}")
            #expect(replicas.stdout == "4")

            let badPath = try await fx.kubectl(
                "patch", "deploy", "web", "--type=json", "-p", #"[{"op":"replace","path":"/spec/nothing/here","value":1}]"#)
            #expect(!badPath.succeeded)
        }
    }

    @Test func scaleAndRolloutRestart() async throws {
        try await SimulatorFixture.with { fx in
            #expect(try await fx.kubectl("create", "-f", "-", stdin: Self.deployment).succeeded)
            let scaled = try await fx.kubectl("scale", "deployment/web", "--replicas=7")
            #expect(scaled.stdout.contains("deployment.apps/web scaled"), "\(scaled)")
            let replicas = try await fx.kubectl("get", "deploy", "web", "-o", "jsonpath={.spec.replicas}")
            #expect(replicas.stdout == "7")
            let stale = try await fx.kubectl("scale", "deployment/web", "--replicas=3", "--current-replicas=2")
            #expect(!stale.succeeded)

            let restarted = try await fx.kubectl("rollout", "restart", "deployment/web")
            #expect(restarted.stdout.contains("deployment.apps/web restarted"), "\(restarted)")
            let annotation = try await fx.kubectl(
                "get", "deploy", "web", "-o", #"jsonpath={.spec.template.metadata.annotations.kubectl\.kubernetes\.io/restartedAt}"#)
            #expect(Timestamp(rfc3339: annotation.stdout) != nil, "\(annotation)")
            let generation = try await fx.kubectl("get", "deploy", "web", "-o", "jsonpath={.metadata.generation}")
            #expect(generation.stdout == "3")
        }
    }

    @Test func cordonAndUncordon() async throws {
        try await SimulatorFixture.with { fx in
            #expect(try await fx.kubectl("create", "-f", "-", stdin: Self.node).succeeded)
            let cordoned = try await fx.kubectl("cordon", "node-1")
            #expect(cordoned.stdout.contains("node/node-1 cordoned"), "\(cordoned)")
            let status = try await fx.kubectl("get", "nodes")
            #expect(Self.rows(status.stdout).dropFirst().first?.prefix(3) == ["node-1", "Ready,SchedulingDisabled", "worker"])
            let uncordoned = try await fx.kubectl("uncordon", "node-1")
            #expect(uncordoned.stdout.contains("node/node-1 uncordoned"), "\(uncordoned)")
            let after = try await fx.kubectl("get", "node", "node-1", "-o", "wide")
            let row = Self.rows(after.stdout).dropFirst().first ?? []
            #expect(row.prefix(2) == ["node-1", "Ready"])
            #expect(row.contains("10.0.0.11"))
            #expect(after.stdout.contains("containerd://1.7.22"))
        }
    }

    @Test func deleteWaitsUntilGone() async throws {
        try await SimulatorFixture.with { fx in
            #expect(try await fx.kubectl("create", "-f", "-", stdin: Self.deployment).succeeded)
            let dryRun = try await fx.kubectl("delete", "deployment", "web", "--dry-run=server")
            #expect(dryRun.stdout.contains("deployment.apps \"web\" deleted (server dry run)"), "\(dryRun)")
            #expect(try await fx.kubectl("get", "deployment", "web").succeeded)
            let deleted = try await fx.kubectl("delete", "deployment", "web", timeout: .seconds(60))
            #expect(deleted.stdout.contains("deployment.apps \"web\" deleted"), "\(deleted)")
            let missing = try await fx.kubectl("get", "deployment", "web")
            #expect(!missing.succeeded)
            #expect(missing.stderr.contains("deployments.apps \"web\" not found"))
        }
    }

    @Test func watchPrintsChanges() async throws {
        try await SimulatorFixture.with { fx in
            let first = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: first}\n"
            #expect(try await fx.kubectl("create", "-f", "-", stdin: first).succeeded)
            async let watched = fx.kubectl(
                "get", "configmaps", "--watch", "--output-watch-events", "--request-timeout=4s", timeout: .seconds(30))
            let definition = fx.definition("v1", "ConfigMap")
            try await fx.simulator.store.create(definition, namespace: "default", object: ["metadata": ["name": "second"]])
            let result = try await watched
            #expect(result.stdout.contains("first"), "\(result)")
            #expect(result.stdout.contains("second"), "\(result)")
            #expect(result.stdout.contains("ADDED"))
        }
    }

    // MARK: - top, logs

    @Test func topPodsAndNodes() async throws {
        try await SimulatorFixture.with { fx in
            #expect(try await fx.kubectl("create", "-f", "-", stdin: Self.node).succeeded)
            #expect(try await fx.kubectl("create", "-f", "-", stdin: Self.pod("api-1")).succeeded)
            try await fx.simulator.setPodMetrics(
                namespace: "default", name: "api-1",
                containers: [(name: "main", cpu: try Quantity("250m"), memory: try Quantity("64Mi"))])
            try await fx.simulator.setNodeMetrics(name: "node-1", cpu: try Quantity("1"), memory: try Quantity("2Gi"))

            let pods = try await fx.kubectl("top", "pods")
            #expect(pods.succeeded, "\(pods)")
            let podRows = Self.rows(pods.stdout)
            #expect(podRows.first == ["NAME", "CPU(cores)", "MEMORY(bytes)"])
            #expect(podRows.dropFirst().first == ["api-1", "250m", "64Mi"])

            let nodes = try await fx.kubectl("top", "nodes")
            #expect(nodes.succeeded, "\(nodes)")
            let nodeRows = Self.rows(nodes.stdout)
            #expect(nodeRows.first?.first == "NAME")
            #expect(nodeRows.dropFirst().first == ["node-1", "1000m", "25%", "2048Mi", "25%"])

            let write = "apiVersion: metrics.k8s.io/v1beta1\nkind: PodMetrics\nmetadata: {name: x}\ncontainers: []\n"
            let rejected = try await fx.kubectl("create", "-f", "-", "--validate=false", stdin: write)
            #expect(!rejected.succeeded)
        }
    }

    @Test func logsPrintSeededLines() async throws {
        try await SimulatorFixture.with { fx in
            #expect(try await fx.kubectl("create", "-f", "-", stdin: Self.pod("api-1")).succeeded)
            fx.simulator.logs.append(
                ["starting", "listening on :8080", "ready"], to: PodLogStore.Key(namespace: "default", pod: "api-1", container: "main"))
            let logs = try await fx.kubectl("logs", "api-1")
            #expect(logs.stdout == "starting\nlistening on :8080\nready\n", "\(logs)")
            let tail = try await fx.kubectl("logs", "api-1", "--tail=1")
            #expect(tail.stdout == "ready\n")
            let wrong = try await fx.kubectl("logs", "api-1", "-c", "nope")
            #expect(wrong.stderr.contains("container nope is not valid for pod api-1"), "\(wrong)")
        }
    }

    // MARK: - Authentication and validation

    @Test func wrongTokenIsUnauthorized() async throws {
        // kubectl sends bearer tokens only over HTTPS.
        let configuration = SimulatorConfiguration(
            tls: true, authentication: AuthenticationConfiguration(tokens: ["good-token": "admin"]))
        try await SimulatorFixture.with(configuration) { fx in
            let allowed = try await fx.kubectl("get", "namespaces")
            #expect(allowed.succeeded, "\(allowed)")
            let denied = try await fx.kubectl("get", "namespaces", "--token=wrong-token")
            #expect(!denied.succeeded)
            #expect(denied.stderr.contains("You must be logged in to the server"), "\(denied)")
        }
    }

    @Test func strictValidationRejectsUnknownFields() async throws {
        try await SimulatorFixture.with { fx in
            let typo = Self.deployment.replacingOccurrences(of: "replicas: 2", with: "replicass: 2")
            let created = try await fx.kubectl("create", "-f", "-", stdin: typo)
            #expect(!created.succeeded)
            #expect(
                created.stderr.contains(
                    #"Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replicass""#),
                "\(created)")

            let deep = Self.deployment.replacingOccurrences(of: "image: nginx:1.27", with: "image: nginx:1.27\n        imagee: x")
            let deepResult = try await fx.kubectl("create", "-f", "-", stdin: deep)
            #expect(deepResult.stderr.contains(#"unknown field "spec.template.spec.containers[0].imagee""#), "\(deepResult)")

            let applied = try await fx.kubectl("apply", "--server-side", "-f", "-", stdin: typo)
            #expect(!applied.succeeded)
            #expect(applied.stderr.contains(".spec.replicass: field not declared in schema"), "\(applied)")

            let open = Self.deployment.replacingOccurrences(
                of: "      containers:", with: "      affinity: {nodeAffinity: {anything: {goes: here}}}\n      containers:")
            let openResult = try await fx.kubectl("create", "-f", "-", stdin: open)
            #expect(openResult.succeeded, "\(openResult)")

            let ignored = try await fx.kubectl("create", "--validate=false", "-f", "-", stdin: typo.replacingOccurrences(of: "name: web\n", with: "name: web2\n"))
            #expect(ignored.succeeded, "\(ignored)")
        }
    }
}
