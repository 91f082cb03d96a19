import Foundation
import OkikKit
import OkikSimulator
import OkikTesting
import Testing

/// The rendered manifests against the real kubectl (v1.32) and an in-process simulator: a server-side dry run
/// accepts every object and creates nothing, a real apply creates them with the security settings intact (read back
/// through the API), and the kustomize overlays build and apply the same way.
@Suite("Deployment manifests with kubectl", .serialized, .enabled(if: KubectlRunner.isAvailable))
struct DeploymentKubectlTests {
    static let secrets = DeploymentSecrets(apiKey: "sk-test-kubectl-key", tokens: "admin:alice:tok-kubectl\n")

    @Test(arguments: OkikDeployment.Mode.allCases)
    func aServerSideDryRunAcceptsEveryObjectAndCreatesNothing(mode: OkikDeployment.Mode) async throws {
        let deployment = DeploymentManifestsTests.description(mode)
        let manifests = deployment.manifests(secrets: Self.secrets)
        try await withSimulator { simulator, client in
            try await KubectlRunner.with(simulator) { kubectl in
                // A dry run persists nothing, so the namespace must exist for the namespaced objects, as in a cluster.
                let namespace = try await kubectl.run(
                    ["apply", "-f", "-"], stdin: ManifestYAML.stream([DeploymentManifests.json(manifests.namespace)]))
                #expect(namespace.succeeded, "\(namespace)")
                let result = try await kubectl.run(["apply", "--dry-run=server", "-f", "-"], stdin: manifests.yaml())
                #expect(result.succeeded, "\(result)")
                #expect(result.stderr.isEmpty, "no warnings (unknown fields, deprecations): \(result.stderr)")
                let lines = result.stdout.split(separator: "\n")
                #expect(lines.count == manifests.objects.count, "\(result.stdout)")
                #expect(lines.allSatisfy { $0.hasSuffix("(server dry run)") }, "\(result.stdout)")
                #expect(lines.filter { $0.hasSuffix(" created (server dry run)") }.count == manifests.objects.count - 1)
            }
            #expect(try await client.clusterScoped(ClusterRole.self).getIfPresent(deployment.name) == nil)
            let namespace = OkikInstallation.namespace
            #expect(try await client.namespaced(Deployment.self, in: .named(namespace)).list().items.isEmpty)
            #expect(try await client.namespaced(Secret.self, in: .named(namespace)).list().items.allSatisfy {
                !$0.name.hasPrefix("okik-")
            })
            #expect(try await client.namespaced(ConfigMap.self, in: .named(namespace)).getIfPresent(ControlConfigMap.defaultName) == nil)
        }
    }

    @Test(arguments: OkikDeployment.Mode.allCases)
    func anAppliedInstallationReadsBackWithItsSecuritySettings(mode: OkikDeployment.Mode) async throws {
        let deployment = DeploymentManifestsTests.description(mode)
        let manifests = deployment.manifests(secrets: Self.secrets)
        try await withSimulator { simulator, client in
            try await KubectlRunner.with(simulator) { kubectl in
                let result = try await kubectl.run(["apply", "-f", "-"], stdin: manifests.yaml())
                #expect(result.succeeded, "\(result)")
                #expect(result.stderr.isEmpty, "no warnings (unknown fields, deprecations): \(result.stderr)")
                // Applying again changes nothing.
                let again = try await kubectl.run(["apply", "-f", "-"], stdin: manifests.yaml())
                #expect(again.succeeded, "\(again)")
                #expect(again.stdout.split(separator: "\n").allSatisfy { $0.hasSuffix(" unchanged") }, "\(again.stdout)")
            }
            let namespace = OkikInstallation.namespace
            let stored = try await client.namespaced(Deployment.self, in: .named(namespace)).get(deployment.name)
            try DeploymentAssertions.expectSecure(stored, mode: mode)
            // The key reaches the container only through a secretKeyRef, never as a value or an argument.
            let container = try #require(stored.spec?.template?.spec?.containers?.first)
            #expect(!(container.args ?? []).contains { $0.contains("sk-test-kubectl-key") })
            #expect((container.env ?? []).allSatisfy { $0.value?.contains("sk-test-kubectl-key") != true })
            let keyVariable = (container.env ?? []).first { $0.name == OkikDeployment.apiKeyVariable }
            #expect(keyVariable?.valueFrom?.secretKeyRef?.name == (mode == .agent ? OkikInstallation.apiKeySecret : nil))
            let role = try await client.clusterScoped(ClusterRole.self).get(deployment.name)
            #expect(DeploymentAssertions.triples(role.rules ?? []) == DeploymentAssertions.triples(deployment.clusterRules))
            #expect(!(role.rules ?? []).contains { ($0.resources ?? []).contains("secrets") })
            let binding = try await client.clusterScoped(ClusterRoleBinding.self).get(deployment.name)
            #expect(binding.subjects == [Subject(kind: "ServiceAccount", name: deployment.name, namespace: namespace)])
            let controlRole = try await client.namespaced(Role.self, in: .named(namespace)).get(ControlConfigMap.defaultName)
            #expect(DeploymentAssertions.triples(controlRole.rules ?? []) == DeploymentAssertions.triples(OkikDeployment.controlRules))
            let configMap = try await client.namespaced(ConfigMap.self, in: .named(namespace)).get(ControlConfigMap.defaultName)
            #expect(configMap.data?.isEmpty != false)
            #expect(try await client.namespaced(ConfigMap.self, in: .named(namespace)).list().items.allSatisfy {
                !($0.data ?? [:]).values.contains { $0.contains("sk-test-kubectl-key") }
            })
            let service = try await client.namespaced(Service.self, in: .named(namespace)).get(deployment.name)
            #expect(service.spec?.ports?.first?.port == 8000 && service.spec?.ports?.first?.name == "http")
            let claim = try await client.namespaced(PersistentVolumeClaim.self, in: .named(namespace)).getIfPresent(deployment.claimName)
            #expect(claim != nil)
            let secrets = try await client.namespaced(Secret.self, in: .named(namespace)).list().items
            #expect(Set(secrets.map(\.name)).isSuperset(of: mode == .agent ? ["okik-api-tokens", "okik-llm"] : ["okik-api-tokens"]))
            // Every object OKIK made carries its label, so `okikctl remove` can find them all.
            let labelled = ListOptions(labelSelector: "app.kubernetes.io/name=okik")
            #expect(try await client.namespaced(ServiceAccount.self, in: .named(namespace)).list(labelled).items.map(\.name) == [deployment.name])
            #expect(try await client.namespaced(RoleBinding.self, in: .named(namespace)).list(labelled).items.count == 1)
            #expect(try await client.clusterScoped(Namespace.self).list(labelled).items.map(\.name) == [namespace])
        }
    }

    @Test(arguments: OkikDeployment.Mode.allCases)
    func theKustomizeOverlaysBuildAndPassAServerSideDryRun(mode: OkikDeployment.Mode) async throws {
        let files = KustomizeLayout.files()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("okik-kustomize-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        // The user's two files, never committed.
        try "admin:alice:tok-kustomize\n".write(
            to: root.appendingPathComponent("base/\(KustomizeLayout.tokensFile)"), atomically: true, encoding: .utf8)
        try "sk-test-kustomize-key\n".write(
            to: root.appendingPathComponent("overlays/agent/\(KustomizeLayout.apiKeyFile)"), atomically: true, encoding: .utf8)
        let overlay = root.appendingPathComponent("overlays/\(mode.rawValue)").path
        try await withSimulator { simulator, client in
            try await KubectlRunner.with(simulator) { kubectl in
                let built = try await kubectl.run(["kustomize", overlay])
                #expect(built.succeeded, "\(built)")
                let objects = try DeploymentAssertions.documents(built.stdout)
                let kinds = objects.compactMap { $0["kind"]?.stringValue }.sorted()
                let description = mode == .agent ? KustomizeLayout.agent : KustomizeLayout.watchdog
                let expected = description.manifests(
                    secrets: DeploymentSecrets(apiKey: mode == .agent ? "k" : nil, tokens: "t")
                ).objects.compactMap { $0["kind"]?.stringValue }.sorted()
                #expect(kinds == expected)
                for object in objects {
                    #expect(object.value(at: ["metadata", "labels", "app.kubernetes.io/name"]) == "okik")
                }
                let secretNames = objects.filter { $0["kind"] == "Secret" }.compactMap { $0.value(at: ["metadata", "name"])?.stringValue }
                #expect(Set(secretNames) == (mode == .agent ? ["okik-api-tokens", "okik-llm"] : ["okik-api-tokens"]))
                let deployment = try #require(objects.first { $0["kind"] == "Deployment" })
                try DeploymentAssertions.expectSecure(try deployment.decode(as: Deployment.self), mode: mode)

                // A dry run persists nothing, so the namespace must exist for the namespaced objects, as in a cluster.
                let namespace = try await kubectl.run(
                    ["apply", "-f", root.appendingPathComponent("base/namespace.yaml").path])
                #expect(namespace.succeeded, "\(namespace)")
                let dryRun = try await kubectl.run(["apply", "--dry-run=server", "-k", overlay])
                #expect(dryRun.succeeded, "\(dryRun)")
                #expect(dryRun.stderr.isEmpty, "no warnings: \(dryRun.stderr)")
                let applied = try await kubectl.run(["apply", "-k", overlay])
                #expect(applied.succeeded, "\(applied)")
            }
            let stored = try await client.namespaced(Deployment.self, in: .named(OkikInstallation.namespace))
                .get(mode == .agent ? OkikInstallation.agentService : OkikInstallation.watchdogService)
            try DeploymentAssertions.expectSecure(stored, mode: mode)
        }
    }
}
