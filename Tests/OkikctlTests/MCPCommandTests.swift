import Foundation
import MCP
import OkikKit
import OkikSimulator
import OkikTesting
import SystemPackage
import Testing

/// `okikctl mcp` as an MCP client starts it: the binary as a child process, the MCP SDK's own client on its standard
/// input and output. Every call goes through the gate as `mcp:okik-tests` (the client's name).
@Suite("okikctl mcp over stdio", .serialized)
struct MCPCommandTests {
    @Test func theSDKsClientCallsToolsThroughTheGate() async throws {
        let run = try await MCPChild.run(["--sim", "crashloop"]) { client, initialized in
            #expect(initialized.serverInfo.name == "okik")
            #expect(initialized.capabilities.resources?.subscribe == true)
            let tools = try await client.listTools().tools
            #expect(tools.count == ToolRegistry.builtIn.descriptors.count)
            #expect(tools.contains { $0.name == "get_pods" && $0.inputSchema.objectValue?["type"]?.stringValue == "object" })

            let pods = try await MCPResults.call(client, "get_pods", ["namespace": "okik-crashloop"])
            #expect(pods.isError != true)
            #expect(MCPResults.text(pods).contains("CrashLoopBackOff"))

            // A write at L1 (the default) becomes a plan whose id the result names.
            let scale = try await MCPResults.call(
                client, "scale_deployment", ["namespace": "okik-crashloop", "name": "payments-api", "replicas": 3])
            #expect(scale.isError != true)
            let planID = try #require(MCPResults.planID(scale))
            #expect(MCPResults.text(scale).contains("Queued for human approval as plan \(planID)"))
            let pending = try await MCPResults.read(client, "okik://plans/pending")
            #expect(pending.contains(planID))
            #expect(pending.contains("mcp:okik-tests"))

            // Writes into kube-system are refused at any level.
            let protected = try await MCPResults.call(
                client, "rollout_restart", ["namespace": "kube-system", "name": "coredns"])
            #expect(protected.isError == true)
            #expect(MCPResults.text(protected).contains("protected"))

            #expect(try await MCPResults.read(client, "okik://audit/recent").contains("mcp:okik-tests"))
            #expect(try await client.listPrompts().prompts.count == 2)
        }
        #expect(run.status == 0, "\(run.stderr)")
    }

    @Test func atL0EveryCallIsRefused() async throws {
        let run = try await MCPChild.run(["--sim", "crashloop", "--level", "L0"]) { client, _ in
            let write = try await MCPResults.call(
                client, "scale_deployment", ["namespace": "okik-crashloop", "name": "payments-api", "replicas": 3])
            #expect(write.isError == true)
            #expect(MCPResults.text(write).contains("L0"))
            #expect(try await MCPResults.call(client, "get_pods", ["namespace": "okik-crashloop"]).isError == true)
            #expect(try await MCPResults.read(client, "okik://plans/pending").contains(#""plans":[]"#))
        }
        #expect(run.status == 0, "\(run.stderr)")
    }

