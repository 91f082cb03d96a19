#if canImport(Glibc)
import Glibc
#endif
import Foundation
import OkikKit
import OkikTesting
import Testing

/// Issue #20's first walk-through with no cluster: `okikctl sim start` runs OKIK's own pod as the real okik-server
/// process, `okikctl deploy --watchdog` installs it, the watchdog quarantines the crash-looping Deployment, okikctl
/// sees it through the service proxy, restores it, and `okikctl remove` leaves nothing behind.
@Suite("The whole product, end to end, on the simulator")
struct EndToEndTests {
    /// Runs `body` with okikctl pointed at `okikctl sim start` (a separate process on a real-time clock, ten minutes
    /// into the crash loop) whose okik-server pods run the real binary.
    static func withSimulatedCluster(_ body: (CLI, String) async throws -> Void) async throws {
        let binary = try #require(CLI.binary, "okikctl was not built")
        let server = binary.deletingLastPathComponent().appendingPathComponent("okik-server")
        try #require(FileManager.default.isExecutableFile(atPath: server.path), "okik-server was not built")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("okik-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let kubeconfig = directory.appendingPathComponent("kubeconfig").path
        let simulator = Process()
        simulator.executableURL = binary
        simulator.arguments = [
            "sim", "start", "--port", "0", "--kubeconfig", kubeconfig, "--scenario", "crashloop", "--fast-forward", "10m",
            "--log-level", "error", "--okik-server", server.path,
        ]
        simulator.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        simulator.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try simulator.run()
        defer {
            simulator.interrupt()
            simulator.waitUntilExit()
        }
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: kubeconfig) && Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        try #require(FileManager.default.fileExists(atPath: kubeconfig), "the simulator wrote no kubeconfig")
        try await body(CLI(kubeconfig: kubeconfig, home: directory.appendingPathComponent("home").path), kubeconfig)
    }

    /// Runs okikctl until `done` accepts its result (at most `seconds`); the last result.
    static func poll(_ cli: CLI, _ arguments: [String], seconds: Double = 90, until done: (CLI.Result) -> Bool) async throws -> CLI.Result {
        var result = try await cli.run(arguments)
        let deadline = Date().addingTimeInterval(seconds)
        while !done(result) && Date() < deadline {
            try await Task.sleep(for: .seconds(1))
            result = try await cli.run(arguments)
        }
        return result
    }

    @Test func deployTheWatchdogLetItQuarantineRestoreAndRemove() async throws {
        try await Self.withSimulatedCluster { cli, _ in
            let deployed = try await cli("deploy", "--watchdog", "--ephemeral", "--timeout", "90")
            try #require(deployed.status == 0, "\(deployed)")
            #expect(deployed.stdout.contains("okik-watchdog is ready."), "\(deployed)")

            // The watchdog (the real okik-server in its pod) quarantines the crash loop; okikctl sees it through the proxy.
            var listed = try await cli("quarantine", "list", "-o", "json")
            let until = Date().addingTimeInterval(90)
            while Date() < until, (try? listed.json()["deployments"]?.arrayValue?.isEmpty) ?? true {
                try await Task.sleep(for: .seconds(1))
                listed = try await cli("quarantine", "list", "-o", "json")
            }
            #expect(listed.status == 0, "\(listed)")
            let names = try listed.json()["deployments"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            #expect(names == ["payments-api"], "\(listed)")

            // A person restores it (L2 runs quarantine tools), through the server, audited there.
            let restored = try await cli("quarantine", "restore", "okik-crashloop/payments-api")
            #expect(restored.status == 0, "\(restored)")
            #expect(restored.stdout.contains("ran unquarantine_deployment"), "\(restored)")
            let logs = try await cli("logs", "--tail", "50")
            #expect(logs.status == 0 && logs.stdout.contains("okik.server"), "\(logs)")

            let removed = try await cli("remove")
            #expect(removed.status == 0, "\(removed)")
            #expect(removed.stdout.contains("OKIK is gone."), "\(removed)")
            let status = try await cli("status")
            #expect(status.stderr.contains("no OKIK server in the cluster"), "\(status)")
        }
    }

    @Test func deployTheAgentApproveAPlanAndStopItAcrossARestart() async throws {
        try await Self.withSimulatedCluster { cli, kubeconfig in
            // Agent mode with no model key: the offline reasoner, said plainly.
            let deployed = try await cli("deploy", "--ephemeral", "--level", "L1", "--timeout", "90")
            try #require(deployed.status == 0, "\(deployed)")
            #expect(deployed.stderr.contains("offline"), "\(deployed)")
            let status = try await cli("status", "-o", "json")
            #expect(try status.json()["okik"]?["mode"]?.stringValue == "agent", "\(status)")

            // A destructive call waits as a plan; a person approves it; it runs and is audited.
            let queued = try await cli(
                "tool", "run", "scale_to_zero", "--args", #"{"namespace":"okik-crashloop","name":"payments-api"}"#,
                "--rationale", "stop the crash loop", "-o", "json")
            #expect(queued.status == 0, "\(queued)")
            let id = try #require(try queued.json()["plan"]?["id"]?.stringValue, "\(queued)")
            let approved = try await cli("actions", "approve", id, "--yes", "-o", "json")
            #expect(try approved.json()["plan"]?["state"]?.stringValue == "executed", "\(approved)")
            let shown = try await cli("plan", "show", id, "-o", "json")
            let kinds = try shown.json()["history"]?.arrayValue?.compactMap { $0["kind"]?.stringValue } ?? []
            #expect(kinds.contains("planApproved") && kinds.contains("planExecuted"), "\(kinds)")

            try await Self.stopAcrossARestart(cli, kubeconfig: kubeconfig)
            #expect(try await cli("remove").status == 0)
        }
    }

    /// Walk-through 2 with a model: a scripted OpenAI-compatible server stands in for it. The deployed agent reads
    /// its key from the Secret, asks the model on its first look, the model asks to scale the crash loop to zero, the
    /// gate at L1 turns that into a plan, and a person approves it.
    @Test func deployTheAgentWithAModelThatProposesAPlanAPersonApproves() async throws {
        let proposal = #"{"namespace":"okik-crashloop","name":"payments-api"}"#
        let responder: ScriptedProviderServer.Responder = { request, earlier in
            let messages = Self.body(request)?["messages"]?.arrayValue ?? []
            let proposedBefore = earlier.contains { $0.bodyText.contains(#""name":"scale_to_zero""#) && $0.bodyText.contains("call_scale") }
            if messages.last?["role"]?.stringValue == "tool" {
                return .reply(body: Self.openAIText("Scaling okik-crashloop/payments-api to zero waits for a person's approval."))
            }
            if proposedBefore {
                return .reply(body: Self.openAIText("Nothing new to do: the plan for payments-api waits for approval."))
            }
            return .reply(body: Self.openAIToolCall(id: "call_scale", tool: "scale_to_zero", arguments: proposal))
        }
        try await ScriptedProviderServer.with(responder: responder) { model in
            try await Self.withSimulatedCluster { cli, kubeconfig in
                let keyFile = FileManager.default.temporaryDirectory.appendingPathComponent("okik-e2e-key-\(UUID().uuidString)")
                try "sk-scripted-e2e\n".write(to: keyFile, atomically: true, encoding: .utf8)
                defer { try? FileManager.default.removeItem(at: keyFile) }
                let deployed = try await cli(
                    "deploy", "--llm-provider", "openai-compatible", "--llm-base-url", model.baseURL, "--model", "scripted-model",
                    "--api-key-file", keyFile.path, "--ephemeral", "--level", "L1", "--timeout", "90")
                try #require(deployed.status == 0, "\(deployed)")
                #expect(!deployed.stderr.contains("offline"), "\(deployed)")

                // The agent's first look asks the model; the model's write waits as a plan (L1). (The watchdog, which
                // runs beside the agent, queues its own quarantine plan for the same crash loop.)
                let fromTheAgent = { (result: CLI.Result) -> [JSONValue] in
                    ((try? result.json())?["plans"]?.arrayValue ?? []).filter {
                        $0["requester"]?.stringValue?.hasPrefix("agent") == true
                    }
                }
                let waiting = try await Self.poll(cli, ["actions", "list", "-o", "json"]) { !fromTheAgent($0).isEmpty }
                let plans = fromTheAgent(waiting)
                try #require(plans.count == 1, "\(waiting)")
                let plan = plans[0]
                #expect(plan["steps"]?.arrayValue?.first?["invocation"]?["tool"]?.stringValue == "scale_to_zero", "\(plan)")
                let status = try await cli("status", "-o", "json")
                let agent = try status.json()["okik"]?["agent"]
                #expect(agent?["model"]?.stringValue == "scripted-model", "\(status)")
                #expect((agent?["modelCalls"]?.intValue ?? 0) >= 2, "\(status)")
                #expect((try status.json()["okik"]?["pendingPlans"]?.intValue ?? 0) >= 1, "\(status)")

                // The key reached the model from the Secret, and the model was offered the tools.
                let requests = await model.requests
                let first = try #require(requests.first)
                #expect(first.path == "/v1/chat/completions")
                #expect(first.headers["authorization"] == "Bearer sk-scripted-e2e")
                #expect(Self.body(first)?["model"]?.stringValue == "scripted-model")
                let offered = Self.body(first)?["tools"]?.arrayValue?.compactMap { $0["function"]?["name"]?.stringValue } ?? []
                #expect(offered.contains("scale_to_zero"), "\(offered)")

                // A person approves; it runs, and the audit says who asked and who decided.
                let id = try #require(plan["id"]?.stringValue)
                let approved = try await cli("actions", "approve", id, "--yes", "-o", "json")
                #expect(try approved.json()["plan"]?["state"]?.stringValue == "executed", "\(approved)")
                let shown = try await cli("plan", "show", id, "-o", "json")
                let kinds = try shown.json()["history"]?.arrayValue?.compactMap { $0["kind"]?.stringValue } ?? []
                #expect(kinds.contains("planApproved") && kinds.contains("planExecuted"), "\(kinds)")
                let kube = try KubeClient(config: try KubeConfig.load(from: kubeconfig), logger: SimulatedCluster.quietLogger)
                let scaled = try await kube.namespaced(Deployment.self, in: .named("okik-crashloop")).get("payments-api")
                try? await kube.shutdown()
                #expect(scaled.spec?.replicas == 0)

                try await Self.stopAcrossARestart(cli, kubeconfig: kubeconfig)
                #expect(try await cli("remove").status == 0)
            }
        }
    }

    /// Deletes OKIK's pod, sets the emergency stop while nothing answers (okikctl writes the ConfigMap), and expects
    /// the new pod to start stopped.
    static func stopAcrossARestart(_ cli: CLI, kubeconfig: String) async throws {
        let kube = try KubeClient(config: try KubeConfig.load(from: kubeconfig), logger: SimulatedCluster.quietLogger)
        let pods = kube.namespaced(Pod.self, in: .named(OkikInstallation.namespace))
        for pod in try await pods.list().items { try await pods.delete(pod.name) }
        try? await kube.shutdown()
        let stop = try await cli("emergency-stop", "on", "--reason", "drill")
        #expect(stop.status == 0, "\(stop)")
        #expect(stop.stdout.contains("emergency stop ON"), "\(stop)")
        let stopped = try await Self.poll(cli, ["status", "-o", "json"]) { result in
            (try? result.json()["okik"]?["emergencyStop"]?.boolValue) == true
        }
        #expect(try stopped.json()["okik"]?["emergencyStop"]?.boolValue == true, "\(stopped)")
    }

    /// An OpenAI chat completion that says `text`.
    static func openAIText(_ text: String) -> String {
        #"{"id":"chatcmpl-t","object":"chat.completion","created":1735689600,"model":"scripted-model","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":\#(quoted(text))}}],"usage":{"prompt_tokens":1200,"completion_tokens":20,"total_tokens":1220}}"#
    }

    /// An OpenAI chat completion that calls `tool` with `arguments` (a JSON object's text).
    static func openAIToolCall(id: String, tool: String, arguments: String) -> String {
        #"{"id":"chatcmpl-c","object":"chat.completion","created":1735689600,"model":"scripted-model","choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","content":"The crash loop serves nothing; stopping it.","tool_calls":[{"id":"\#(id)","type":"function","function":{"name":"\#(tool)","arguments":\#(quoted(arguments))}}]}}],"usage":{"prompt_tokens":1200,"completion_tokens":20,"total_tokens":1220}}"#
    }

    /// A recorded request's JSON body.
    static func body(_ request: RecordedRequest) -> JSONValue? { try? JSONValue.parse(request.body) }

    private static func quoted(_ text: String) -> String {
        String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
    }
}
