import Foundation
import OkikKit
import OkikServer
import OkikTesting
import Testing

/// A second, independent MCP client: the official Python SDK (PyPI `mcp`), running Tests/MCPClients/python_client.py
/// over stdio against the okikctl binary and over streamable HTTP against okik-server's routes. Runs when a Python
/// with the `mcp` package is found: `$OKIK_MCP_PYTHON`, else `python3`; skipped otherwise (.ci/run installs one in
/// `.build/mcp-python` when PyPI answers).
@Suite("A second MCP client (Python SDK)", .serialized, .enabled(if: PythonMCPClient.python != nil))
struct PythonMCPClientTests {
    @Test func overStdio() async throws {
        let okikctl = try #require(CLI.binary)
        let seen = try await PythonMCPClient.run(["stdio", okikctl.path, "--sim", "crashloop"])
        try PythonMCPClient.check(seen, caller: "mcp:")
    }

    @Test func overStreamableHTTP() async throws {
        let cluster = try await SimulatedCluster.start("crashloop")
        do {
            let runtime = try await OkikRuntime.start(
                OkikRuntimeConfiguration(
                    cluster: .client(cluster.client),
                    gatekeeper: GatekeeperConfiguration(level: .l1, rateLimits: .unlimited), clock: cluster.clock),
                logger: SimulatedCluster.quietLogger)
            try await withLoopbackServer(
                configuration: ServerConfiguration(tokens: CLIFixture.tokenFile), runtime: runtime,
                logger: SimulatedCluster.quietLogger
            ) { port in
                let seen = try await PythonMCPClient.run(
                    ["http", "http://127.0.0.1:\(port)/mcp", CLIFixture.tokens[.operator]!])
                try PythonMCPClient.check(seen, caller: "mcp:operator-person")
            }
            await runtime.shutdown()
        } catch {
            await cluster.stop()
            throw error
        }
        await cluster.stop()
    }
}

enum PythonMCPClient {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("MCPClients/python_client.py").path

    /// A Python that imports `mcp`, or nil.
    static let python: String? = {
        let environment = ProcessInfo.processInfo.environment
        let candidates = [environment["OKIK_MCP_PYTHON"], "python3"].compactMap { $0 }.filter { !$0.isEmpty }
        return candidates.first { candidate in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [candidate, "-c", "import mcp"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { return false }
            process.waitUntilExit()
            return process.terminationStatus == 0
        }
    }()

    /// Runs the script and decodes the JSON it prints.
    static func run(_ arguments: [String]) async throws -> JSONValue {
        let python = try #require(python)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("okik-python-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("out").path, err = directory.appendingPathComponent("err").path
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        _ = FileManager.default.createFile(atPath: err, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, script] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["OKIK_HOME"] = directory.appendingPathComponent("home").path
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle(forWritingAtPath: out)
        process.standardError = FileHandle(forWritingAtPath: err)
        let status = try await runToExit(process)
        let printed = try String(contentsOfFile: out, encoding: .utf8)
        let logged = (try? String(contentsOfFile: err, encoding: .utf8)) ?? ""
        try #require(status == 0, "python_client.py exited \(status): \(logged)")
        return try JSONValue.parse(Data(printed.utf8))
    }

    /// What the Python client saw, against what OKIK promises.
    static func check(_ seen: JSONValue, caller: String) throws {
        #expect(seen["server"]?.stringValue == "okik")
        let tools = Set((seen["tools"]?.arrayValue ?? []).compactMap(\.stringValue))
        #expect(tools == Set(ToolRegistry.builtIn.descriptors.map(\.name)))
        #expect(seen["get_pods"]?["isError"]?.boolValue == false)
        #expect(seen["get_pods"]?["text"]?.stringValue?.contains("CrashLoopBackOff") == true)
        #expect(seen["scale"]?["isError"]?.boolValue == false)
        let planID = try #require(seen["scale"]?["structured"]?["plan"]?["id"]?.stringValue)
        #expect(seen["scale"]?["text"]?.stringValue?.contains("plan \(planID)") == true)
        #expect(seen["protected"]?["isError"]?.boolValue == true)
        #expect(seen["protected"]?["text"]?.stringValue?.contains("protected") == true)
        let pending = seen["pending"]?.stringValue ?? ""
        #expect(pending.contains(planID))
        #expect(pending.contains(caller))
        #expect(seen["prompts"]?.arrayValue?.compactMap(\.stringValue) == ["diagnose_namespace", "explain_finding"])
    }
}
