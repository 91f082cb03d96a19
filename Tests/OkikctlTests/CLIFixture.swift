import Foundation
import Logging
import OkikKit
import OkikServer
import OkikSimulator
import OkikTesting
import Testing

/// The okikctl binary, run as a separate process the way a person runs it.
struct CLI: Sendable {
    /// What one run printed and how it exited.
    struct Result: Sendable, CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var description: String { "exit \(status)\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)" }

        /// Standard output as JSON.
        func json() throws -> JSONValue { try JSONValue.parse(Data(stdout.utf8)) }
    }

    /// okikctl, built beside the test bundle by `swift build --build-tests` (and `swift test`).
    static var binary: URL? {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [
            beside.appendingPathComponent("okikctl"),
            beside.deletingLastPathComponent().appendingPathComponent("okikctl"),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent(".build/debug/okikctl"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    let kubeconfig: String?
    /// `OKIK_HOME` for the in-process mode's state.
    let home: String
    var environment: [String: String] = [:]

    /// Runs `okikctl ARGUMENTS` (with `--kubeconfig` appended when the command takes it), feeding `stdin`.
    func callAsFunction(_ arguments: String..., stdin: String = "", kubeconfig addKubeconfig: Bool = true) async throws -> Result {
        try await run(arguments, stdin: stdin, addKubeconfig: addKubeconfig)
    }

    func run(_ arguments: [String], stdin: String = "", addKubeconfig: Bool = true) async throws -> Result {
        let binary = try #require(Self.binary, "okikctl was not built (swift build --build-tests builds it)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("okikctl-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let paths = ["in", "out", "err"].map { directory.appendingPathComponent($0).path }
        _ = FileManager.default.createFile(atPath: paths[0], contents: Data(stdin.utf8))
        _ = FileManager.default.createFile(atPath: paths[1], contents: nil)
        _ = FileManager.default.createFile(atPath: paths[2], contents: nil)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments + (addKubeconfig ? kubeconfig.map { ["--kubeconfig", $0] } ?? [] : [])
        var environment = ProcessInfo.processInfo.environment
        for name in ["KUBECONFIG", "OKIK_TOKEN", "NO_COLOR", "OPENAI_API_KEY", "ANTHROPIC_API_KEY"] { environment[name] = nil }
        environment["OKIK_HOME"] = home
        environment["USER"] = "tester"
        for (name, value) in self.environment { environment[name] = value }
        process.environment = environment
        process.standardInput = FileHandle(forReadingAtPath: paths[0])
        process.standardOutput = FileHandle(forWritingAtPath: paths[1])
        process.standardError = FileHandle(forWritingAtPath: paths[2])
        let status = try await runToExit(process)
        return Result(
            status: status, stdout: try String(contentsOfFile: paths[1], encoding: .utf8),
            stderr: try String(contentsOfFile: paths[2], encoding: .utf8))
    }
}

/// A simulated cluster with okik-server running in this process behind the simulator's service proxy (a Service
/// `okik-agent` or `okik-watchdog` in okik-system whose Endpoints point at the server's loopback port), its tokens
/// in the `okik-api-tokens` Secret, and okikctl pointed at the cluster's kubeconfig: OKIK as deployed, seen by the
/// CLI exactly as in a real cluster.
struct CLIFixture: Sendable {
    static let tokens: [AccessRole: String] = [
        .viewer: "viewer-token-0000000001", .operator: "operator-token-000000001",
        .approver: "approver-token-00000001", .admin: "admin-token-00000000001",
    ]

    static var tokenFile: TokenFile {
        TokenFile(entries: AccessRole.allCases.map { TokenFile.Entry(role: $0, name: "\($0)-person", token: tokens[$0]!) })
    }

    let cluster: SimulatedCluster
    let runtime: OkikRuntime
    let cli: CLI
    /// The server's loopback port.
    let port: Int

    /// Runs `body` with a fresh cluster, OKIK deployed into it (unless `deployed` is false: then okikctl finds no
    /// server) and okikctl pointed at it.
    static func run(
        scenario: String = "crashloop", level: AutonomyLevel = .l1, mode: ServerMode = .agent, deployed: Bool = true,
        tokensSecret: Bool = true, _ body: @Sendable (CLIFixture) async throws -> Void
    ) async throws {
        let cluster = try await SimulatedCluster.start(scenario)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("okikctl-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        do {
            let kubeconfig = try cluster.simulator.writeKubeconfig(to: directory.appendingPathComponent("kubeconfig").path)
            let cli = CLI(kubeconfig: kubeconfig, home: directory.appendingPathComponent("home").path)
            let runtime = try await OkikRuntime.start(
                OkikRuntimeConfiguration(
                    cluster: .client(cluster.client),
                    gatekeeper: GatekeeperConfiguration(level: level, rateLimits: .unlimited), clock: cluster.clock),
                logger: SimulatedCluster.quietLogger)
            try await withLoopbackServer(
                configuration: ServerConfiguration(tokens: tokenFile, mode: mode), runtime: runtime,
                logger: SimulatedCluster.quietLogger
            ) { port in
                if deployed {
                    try await expose(port: port, service: mode == .agent ? OkikInstallation.agentService : OkikInstallation.watchdogService, in: cluster)
                    if tokensSecret { try await storeTokens(in: cluster) }
                }
                try await body(CLIFixture(cluster: cluster, runtime: runtime, cli: cli, port: port))
            }
            await runtime.shutdown()
        } catch {
            await cluster.stop()
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
        await cluster.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// okik-system, the Service on port `http` 8000, and its Endpoints at 127.0.0.1:`port`.
    static func expose(port: Int, service: String, in cluster: SimulatedCluster) async throws {
        let client = cluster.client
        _ = try? await client.clusterScoped(Namespace.self).create(Namespace(metadata: ObjectMeta(name: OkikInstallation.namespace)))
        let services = client.dynamic(GroupVersionResource(group: "", version: "v1", resource: "services"), namespaced: true, in: .named(OkikInstallation.namespace))
        _ = try await services.create(UnstructuredObject([
            "apiVersion": "v1", "kind": "Service",
            "metadata": ["name": .string(service), "namespace": .string(OkikInstallation.namespace)],
            "spec": ["selector": ["app.kubernetes.io/name": "okik"], "ports": [["name": "http", "port": .int(OkikInstallation.port), "targetPort": .int(OkikInstallation.port)]]],
        ]))
        let endpoints = client.dynamic(GroupVersionResource(group: "", version: "v1", resource: "endpoints"), namespaced: true, in: .named(OkikInstallation.namespace))
        _ = try await endpoints.create(UnstructuredObject([
            "apiVersion": "v1", "kind": "Endpoints",
            "metadata": ["name": .string(service), "namespace": .string(OkikInstallation.namespace)],
            "subsets": [["addresses": [["ip": "127.0.0.1"]], "ports": [["name": "http", "port": .int(port)]]]],
        ]))
    }

    /// The token file in the okik-api-tokens Secret, where okikctl finds a token when the user may read it.
    static func storeTokens(in cluster: SimulatedCluster) async throws {
        let text = tokenFile.entries.map { "\($0.role):\($0.name):\($0.token)" }.joined(separator: "\n")
        _ = try await cluster.client.namespaced(Secret.self, in: .named(OkikInstallation.namespace)).create(
            Secret(
                metadata: ObjectMeta(name: OkikInstallation.tokensSecret, namespace: OkikInstallation.namespace),
                data: [OkikInstallation.tokensSecretKey: Data(text.utf8).base64EncodedString()]))
    }
}

/// Runs a process to its end (terminated after `seconds`) and answers its status. Waits on a dedicated thread: on
/// Linux the cooperative pool's threads also serve the in-process servers the process talks to.
func runToExit(_ process: Process, seconds: Double = 120) async throws -> Int32 {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            do {
                try process.run()
                let deadline = Date().addingTimeInterval(seconds)
                while process.isRunning && Date() < deadline { usleep(10_000) }
                if process.isRunning { process.terminate() }
                process.waitUntilExit()
                continuation.resume(returning: process.terminationStatus)
            } catch {
                continuation.resume(throwing: error)
            }
        }
    }
}
