import Foundation
import OkikKit
import OkikSimulator
import OkikTesting
import Testing

/// `okikctl deploy` and `okikctl remove` against a simulated cluster: server-side apply, the rollout, updating in
/// place, refusals, the key kept out of everything printed, and a removal that leaves nothing and can run twice.
@Suite("okikctl deploy and remove")
struct DeployTests {
    static let key = "sk-test-0123456789abcdefDEPLOYKEY"

    @Test func aDryRunPrintsTheManifestsWithoutTheKey() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("okikctl-deploy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let keyFile = directory.appendingPathComponent("key").path
        try Self.key.write(toFile: keyFile, atomically: true, encoding: .utf8)
        let cli = CLI(kubeconfig: nil, home: directory.path)
        let yaml = try await cli(
            "deploy", "--llm-provider", "openai", "--api-key-file", keyFile, "--dry-run", "-o", "yaml", kubeconfig: false)
        #expect(yaml.status == 0, "\(yaml)")
        for kind in ["Namespace", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Secret", "ConfigMap", "Deployment", "Service", "PersistentVolumeClaim"] {
            #expect(yaml.stdout.contains("kind: \(kind)\n"), "no \(kind) in \(yaml.stdout)")
        }
        #expect(yaml.stdout.contains("<redacted>"))
        #expect(!yaml.stdout.contains(Self.key) && !yaml.stderr.contains(Self.key))
        #expect(yaml.stdout.contains("readOnlyRootFilesystem: true"))

        let onTheCommandLine = try await cli("deploy", "--api-key", Self.key, "--dry-run", "-o", "yaml", kubeconfig: false)
        #expect(onTheCommandLine.stderr.contains("shell history"), "\(onTheCommandLine)")
        #expect(!onTheCommandLine.stdout.contains(Self.key))
    }

    @Test func deployUpdateInPlaceAndRemoveTwice() async throws {
        try await CLIFixture.run(scenario: "crashloop", deployed: false) { fixture in
            // The scenario's cluster has no default StorageClass: a claim would never bind, and deploy says so.
            let noStorage = try await fixture.cli("deploy", "--watchdog")
            #expect(noStorage.status == 1, "\(noStorage)")
            #expect(noStorage.stderr.contains("no default StorageClass"), "\(noStorage)")

            // The simulated clock moves while deploy waits for the rollout.
            let ticking = Task {
                while !Task.isCancelled {
                    await fixture.cluster.simulator.advance(by: .seconds(5))
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            defer { ticking.cancel() }
            let deployed = try await fixture.cli("deploy", "--watchdog", "--ephemeral", "--timeout", "60")
            #expect(deployed.status == 0, "\(deployed)")
            #expect(deployed.stdout.contains("okik-watchdog is ready."), "\(deployed)")
            let client = fixture.cluster.client
            let namespace = OkikInstallation.namespace
            let deployment = try await client.namespaced(Deployment.self, in: .named(namespace)).get("okik-watchdog")
            #expect(deployment.spec?.strategy?.type == "Recreate")
            let raw = try await client.dynamic(
                GroupVersionResource(group: "apps", version: "v1", resource: "deployments"), namespaced: true, in: .named(namespace)
            ).get("okik-watchdog")
            let managers = raw.json["metadata"]?["managedFields"]?.arrayValue?.compactMap { $0["manager"]?.stringValue } ?? []
            #expect(managers.contains("okikctl"), "\(managers)")
            let secret = try await client.namespaced(Secret.self, in: .named(namespace)).get(OkikInstallation.tokensSecret)
            let tokens = try #require(secret.data?[OkikInstallation.tokensSecretKey].flatMap { Data(base64Encoded: $0) })
            #expect(String(decoding: tokens, as: UTF8.self).hasPrefix("admin:tester:"))

            // Again: updated in place, the tokens kept.
            let again = try await fixture.cli("deploy", "--watchdog", "--ephemeral", "--level", "L3", "--timeout", "60")
            #expect(again.status == 0, "\(again)")
            let kept = try await client.namespaced(Secret.self, in: .named(namespace)).get(OkikInstallation.tokensSecret)
            #expect(kept.data == secret.data)
            let updated = try await client.namespaced(Deployment.self, in: .named(namespace)).get("okik-watchdog")
            #expect(updated.spec?.template?.spec?.containers?.first?.args?.contains("L3") == true, "\(String(describing: updated.spec?.template?.spec?.containers?.first?.args))")

            let removed = try await fixture.cli("remove")
            #expect(removed.status == 0, "\(removed)")
            #expect(removed.stdout.contains("OKIK is gone."), "\(removed)")
            #expect(try await client.clusterScoped(Namespace.self).getIfPresent(namespace) == nil)
            #expect(try await client.clusterScoped(ClusterRole.self).getIfPresent("okik-watchdog") == nil)
            let twice = try await fixture.cli("remove")
            #expect(twice.status == 0, "\(twice)")
            #expect(twice.stdout.contains("Nothing of OKIK was found"), "\(twice)")
        }
    }

    @Test func toolTestAsksTheClusterWhatOKIKsAccountMayDo() async throws {
        try await CLIFixture.run(scenario: "crashloop", deployed: false) { fixture in
            let none = try await fixture.cli("tool", "test")
            #expect(none.status == 1)
            #expect(none.stderr.contains("no OKIK service account"), "\(none)")

            #expect(try await fixture.cli("deploy", "--watchdog", "--ephemeral", "--no-wait").status == 0)
            let watchdog = try await fixture.cli("tool", "test", "-o", "json")
            #expect(watchdog.status == 4, "\(watchdog)")
            let accesses = try #require(watchdog.json().arrayValue)
            func access(_ tool: String) -> JSONValue? { accesses.first { $0["tool"]?.stringValue == tool } }
            #expect(access("(runtime)")?["allowed"]?.boolValue == true)
            #expect(access("quarantine_deployment")?["allowed"]?.boolValue == true)
            #expect(access("get_pod_logs")?["missing"]?.arrayValue?.compactMap(\.stringValue) == ["get pods/log"])
            #expect(access("delete_namespace")?["allowed"]?.boolValue == false)

            #expect(try await fixture.cli("deploy", "--ephemeral", "--no-wait").status == 0)
            let agent = try await fixture.cli("tool", "test", "--service-account", "okik-system/okik-agent")
            #expect(agent.status == 0, "\(agent)")
            #expect(agent.stdout.contains("system:serviceaccount:okik-system:okik-agent"), "\(agent)")
        }
    }
}

