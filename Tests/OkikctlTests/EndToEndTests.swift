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

            // The server's pod is deleted; the stop is set while nothing answers; the new pod starts stopped.
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

            #expect(try await cli("remove").status == 0)
        }
    }
}
