import Foundation
import OkikKit
import OkikLLM
import Testing

/// ``OkikDeployment``'s rendered manifests, without a cluster: shape, security settings, labels, RBAC per mode and
/// level, where the key goes, and the YAML stream.
@Suite("Deployment manifests")
struct DeploymentManifestsTests {
    static let key = "sk-test-DO-NOT-LEAK-0123456789abcdef"
    static let tokens = "admin:alice:tok-DO-NOT-LEAK-42\n"
    static let agent = OkikDeployment(
        mode: .agent, model: .init(provider: .openAI, name: "gpt-5-mini"), hasAPIKeySecret: true)
    static let watchdog = OkikDeployment(mode: .watchdog)

    static func description(_ mode: OkikDeployment.Mode) -> OkikDeployment { mode == .agent ? agent : watchdog }

    @Test(arguments: OkikDeployment.Mode.allCases)
    func theDeploymentKeepsTheSecuritySettings(mode: OkikDeployment.Mode) throws {
        let manifests = Self.description(mode).manifests()
        try DeploymentAssertions.expectSecure(manifests.deployment, mode: mode)
        #expect(manifests.persistentVolumeClaim?.spec?.accessModes == ["ReadWriteOnce"])
        #expect(manifests.service.metadata.name == (mode == .agent ? OkikInstallation.agentService : OkikInstallation.watchdogService))
        #expect(manifests.service.spec?.ports == [
            Service.Port(name: "http", protocol: "TCP", port: OkikInstallation.port, targetPort: .string("http"))
        ])
        #expect(manifests.service.spec?.selector == manifests.deployment.spec?.template?.metadata?.labels)
        #expect(manifests.deployment.spec?.selector?.matchLabels == manifests.deployment.spec?.template?.metadata?.labels)
        #expect(manifests.namespace.metadata.labels?["pod-security.kubernetes.io/enforce"] == "restricted")
    }

    @Test func ephemeralStorageIsAnEmptyDirAndNoClaim() throws {
        let manifests = OkikDeployment(mode: .watchdog, storage: .ephemeral).manifests()
        #expect(manifests.persistentVolumeClaim == nil)
        try DeploymentAssertions.expectSecure(manifests.deployment, mode: .watchdog, ephemeral: true)
        #expect(!manifests.objects.contains { $0["kind"] == "PersistentVolumeClaim" })
    }

    @Test(arguments: OkikDeployment.Mode.allCases)
    func everyObjectCarriesTheOkikLabelAndTheSharedNames(mode: OkikDeployment.Mode) throws {
        let manifests = Self.description(mode).manifests(secrets: DeploymentSecrets(apiKey: Self.key, tokens: Self.tokens))
        let objects = manifests.objects
        #expect(objects.count == (mode == .agent ? 12 : 11))
        for object in objects {
            #expect(object.value(at: ["metadata", "labels", "app.kubernetes.io/name"]) == "okik", "\(object["kind"] ?? .null)")
            if object["kind"] != "Namespace" && object["kind"] != "ClusterRole" && object["kind"] != "ClusterRoleBinding" {
                #expect(object.value(at: ["metadata", "namespace"]) == "okik-system")
            }
        }
        #expect(manifests.controlConfigMap.metadata.name == ControlConfigMap.defaultName)
        #expect(manifests.controlConfigMap.data == nil, "the running server owns the data; apply must not reset it")
        #expect(manifests.tokensSecret?.metadata.name == "okik-api-tokens")
        #expect(manifests.tokensSecret?.stringData?["tokens"] == Self.tokens)
        #expect(manifests.apiKeySecret?.metadata.name == (mode == .agent ? "okik-llm" : nil))
    }

    @Test(arguments: OkikDeployment.Mode.allCases)
    func theKeyAndTheTokensAppearOnlyInTheirSecrets(mode: OkikDeployment.Mode) throws {
        let manifests = Self.description(mode).manifests(secrets: DeploymentSecrets(apiKey: Self.key, tokens: Self.tokens))
        for object in manifests.objects where object["kind"] != "Secret" {
            let text = object.jsonString()
            #expect(!text.contains(Self.key), "\(object["kind"] ?? .null) holds the key")
            #expect(!text.contains("DO-NOT-LEAK"), "\(object["kind"] ?? .null) holds a secret value")
        }
        #expect(manifests.controlConfigMap.data == nil && manifests.controlConfigMap.binaryData == nil)
        let container = try #require(manifests.deployment.spec?.template?.spec?.containers?.first)
        #expect(!(container.args ?? []).joined(separator: " ").contains("DO-NOT-LEAK"))
        #expect(container.envFrom == nil)
        for variable in container.env ?? [] {
            #expect(variable.value?.contains("DO-NOT-LEAK") != true)
            if variable.name == OkikDeployment.apiKeyVariable {
                #expect(variable.value == nil)
                #expect(variable.valueFrom?.secretKeyRef == Container.KeySelector(name: "okik-llm", key: "api-key"))
            }
        }
        let keyVariable = (container.env ?? []).first { $0.name == OkikDeployment.apiKeyVariable }
        #expect((keyVariable != nil) == (mode == .agent))
        #expect(!"\(DeploymentSecrets(apiKey: Self.key, tokens: Self.tokens))".contains("DO-NOT-LEAK"))
        // The YAML too: only the Secret documents carry the values.
        for document in manifests.yaml().components(separatedBy: "---\n") where !document.contains("kind: Secret") {
            #expect(!document.contains("DO-NOT-LEAK"))
        }
    }

    @Test func theAgentModelFlagsReachTheArgumentsAndTheWatchdogIgnoresThem() {
        let agent = OkikDeployment(
            mode: .agent, level: .l3,
            model: .init(provider: .openAICompatible, name: "qwen3", baseURL: "http://ollama.ai.svc:11434/v1"))
        let args = agent.serverArguments
        #expect(args.contains("--llm-provider") && args.contains("openai-compatible"))
        #expect(args.contains("qwen3") && args.contains("http://ollama.ai.svc:11434/v1"))
        #expect(args.contains("L3"))
        var watchdog = agent
        watchdog.mode = .watchdog
        #expect(!watchdog.serverArguments.contains("--llm-provider"))
        #expect(watchdog.serverArguments.contains("--watchdog"))
        let offline = OkikDeployment(mode: .agent)
        #expect(!offline.serverArguments.contains("--llm-provider"))
        #expect(offline.manifests().deployment.spec?.template?.spec?.containers?.first?.env?
            .contains { $0.name == OkikDeployment.apiKeyVariable } == false)
    }

    // MARK: - RBAC

    @Test(arguments: AutonomyLevel.allCases)
    func theAgentNeverReadsSecretsAndUsesNoWildcards(level: AutonomyLevel) {
        for mode in OkikDeployment.Mode.allCases {
            let deployment = OkikDeployment(mode: mode, level: level)
            let rules = deployment.clusterRules + OkikDeployment.controlRules
            for rule in rules {
                #expect(!(rule.resources ?? []).contains("secrets"))
                #expect(!(rule.resources ?? []).contains("*") && !(rule.verbs ?? []).contains("*"))
                #expect(!(rule.apiGroups ?? []).contains("*"))
                #expect(!(rule.verbs ?? []).contains { ["escalate", "bind", "impersonate"].contains($0) })
            }
            #expect(deployment.manifests().clusterRole.rules == deployment.clusterRules)
        }
    }

    @Test func theWatchdogRoleIsExactlyWhatItUses() {
        let reads = ["core/events", "core/namespaces", "core/nodes", "core/persistentvolumeclaims", "core/pods",
                     "core/resourcequotas", "apps/daemonsets", "apps/deployments", "apps/replicasets",
                     "apps/statefulsets", "batch/cronjobs", "batch/jobs", "autoscaling/horizontalpodautoscalers",
                     "policy/poddisruptionbudgets"]
        var expected = Set(reads.flatMap { resource in ["get", "list", "watch"].map { "\(resource):\($0)" } })
        expected.formUnion(["metrics.k8s.io/pods:get", "metrics.k8s.io/pods:list", "metrics.k8s.io/nodes:get",
                            "metrics.k8s.io/nodes:list"])
        let writes: Set<String> = ["apps/deployments:patch", "apps/deployments/scale:patch",
                                   "autoscaling/horizontalpodautoscalers:patch"]
        #expect(DeploymentAssertions.triples(OkikDeployment(mode: .watchdog).clusterRules) == expected.union(writes))
        // The issue's list is all there: pods, deployments, replicasets, events, nodes, metrics; patch on
        // deployments and their scale.
        let issue: Set<String> = ["core/pods:list", "core/pods:watch", "apps/deployments:list", "apps/replicasets:list",
                                  "core/events:list", "core/nodes:list", "metrics.k8s.io/pods:list",
                                  "metrics.k8s.io/nodes:list", "apps/deployments:patch", "apps/deployments/scale:patch"]
        #expect(issue.isSubset(of: expected.union(writes)))
        #expect(DeploymentAssertions.triples(OkikDeployment(mode: .watchdog, level: .l0).clusterRules) == expected)
        #expect(DeploymentAssertions.triples(OkikDeployment.controlRules) == [
            "core/configmaps:create", "core/configmaps[okik-control]:get", "core/configmaps[okik-control]:list",
            "core/configmaps[okik-control]:watch", "core/configmaps[okik-control]:update",
            "core/configmaps[okik-control]:patch",
        ])
    }

    @Test func theAgentsWritesFollowTheLevelAndTheGrantedPackages() {
        let writeVerbs: Set<String> = ["create", "update", "patch", "delete"]
        func writes(_ deployment: OkikDeployment) -> Set<String> {
            DeploymentAssertions.triples(deployment.clusterRules).filter { writeVerbs.contains(String($0.split(separator: ":").last ?? "")) }
        }
        #expect(writes(OkikDeployment(mode: .agent, level: .l0)).isEmpty)
        let full = writes(OkikDeployment(mode: .agent, level: .l2))
        #expect(full.isSuperset(of: ["apps/deployments/scale:patch", "core/pods:delete", "core/nodes:patch",
                                     "core/pods/eviction:create", "core/namespaces:delete", "apps/deployments:delete",
                                     "autoscaling/horizontalpodautoscalers:create"]))
        #expect(full == writes(OkikDeployment(mode: .agent, level: .l4)))
        let tuning = writes(OkikDeployment(mode: .agent, level: .l4, writePackages: [.remediate]))
        #expect(tuning == ["apps/deployments/scale:patch", "apps/deployments:patch",
                           "autoscaling/horizontalpodautoscalers:create", "autoscaling/horizontalpodautoscalers:patch"])
        // An embedding program's own tools.
        let custom = OkikDeployment(
            mode: .agent, additionalRules: [PolicyRule(apiGroups: ["batch"], resources: ["jobs"], verbs: ["create"])])
        #expect(writes(custom).contains("batch/jobs:create"))
        // Reads the observe tools need beyond the informers.
        let reads = DeploymentAssertions.triples(OkikDeployment(mode: .agent).clusterRules)
        #expect(reads.isSuperset(of: ["core/pods/log:get", "core/services:list", "core/configmaps:get"]))
        #expect(!DeploymentAssertions.triples(OkikDeployment(mode: .agent, level: .l0).clusterRules).contains("core/pods/log:get"))
    }

    @Test func everyBuiltInToolSaysWhatItNeeds() {
        let names = Set(ToolRegistry.all.map { type(of: $0).name })
        #expect(Set(ToolPermissions.byTool.keys) == names)
        #expect(Set(ToolPermissions.watchdogTools).isSubset(of: names))
        for descriptor in ToolRegistry.builtIn.descriptors where descriptor.package == .observe {
            let verbs = Set((ToolPermissions.byTool[descriptor.name] ?? []).flatMap { $0.verbs ?? [] })
            #expect(verbs.isSubset(of: ["get", "list", "watch"]), "\(descriptor.name) is an observe tool")
        }
    }

    @Test func mergedRulesAreSortedAndStable() {
        let rules = [
            PolicyRule(apiGroups: ["apps"], resources: ["deployments"], verbs: ["patch"]),
            PolicyRule(apiGroups: [""], resources: ["pods"], verbs: ["list", "get"]),
            PolicyRule(apiGroups: ["apps"], resources: ["deployments"], verbs: ["get"]),
            PolicyRule(apiGroups: [""], resources: ["nodes"], verbs: ["get", "list"]),
        ]
        #expect(ToolPermissions.merged(rules) == [
            PolicyRule(apiGroups: [""], resources: ["nodes", "pods"], verbs: ["get", "list"]),
            PolicyRule(apiGroups: ["apps"], resources: ["deployments"], verbs: ["get", "patch"]),
        ])
        #expect(ToolPermissions.merged(rules.reversed()) == ToolPermissions.merged(rules))
    }

    // MARK: - YAML

    @Test(arguments: OkikDeployment.Mode.allCases)
    func theYAMLStreamReadsBackAsTheObjects(mode: OkikDeployment.Mode) throws {
        let manifests = Self.description(mode).manifests(secrets: DeploymentSecrets(apiKey: Self.key, tokens: Self.tokens))
        let yaml = manifests.yaml()
        #expect(yaml.hasPrefix("---\napiVersion: v1\nkind: Namespace\nmetadata:\n"))
        #expect(try DeploymentAssertions.documents(yaml) == manifests.objects)
        #expect(yaml == Self.description(mode).manifests(secrets: DeploymentSecrets(apiKey: Self.key, tokens: Self.tokens)).yaml())
    }

    @Test func scalarsThatYAMLWouldReadOtherwiseAreQuoted() throws {
        let texts = ["true", "No", "null", "~", "8000", "100m", "0.0.0.0", "1e3", ".inf", "-x", "a: b", "a #b", "",
                     " padded", "plain-text", "/health", "okik-server:0.1.0", "L2", "--host", "-v", "-1", "--1", "---", "../../base", "./x", ".5", "..", "multi\nline", "quote\"d", "é"]
        let object: JSON = ["items": .array(texts.map(JSON.string)), "port": 8000, "on": true, "none": nil]
        let yaml = ManifestYAML.document(object)
        #expect(try DeploymentAssertions.documents(yaml) == [object])
        #expect(yaml.contains("- plain-text\n") && yaml.contains("- /health\n") && yaml.contains("- L2\n")
            && yaml.contains("- --host\n") && yaml.contains("- ../../base\n") && yaml.contains("- \"-1\"\n"))
        #expect(yaml.contains("\"on\": true"))
    }
}
