import Foundation
import OkikKit
import OkikKubeClient
import OkikSimulator
import OkikTesting
import Testing

/// Two OKIK processes on one audit database approve the same 100 plans at once, and one is killed with SIGKILL
/// mid-run: every plan runs at most once, and every write the API server saw has its intent row.
@Suite("Plans run at most once across processes, even under kill -9", .serialized)
struct ApprovalDrillTests {
    /// The drill program, built next to the test bundle by `swift build --build-tests`.
    static var drill: URL? {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [
            beside.appendingPathComponent("okik-approval-drill"),
            beside.deletingLastPathComponent().appendingPathComponent("okik-approval-drill"),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent(".build/debug/okik-approval-drill"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    @Test("100 plans, two approving processes, one killed with SIGKILL")
    func killNineDuringConcurrentApprovals() async throws {
        let drill = try #require(Self.drill, "okik-approval-drill was not built (swift build --build-tests builds it)")
        let directory = try TemporaryPath()
        try await withSimulator { simulator, client in
            _ = try await client.clusterScoped(Namespace.self).create(Namespace(metadata: ObjectMeta(name: "drill")))
            let deployments = client.dynamic(
                GroupVersionResource(group: "apps", version: "v1", resource: "deployments"), namespaced: true, in: .named("drill"))
            for index in 0..<100 {
                _ = try await deployments.create(UnstructuredObject([
                    "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": .string("d-\(index)"), "namespace": "drill"],
                    "spec": ["replicas": 1, "selector": ["matchLabels": ["app": .string("d-\(index)")]],
                             "template": ["metadata": ["labels": ["app": .string("d-\(index)")]],
                                          "spec": ["containers": [["name": "app", "image": "app:1"]]]]],
                ]))
            }
            let store = try SQLiteAuditStore(path: directory.path)
            let executor = try await GatedToolExecutor.start(
                client: client, store: store,
                configuration: GatekeeperConfiguration(level: .l1, rateLimits: .unlimited, dryRunPreview: false),
                logger: testLogger)
            var ids: [UUID] = []
            for index in 0..<100 {
                let report = try await executor.execute(
                    ToolInvocation(tool: "scale_deployment", arguments: ["namespace": "drill", "name": .string("d-\(index)"), "replicas": 2]),
                    caller: agent)
                guard case .queued(let plan) = report.outcome else { throw TestFailure("not queued: \(report.textForModel)") }
                ids.append(plan.id)
            }
            let idsFile = directory.directory + "/plans.txt"
            try ids.map(\.uuidString).joined(separator: "\n").write(toFile: idsFile, atomically: true, encoding: .utf8)
            let kubeconfig = try simulator.writeKubeconfig(to: directory.directory + "/kubeconfig")
            simulator.requests.reset()

            func launch(_ name: String) throws -> Process {
                let process = Process()
                process.executableURL = drill
                process.arguments = [directory.path, kubeconfig, idsFile, name]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                return process
            }
            let victim = try launch("alice")
            let survivor = try launch("bob")
            // Kill one as soon as it has started approving (or after a second at most).
            let deadline = ContinuousClock.now + .seconds(1)
            while ContinuousClock.now < deadline {
                if try await store.plans(PlanQuery(states: [.executing, .executed], limit: 1)).count > 0 { break }
                try await Task.sleep(for: .milliseconds(5))
            }
            kill(victim.processIdentifier, SIGKILL)
            victim.waitUntilExit()
            let waitLimit = ContinuousClock.now + .seconds(120)
            while survivor.isRunning, ContinuousClock.now < waitLimit { try await Task.sleep(for: .milliseconds(20)) }
            if survivor.isRunning { survivor.terminate() }
            #expect(survivor.terminationStatus == 0)

            // Every deployment was written at most once.
            let writes = simulator.requests.entries.filter { $0.method != "GET" && !$0.dryRun && $0.path.contains("/namespaces/drill/deployments/") }
            // `/apis/apps/v1/namespaces/drill/deployments/d-7/scale` -> `d-7`
            func deployment(_ path: String) -> String {
                let parts = path.split(separator: "/").map(String.init)
                return parts.firstIndex(of: "deployments").map { parts[$0 + 1] } ?? path
            }
            let perDeployment = Dictionary(grouping: writes) { deployment($0.path) }.mapValues(\.count)
            #expect(perDeployment.values.allSatisfy { $0 == 1 }, "\(perDeployment.filter { $0.value > 1 })")
            #expect(writes.count >= 1)
            // Every write has its intent row.
            let intents = try await store.entries(AuditQuery(kinds: [.intent], tool: "scale_deployment", limit: 10_000))
            let intended = Set(intents.compactMap { $0.targets })
            let missing = perDeployment.keys.filter { !intended.contains("Deployment drill/\($0)") }
            #expect(missing.isEmpty, "writes without an intent row: \(missing.sorted())")
            // No plan shows more than one run, and the executed ones match the writes.
            let plans = try await store.plans(PlanQuery(limit: 1_000))
            #expect(plans.count == 100)
            #expect(plans.allSatisfy { $0.results.count <= 1 })
            let executed = plans.filter { $0.state == .executed }
            #expect(executed.count <= writes.count)
            #expect(plans.filter { $0.state == .pending }.isEmpty, "the survivor approves whatever the victim did not")
            print("drill: \(writes.count) writes, states \(Dictionary(grouping: plans, by: \.state.rawValue).mapValues(\.count))")
        }
    }
}
