#if canImport(Glibc)
import Glibc
#endif
import Foundation
import OkikKit
import Testing

/// Issue #20's first walk-through with no cluster: `okikctl sim start` runs OKIK's own pod as the real okik-server
/// process, `okikctl deploy --watchdog` installs it, the watchdog quarantines the crash-looping Deployment, okikctl
/// sees it through the service proxy, restores it, and `okikctl remove` leaves nothing behind.
@Suite("The whole product, end to end, on the simulator")
struct EndToEndTests {
    @Test func deployTheWatchdogLetItQuarantineRestoreAndRemove() async throws {
        let binary = try #require(CLI.binary, "okikctl was not built")
        let server = binary.deletingLastPathComponent().appendingPathComponent("okik-server")
        try #require(FileManager.default.isExecutableFile(atPath: server.path), "okik-server was not built")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("okik-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let kubeconfig = directory.appendingPathComponent("kubeconfig").path

        // The simulated cluster, in its own process, on a real-time clock ten minutes into the crash loop.
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
        let cli = CLI(kubeconfig: kubeconfig, home: directory.appendingPathComponent("home").path)

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