    @Test func noSecretReachesAnyResult() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("okik-mcp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let scenario = directory.appendingPathComponent("secrets.yaml").path
        try MCPChild.secretScenario.write(toFile: scenario, atomically: true, encoding: .utf8)
        let run = try await MCPChild.run(["--sim", scenario]) { client, _ in
            var seen: [String] = []
            let calls: [(String, [String: MCP.Value])] = [
                ("get_pods", ["namespace": "vault"]), ("get_deployments", ["namespace": "vault"]),
                ("describe_resource", ["kind": "Deployment", "namespace": "vault", "name": "billing"]),
                ("describe_resource", ["kind": "ConfigMap", "namespace": "vault", "name": "billing-config"]),
                ("describe_resource", ["kind": "Secret", "namespace": "vault", "name": "billing-keys"]),
                ("get_events", ["namespace": "vault"]),
                ("get_pod_logs", ["namespace": "vault", "pod": "billing"]),
                ("quarantine_deployment", ["namespace": "vault", "name": "billing", "reason": "leaked \(MCPChild.githubToken)"]),
            ]
            for (tool, arguments) in calls { seen.append(try MCPResults.everything(try await MCPResults.call(client, tool, arguments))) }
            for uri in ["okik://findings", "okik://namespaces/vault/findings", "okik://plans/pending", "okik://audit/recent"] {
                seen.append(try await MCPResults.read(client, uri))
            }
            #expect(seen[2].contains("--token=[REDACTED:github-token]"), "\(seen[2])")
            #expect(seen[3].contains("GITHUB_TOKEN") && seen[3].contains("[REDACTED:"), "\(seen[3])")
            let all = seen.joined(separator: "\n")
            for secret in MCPChild.secrets { #expect(!all.contains(secret), "\(secret) reached an MCP result") }
        }
        #expect(run.status == 0, "\(run.stderr)")
        for secret in MCPChild.secrets { #expect(!run.stderr.contains(secret), "\(secret) reached the log") }
    }

    @Test func aRealClusterWithTheLocalStateTheLevelAndTheClustersEmergencyStop() async throws {
        let cluster = try await SimulatedCluster.start("crashloop")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("okik-mcp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        do {
            let kubeconfig = try cluster.simulator.writeKubeconfig(to: directory.appendingPathComponent("kubeconfig").path)
            let home = directory.appendingPathComponent("home").path
            // L2 runs a scale; a second start at L1 (the default) lowers the stored level again.
            let first = try await MCPChild.run(["--kubeconfig", kubeconfig, "--level", "L2"], home: home) { client, _ in
                let scale = try await MCPResults.call(
                    client, "scale_deployment", ["namespace": "okik-crashloop", "name": "payments-api", "replicas": 3])
                #expect(scale.structuredContent?.objectValue?["outcome"]?.stringValue == "executed", "\(MCPResults.text(scale))")
            }
            #expect(first.status == 0, "\(first.stderr)")
            let deployment = try await cluster.client.namespaced(Deployment.self, in: .named("okik-crashloop")).get("payments-api")
            #expect(deployment.spec?.replicas == 3)
            // An emergency stop engaged in the cluster (okikctl emergency-stop writes the ConfigMap) holds here too.
            _ = try await cluster.client.clusterScoped(Namespace.self).create(Namespace(metadata: ObjectMeta(name: "okik-system")))
            try await ControlConfigMap.setEmergencyStop(true, reason: "drill", by: Caller(.human, "alice"), client: cluster.client)
            let second = try await MCPChild.run(["--kubeconfig", kubeconfig], home: home) { client, _ in
                let status = try OkikKubeClient.JSONValue.parse(Data(try await MCPResults.read(client, "okik://status").utf8))
                #expect(status["level"]?.stringValue == "L1")
                #expect(status["emergencyStop"]?.boolValue == true)
                let refused = try await MCPResults.call(
                    client, "rollout_restart", ["namespace": "okik-crashloop", "name": "payments-api"])
                #expect(refused.isError == true)
                #expect(MCPResults.text(refused).contains("emergency stop"), "\(MCPResults.text(refused))")
                // The first session's call is in the local audit.
                #expect(try await MCPResults.read(client, "okik://audit/recent").contains("scale_deployment"))
            }
            #expect(second.status == 0, "\(second.stderr)")
            #expect(FileManager.default.fileExists(atPath: home + "/okik.db"))
        } catch {
            await cluster.stop()
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
        await cluster.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    @Test func standardOutputCarriesOnlyProtocolMessages() async throws {
        let cli = CLI(kubeconfig: nil, home: FileManager.default.temporaryDirectory.path)
        let requests = [
            #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"pipe","version":"1"}}}"#,
            #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
            #"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#,
            #"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"get_pods","arguments":{"namespace":"okik-crashloop"}}}"#,
            #"{"jsonrpc":"2.0","id":4,"method":"resources/read","params":{"uri":"okik://findings"}}"#,
            #"{"jsonrpc":"2.0","id":5,"method":"prompts/get","params":{"name":"explain_finding","arguments":{"code":"OKK-201"}}}"#,
        ]
        // The client closes standard input right after its requests: every one is still answered, and logs (at debug)
        // go to standard error only.
        let result = try await cli.run(
            ["mcp", "--sim", "crashloop", "--log-level", "debug"], stdin: requests.joined(separator: "\n") + "\n",
            addKubeconfig: false)
        #expect(result.status == 0, "\(result)")
        let lines = result.stdout.split(separator: "\n")
        var ids: Set<Int> = []
        for line in lines {
            let message = try JSONValue.parse(Data(line.utf8))
            #expect(message["jsonrpc"]?.stringValue == "2.0", "\(line)")
            #expect(message["error"] == nil, "\(line)")
            if let id = message["id"]?.intValue { ids.insert(id) }
        }
        #expect(ids == [1, 2, 3, 4, 5], "\(result)")
        #expect(!result.stderr.isEmpty)
    }

    @Test func theFlagsAreChecked() async throws {
        let cli = CLI(kubeconfig: nil, home: FileManager.default.temporaryDirectory.path)
        let server = try await cli.run(["mcp", "--server", "http://127.0.0.1:8000"], addKubeconfig: false)
        #expect(server.status == 64)
        #expect(server.stderr.contains("/mcp"))
        #expect(try await cli.run(["mcp", "--level", "L9", "--sim", "crashloop"], addKubeconfig: false).status == 64)
        #expect(try await cli.run(["mcp", "--sim", "crashloop", "--context", "x"], addKubeconfig: false).status == 64)
        let unknown = try await cli.run(["mcp", "--sim", "no-such-scenario"], addKubeconfig: false)
        #expect(unknown.status == 1)
        #expect(unknown.stdout.isEmpty)
    }

    @Test func theWatchdogFillsItsFeedAndSubscribersHear() async throws {
        let run = try await MCPChild.run(["--sim", "crashloop", "--watchdog"]) { client, _ in
            let (updates, continuation) = AsyncStream.makeStream(of: String.self)
            await client.onNotification(ResourceUpdatedNotification.self) { message in continuation.yield(message.params.uri) }
            // A subscriber hears of the plan its own call queued (checked right after the call).
            try await client.subscribeToResource(uri: "okik://plans/pending")
            let scale = try await MCPResults.call(
                client, "scale_deployment", ["namespace": "okik-crashloop", "name": "payments-api", "replicas": 3])
            #expect(MCPResults.planID(scale) != nil)
            let heard = try await MCPResults.within(.seconds(60)) {
                for await uri in updates where uri == "okik://plans/pending" { return true }
                return false
            }
            #expect(heard)
            // The watchdog, running beside the server, acts on the crash loop and its feed shows it.
            let feed = try await MCPResults.within(.seconds(60)) {
                while true {
                    let text = try await MCPResults.read(client, "okik://watchdog/feed")
                    if text.contains("payments-api") { return text }
                    try await Task.sleep(for: .milliseconds(200))
                }
            }
            #expect(feed.contains("quarantine_deployment"), "\(feed)")
        }
        #expect(run.status == 0, "\(run.stderr)")
    }
}

/// `okikctl mcp` as a child process with the SDK's client on its pipes.
enum MCPChild {
    struct Run: Sendable {
        var status: Int32
        var stderr: String
    }

    /// Starts `okikctl mcp ARGUMENTS`, connects the client (named okik-tests), runs `body`, closes the client's end
    /// of standard input and waits for the exit.
    static func run(
        _ arguments: [String], home: String? = nil,
        _ body: @Sendable (MCP.Client, Initialize.Result) async throws -> Void
    ) async throws -> Run {
        let binary = try #require(CLI.binary, "okikctl was not built (swift build --build-tests builds it)")
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("okik-mcp-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let process = Process()
        process.executableURL = binary
        process.arguments = ["mcp"] + arguments
        var environment = ProcessInfo.processInfo.environment
        for name in ["KUBECONFIG", "OKIK_TOKEN", "OPENAI_API_KEY", "ANTHROPIC_API_KEY"] { environment[name] = nil }
        environment["OKIK_HOME"] = home ?? FileManager.default.temporaryDirectory.appendingPathComponent("okik-mcp-home-\(UUID().uuidString)").path
        environment["USER"] = "tester"
        process.environment = environment
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: errorFile.path)
        try process.run()
        let transport = StdioTransport(
            input: FileDescriptor(rawValue: output.fileHandleForReading.fileDescriptor),
            output: FileDescriptor(rawValue: input.fileHandleForWriting.fileDescriptor))
        let client = MCP.Client(name: "okik-tests", version: "1.0")
        do {
            let initialized = try await MCPResults.within(.seconds(60)) { try await client.connect(transport: transport) }
            try await body(client, initialized)
        } catch {
            await client.disconnect()
            process.terminate()
            throw error
        }
        await client.disconnect()
        try input.fileHandleForWriting.close()
        let status: Int32 = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                let deadline = Date().addingTimeInterval(60)
                while process.isRunning && Date() < deadline { usleep(10_000) }
                if process.isRunning { process.terminate() }
                process.waitUntilExit()
                continuation.resume(returning: process.terminationStatus)
            }
        }
        return Run(status: status, stderr: (try? String(contentsOf: errorFile, encoding: .utf8)) ?? "")
    }

    // MARK: - Secrets

    static let githubToken = "ghp_" + "Zr8Kp3Wm6Tq1Vy9Lb4Nc7Hd2Jf5Gs0Ae3Ux6"
    static let password = "correct-Horse-battery-9"
    static let secretValue = "sk-live-" + "9e2a7c4f1b8d3e6a0c5f2b9d4e7a1c8f"
    static var secrets: [String] { [githubToken, password, secretValue, Data(secretValue.utf8).base64EncodedString()] }

    /// The crash loop plus a namespace `vault` holding a Secret, a ConfigMap and a Deployment with token-like
    /// values in their data, environment and arguments.
    static var secretScenario: String {
        """
        name: secrets
        description: objects that carry secrets, for the redaction tests
        duration: 2m
        workloads:
          - kind: Deployment
            name: payments-api
            namespace: okik-crashloop
            replicas: 1
            behavior: crashloop
            runFor: 5s
        manifests:
          - apiVersion: v1
            kind: Namespace
            metadata: {name: vault}
          - apiVersion: v1
            kind: Secret
            metadata: {name: billing-keys, namespace: vault}
            data: {api-key: \(Data(secretValue.utf8).base64EncodedString())}
          - apiVersion: v1
            kind: ConfigMap
            metadata: {name: billing-config, namespace: vault}
            data:
              DATABASE_URL: "postgres://billing:\(password)@db:5432/billing"
              GITHUB_TOKEN: "\(githubToken)"
          - apiVersion: apps/v1
            kind: Deployment
            metadata: {name: billing, namespace: vault}
            spec:
              replicas: 1
              selector: {matchLabels: {app: billing}}
              template:
                metadata: {labels: {app: billing}}
                spec:
                  containers:
                    - name: billing
                      image: billing:1.0
                      args: ["--token=\(githubToken)", "--port=8080"]
                      env:
                        - {name: DB_PASSWORD, value: "\(password)"}
                        - {name: STRIPE_KEY, value: "\(secretValue)"}
        """
    }
}
