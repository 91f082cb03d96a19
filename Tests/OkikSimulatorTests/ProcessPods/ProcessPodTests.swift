import Foundation
import OkikKubeClient
import OkikSimulator
import OkikTesting
import Testing

/// A pod whose image is configured as a process runs as a real child process: Ready only after its probe answers,
/// its output is the container log, its Service's Endpoints point at the host port and the service proxy reaches it,
/// a killed process is restarted with its exit code, and deleting the pod terminates it.
@Suite("Process pods", .serialized)
struct ProcessPodTests {
    /// The real Python interpreter (pyenv shims are scripts), or nil when there is none.
    static let python: String? = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sys; print(sys.executable)"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = FileDescriptorReader.readToEnd(output.fileHandleForReading)
        process.waitUntilExit()
        let path = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return process.terminationStatus == 0 && !path.isEmpty ? path : nil
    }()

    /// Waits 6 s (long enough to see it Running and unready on a loaded machine), then serves `hello GREETING FILE` on the port it is given (the container port, rewritten).
    static let server = #"""
        import http.server, os, sys, time
        print("starting", flush=True)
        time.sleep(6)
        port = int(sys.argv[1])
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                text = open(os.environ["CONFIG_FILE"]).read().strip()
                body = ("hello %s %s" % (os.environ.get("GREETING", "?"), text)).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, format, *args):
                print("request " + self.path, flush=True)
        print("listening on %d" % port, flush=True)
        http.server.HTTPServer(("127.0.0.1", port), Handler).serve_forever()
        """#

    static func objects() -> [JSONValue] {
        let probe: JSONValue = ["httpGet": ["path": "/", "port": "http"], "periodSeconds": 1, "failureThreshold": 1]
        return [
            SimulatedCluster.node("node-1", cpu: "4", memory: "16Gi"),
            ["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "greeting", "namespace": "default"],
             "stringData": ["value": "secret-value"]],
            ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "settings", "namespace": "default"],
             "data": ["text": "file-value"]],
            ["apiVersion": "v1", "kind": "Service", "metadata": ["name": "web", "namespace": "default"],
             "spec": ["selector": ["app": "web"], "ports": [["name": "http", "port": 80, "targetPort": "http"]]]],
            [
                "apiVersion": "v1", "kind": "Pod",
                "metadata": ["name": "web", "namespace": "default", "labels": ["app": "web"]],
                "spec": [
                    "terminationGracePeriodSeconds": 2,
                    "volumes": [["name": "settings", "configMap": ["name": "settings"]]],
                    "containers": [[
                        "name": "web", "image": "registry.example/sim-http:1",
                        "args": ["-u", "-c", .string(server), "8080"],
                        "ports": [["name": "http", "containerPort": 8080]],
                        "env": [
                            ["name": "GREETING", "valueFrom": ["secretKeyRef": ["name": "greeting", "key": "value"]]],
                            ["name": "CONFIG_FILE", "value": "/etc/web/settings/text"],
                        ],
                        "volumeMounts": [["name": "settings", "mountPath": "/etc/web/settings"]],
                        "readinessProbe": probe,
                    ]],
                ],
            ],
        ]
    }

    /// Polls until `condition` holds, at most `seconds`.
    static func eventually(_ seconds: Double, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try await condition()
    }

    @Test(.enabled(if: python != nil), .timeLimit(.minutes(1)))
    func aRealProcessRunsAsAPod() async throws {
        let python = try #require(Self.python)
        let configuration = SimulatorConfiguration(
            runtime: .standard, processPods: ProcessPodConfiguration(executables: ["sim-http": python]))
        try await SimulatorFixture.with(configuration) { fixture in
            let simulator = fixture.simulator
            let runner = try #require(simulator.processPods)
            for object in Self.objects() {
                let definition = try #require(simulator.store.registry.definition(
                    apiVersion: object["apiVersion"]?.stringValue ?? "", kind: object["kind"]?.stringValue ?? ""))
                try await simulator.store.create(
                    definition, namespace: object.value(at: ["metadata", "namespace"])?.stringValue, object: object)
            }
            func pod() async throws -> JSONValue { try await simulator.http("GET", "/api/v1/namespaces/default/pods/web").json }
            func ready(_ json: JSONValue) -> Bool {
                json.value(at: ["status", "conditions"])?.arrayValue?
                    .contains { $0["type"] == "Ready" && $0["status"] == "True" } == true
            }

            // Running before the probe answers, Ready only after.
            #expect(try await Self.eventually(10) { try await pod().value(at: ["status", "phase"]) == "Running" })
            let running = try await pod()
            #expect(!ready(running))
            #expect(running.value(at: ["status", "podIP"]) == "127.0.0.1")
            let logPath = "/api/v1/namespaces/default/pods/web/log"
            #expect(!(try await simulator.http("GET", logPath).body.contains("listening on")))
            #expect(try await Self.eventually(40) { ready(try await pod()) })

            // The log is the process's output, with the container port rewritten to the host port.
            let hostPort = try #require(await runner.hostPort(namespace: "default", pod: "web", containerPort: 8080))
            #expect(hostPort != 8080)
            let log = try await simulator.http("GET", logPath).body
            #expect(log.contains("starting"))
            #expect(log.contains("listening on \(hostPort)"))
            if Kubectl.isAvailable {
                let kubectl = try await fixture.kubectl("logs", "web")
                #expect(kubectl.stdout.contains("listening on \(hostPort)"), "\(kubectl)")
            }

            // The Service's Endpoints point at the host port, and the proxy reaches the process.
            #expect(try await Self.eventually(5) {
                try await simulator.http("GET", "/api/v1/namespaces/default/endpoints/web").json["subsets"] != nil
            })
            let endpoints = try await simulator.http("GET", "/api/v1/namespaces/default/endpoints/web").json
            let subset = try #require(endpoints["subsets"]?.arrayValue?.first)
            #expect(subset["addresses"]?.arrayValue?.first?["ip"] == "127.0.0.1")
            #expect(subset["ports"]?.arrayValue?.first?["port"]?.intValue == hostPort)
            let answer = try await simulator.http("GET", "/api/v1/namespaces/default/services/web:http/proxy/")
            #expect(answer.status == 200)
            #expect(answer.body == "hello secret-value file-value")

            // A killed process is a restart with its exit code.
            let first = try #require(await runner.pid(namespace: "default", pod: "web", container: "web"))
            kill(first, SIGKILL)
            #expect(try await Self.eventually(10) {
                let status = try await pod().value(at: ["status", "containerStatuses"])?.arrayValue?.first
                return status?["restartCount"]?.intValue == 1
                    && status?.value(at: ["lastState", "terminated", "exitCode"])?.intValue == 137
            })
            #expect(try await Self.eventually(15) { ready(try await pod()) })
            let second = try #require(await runner.pid(namespace: "default", pod: "web", container: "web"))
            #expect(second != first)

            // Deleting the pod terminates the process.
            #expect(try await simulator.http("DELETE", "/api/v1/namespaces/default/pods/web").status == 200)
            #expect(try await Self.eventually(5) { kill(second, 0) != 0 })
            #expect(try await Self.eventually(5) {
                try await simulator.http("GET", "/api/v1/namespaces/default/endpoints/web").json["subsets"] == nil
            })
        }
    }
}
