import Foundation
import OkikKit
import OkikServer
import OkikTesting
import Testing

/// okikctl's conventions: exit codes, refusals, the in-process fallback, the emergency stop without a server, and
/// help that explains.
@Suite("okikctl conventions")
struct ConventionsTests {
    @Test func exitCodesSayWhatHappened() async throws {
        try await CLIFixture.run { fixture in
            // 4: the gate refused (a protected namespace).
            let refused = try await fixture.cli(
                "tool", "run", "scale_deployment", "--args", #"{"namespace":"kube-system","name":"coredns","replicas":3}"#)
            #expect(refused.status == 4, "\(refused)")
            #expect(refused.stdout.contains("protected"), "\(refused)")
            // 3: not found.
            #expect(try await fixture.cli("tool", "run", "no_such_tool").status == 3)
            let plan = try await fixture.cli("plan", "show", "DEADBEEF")
            #expect(plan.status == 3, "\(plan)")
            #expect(plan.stderr.contains("no plan DEADBEEF"), "\(plan)")
            // 4: the token's role is below the route's.
            let viewer = try await fixture.cli("autonomy", "set", "L4", "--token", CLIFixture.tokens[.viewer]!)
            #expect(viewer.status == 4, "\(viewer)")
            #expect(viewer.stderr.contains("403"), "\(viewer)")
            #expect(await fixture.runtime.executor.controls.current.level == .l1)
            // 1: bad input, said plainly.
            let args = try await fixture.cli("tool", "run", "get_pods", "--args", "[1]")
            #expect(args.status != 0)
            #expect(args.stderr.contains("--args must be a JSON object"), "\(args)")
            // 0, with a table.
            let tools = try await fixture.cli("tool", "list")
            #expect(tools.status == 0)
            #expect(tools.stdout.contains("quarantine_deployment"), "\(tools)")
        }
    }

    @Test func serverFlagGoesStraightToTheServer() async throws {
        try await CLIFixture.run { fixture in
            let url = "http://127.0.0.1:\(fixture.port)"
            let report = try await fixture.cli(
                "optimise", "--server", url, "--token", CLIFixture.tokens[.operator]!, "--category", "availability", "-o", "json",
                kubeconfig: false)
            #expect(report.status == 0, "\(report)")
            #expect(try report.json()["score"]?.intValue != nil, "\(report)")
            // Reconciling through the server needs an admin token.
            let refused = try await fixture.cli(
                "optimise", "--server", url, "--token", CLIFixture.tokens[.operator]!, "--reconcile", kubeconfig: false)
            #expect(refused.status == 4, "\(refused)")
            // No token: the server's 401, said plainly.
            let anonymous = try await fixture.cli("status", "--server", url, kubeconfig: false)
            #expect(anonymous.status == 1, "\(anonymous)")
            #expect(anonymous.stderr.contains("401"), "\(anonymous)")
            // Nothing listening: the address and what to check.
            let refusedConnection = try await fixture.cli("status", "--server", "http://127.0.0.1:1", kubeconfig: false)
            #expect(refusedConnection.status == 1)
            #expect(refusedConnection.stderr.contains("connection refused at http://127.0.0.1:1"), "\(refusedConnection)")
        }
    }

    @Test func logsSaysWhenNoOKIKPodRuns() async throws {
        try await CLIFixture.run(deployed: false) { fixture in
            let logs = try await fixture.cli("logs")
            #expect(logs.status == 3, "\(logs)")
            #expect(logs.stderr.contains("no OKIK pod in namespace okik-system"), "\(logs)")
        }
    }

    @Test func withoutADeployedServerCommandsRunOKIKInProcess() async throws {
        try await CLIFixture.run(deployed: false) { fixture in
            let set = try await fixture.cli("autonomy", "set", "L3")
            #expect(set.status == 0, "\(set)")
            #expect(set.stderr.contains("running OKIK in this process"), "\(set)")
            // The level is kept in the local state database for the next command.
            let get = try await fixture.cli("autonomy", "get", "-o", "json")
            #expect(try get.json()["level"]?.stringValue == "L3", "\(get)")
            #expect(FileManager.default.fileExists(atPath: fixture.cli.home + "/okik.db"))
            let status = try await fixture.cli("status", "-o", "json")
            #expect(try status.json()["mode"]?.stringValue == "in-process", "\(status)")
            // The feed needs a running server: watch says so.
            let watch = try await fixture.cli("watch", "--count", "1")
            #expect(watch.status == 1)
            #expect(watch.stderr.contains("no OKIK server found"), "\(watch)")
        }
    }

    @Test func theEmergencyStopHoldsWithTheServerStopped() async throws {
        try await CLIFixture.run(deployed: false) { fixture in
            // OKIK was deployed (its namespace is there) but its server is not running.
            _ = try await fixture.cluster.client.clusterScoped(Namespace.self).create(
                Namespace(metadata: ObjectMeta(name: OkikInstallation.namespace)))
            let on = try await fixture.cli("emergency-stop", "on", "--reason", "bad rollout")
            #expect(on.status == 0, "\(on)")
            let record = try await ControlConfigMap.read(
                client: fixture.cluster.client, namespace: ControlConfigMap.defaultNamespace, name: ControlConfigMap.defaultName)
            #expect(record?.emergencyStop == true)
            #expect(record?.emergencyStopReason == "bad rollout")

            // A server that starts now starts stopped.
            let runtime = try await OkikRuntime.start(
                OkikRuntimeConfiguration(
                    cluster: .client(fixture.cluster.client), clock: fixture.cluster.clock, controlMirror: .default),
                logger: SimulatedCluster.quietLogger)
            #expect(await runtime.executor.controls.current.emergencyStop)
            await runtime.shutdown()

            let off = try await fixture.cli("emergency-stop", "off")
            #expect(off.status == 0, "\(off)")
            let status = try await fixture.cli("emergency-stop", "status")
            #expect(status.stdout.contains("emergency stop off"), "\(status)")
            let json = try await fixture.cli("emergency-stop", "status", "-o", "json")
            let places = try #require(json.json().arrayValue)
            #expect(places.first?["emergencyStop"]?.boolValue == false, "\(json)")
            #expect(places.last?["reached"]?.boolValue == false, "\(json)")
        }
    }

    @Test func everyCommandsHelpExplainsWithExamples() async throws {
        let cli = CLI(kubeconfig: nil, home: FileManager.default.temporaryDirectory.path)
        let top = try await cli("--help", kubeconfig: false)
        #expect(top.status == 0)
        for command in [
            "status", "chat", "watch", "optimise", "actions", "plan", "autonomy", "quarantine", "tool", "logs", "emergency-stop",
            "deploy", "remove", "load-test", "mcp",
        ] {
            #expect(top.stdout.contains(command), "okikctl --help does not list \(command)")
            let help = try await cli(command, "--help", kubeconfig: false)
            #expect(help.status == 0, "\(command): \(help)")
            #expect(help.stdout.contains("Examples:"), "\(command) --help has no examples")
            #expect(help.stdout.contains("Exit codes:"), "\(command) --help does not document its exit codes")
            try Snapshot.check(help.stdout, named: "help-\(command)")
        }
        try Snapshot.check(top.stdout, named: "help")
    }
}

/// Text compared with a file under Snapshots/; `OKIK_UPDATE_SNAPSHOTS=1` writes the files instead.
enum Snapshot {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    static func check(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = directory.appendingPathComponent("\(name).txt")
        if ProcessInfo.processInfo.environment["OKIK_UPDATE_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record("no snapshot \(file.lastPathComponent); run the tests with OKIK_UPDATE_SNAPSHOTS=1 to write it", sourceLocation: sourceLocation)
            return
        }
        #expect(text == expected, "\(name) differs from Snapshots/\(name).txt (OKIK_UPDATE_SNAPSHOTS=1 rewrites it)", sourceLocation: sourceLocation)
    }
}
