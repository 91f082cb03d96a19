import Foundation
import OkikKit
import OkikSimulator
import OkikTesting
import ServiceLifecycle
import Testing

/// The rendered RBAC is enough, and no more: OKIK runs as the deployment's service account against a simulator that
/// authorizes that user by the stored Roles and bindings (``AuthenticationConfiguration/rbacUsers``).
@Suite("Deployment RBAC at run time", .serialized)
struct DeploymentRBACTests {
    static let adminToken = "admin-token-0123456789"
    static let serviceAccountToken = "service-account-token-0123456789"

    /// A simulator on a virtual clock with the scenario applied (not advanced), the installation's RBAC objects
    /// created by an administrator, and a client that is the mode's service account.
    struct Installed {
        let simulator: Simulator
        let admin: KubeClient
        let serviceAccount: KubeClient
        let clock: ClosureWallClock

        static func with<T>(
            _ deployment: OkikDeployment, scenario: String, clusterRules: [PolicyRule]? = nil,
            _ body: (Installed) async throws -> T
        ) async throws -> T {
            let user = "system:serviceaccount:\(OkikInstallation.namespace):\(deployment.name)"
            let simulator = try await Simulator.start(
                SimulatorConfiguration(
                    authentication: AuthenticationConfiguration(
                        tokens: [adminToken: "admin", serviceAccountToken: user], rbacUsers: [user]),
                    clock: .virtual(), runtime: .standard),
                logger: SimulatedCluster.quietLogger)
            var clients: [KubeClient] = []
            do {
                try await ScenarioRunner.apply([try #require(BuiltInScenarios.named(scenario))], to: simulator)
                let admin = try KubeClient(
                    config: simulator.kubeConfig(user: AuthInfo(token: adminToken)),
                    configuration: SimulatedCluster.fastRetries, logger: SimulatedCluster.quietLogger)
                clients.append(admin)
                let serviceAccount = try KubeClient(
                    config: simulator.kubeConfig(user: AuthInfo(token: serviceAccountToken)),
                    configuration: SimulatedCluster.fastRetries, logger: SimulatedCluster.quietLogger)
                clients.append(serviceAccount)
                var manifests = deployment.manifests()
                if let clusterRules { manifests.clusterRole.rules = clusterRules }
                if try await admin.clusterScoped(Namespace.self).getIfPresent(OkikInstallation.namespace) == nil {
                    _ = try await admin.clusterScoped(Namespace.self).create(manifests.namespace)
                }
                let namespace = NamespaceSelector.named(OkikInstallation.namespace)
                _ = try await admin.namespaced(ServiceAccount.self, in: namespace).create(manifests.serviceAccount)
                _ = try await admin.clusterScoped(ClusterRole.self).create(manifests.clusterRole)
                _ = try await admin.clusterScoped(ClusterRoleBinding.self).create(manifests.clusterRoleBinding)
                _ = try await admin.namespaced(Role.self, in: namespace).create(manifests.controlRole)
                _ = try await admin.namespaced(RoleBinding.self, in: namespace).create(manifests.controlRoleBinding)
                let clock = simulator.clock
                let result = try await body(
                    Installed(simulator: simulator, admin: admin, serviceAccount: serviceAccount,
                              clock: ClosureWallClock { clock.now }))
                for client in clients { try? await client.shutdown() }
                await simulator.stop()
                return result
            } catch {
                for client in clients { try? await client.shutdown() }
                await simulator.stop()
                throw error
            }
        }
    }

    /// Polls `condition` for up to `seconds` of real time.
    static func eventually(seconds: Int = 10, _ condition: () async throws -> Bool) async rethrows -> Bool {
        for _ in 0..<(seconds * 20) {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }

    @Test func theWatchdogRunsWithItsRoleAloneAndQuarantinesACrashLoop() async throws {
        try await Installed.with(OkikDeployment(mode: .watchdog), scenario: "crashloop") { installed in
            let runtime = try await OkikRuntime.start(
                OkikRuntimeConfiguration(
                    cluster: .client(installed.serviceAccount),
                    gatekeeper: GatekeeperConfiguration(level: .l2, rateLimits: .unlimited), clock: installed.clock,
                    controlMirror: ControlMirrorConfiguration(initialBackoff: .milliseconds(20), maximumBackoff: .milliseconds(200))),
                logger: testLogger)
            let group = ServiceGroup(services: runtime.services, gracefulShutdownSignals: [], logger: testLogger)
            let running = Task { try await group.run() }
            // Every informer syncs: no kind the watchdog watches is forbidden.
            #expect(await Self.eventually { await runtime.caches.hasSynced })
            // The control mirror may create and write its ConfigMap.
            let configMaps = installed.admin.namespaced(ConfigMap.self, in: .named(OkikInstallation.namespace))
            #expect(try await Self.eventually { try await configMaps.getIfPresent(ControlConfigMap.defaultName)?.data?[ControlConfigMap.Key.level] == "L2" })
            // The crash loop is quarantined through the service account.
            let deployments = installed.admin.namespaced(Deployment.self, in: .named("okik-crashloop"))
            for _ in 0..<180 {
                await installed.simulator.advance(by: .seconds(5))
                if try await deployments.get("payments-api").spec?.replicas == 0 { break }
            }
            #expect(try await Self.eventually { try await deployments.get("payments-api").spec?.replicas == 0 })
            let deployment = try await deployments.get("payments-api")
            #expect(deployment.metadata.annotations?[QuarantineAnnotations.quarantinedBy] == "watchdog:okik-watchdog")
            let outcomes = try await runtime.store.entries(AuditQuery(tool: QuarantineDeploymentTool.name))
            #expect(outcomes.contains { $0.kind == .outcome && $0.outcome == .succeeded })
            await group.triggerGracefulShutdown()
            try await running.value
            await runtime.shutdown()
        }
    }

    @Test func theServiceAccountCannotReadSecretsOrWriteOutsideItsRole() async throws {
        try await Installed.with(OkikDeployment(mode: .watchdog), scenario: "crashloop") { installed in
            let client = installed.serviceAccount
            await #expect(throws: KubeError.self) {
                _ = try await client.namespaced(Secret.self, in: .allNamespaces).list()
            }
            await #expect(throws: KubeError.self) {
                _ = try await client.namespaced(Pod.self, in: .named("okik-crashloop")).delete("any")
            }
            await #expect(throws: KubeError.self) {
                _ = try await client.namespaced(ConfigMap.self, in: .named("kube-system")).list()
            }
            // Its own ConfigMap, by name only.
            let configMaps = client.namespaced(ConfigMap.self, in: .named(OkikInstallation.namespace))
            _ = try await configMaps.create(ConfigMap(metadata: ObjectMeta(name: ControlConfigMap.defaultName)))
            #expect(try await configMaps.list(ListOptions.named(ControlConfigMap.defaultName)).items.count == 1)
            await #expect(throws: KubeError.self) { _ = try await configMaps.list() }
            #expect(!(try await client.namespaced(Pod.self, in: .allNamespaces).list().items.isEmpty))
        }
    }

    @Test func theIssuesShorterListWouldStopTheWatchdogsInformers() async throws {
        // Pods, deployments, replicasets, events, nodes and metrics only: the other informers are forbidden.
        let short = [
            PolicyRule(apiGroups: [""], resources: ["events", "nodes", "pods"], verbs: ["get", "list", "watch"]),
            PolicyRule(apiGroups: ["apps"], resources: ["deployments", "replicasets"], verbs: ["get", "list", "watch"]),
            PolicyRule(apiGroups: ["metrics.k8s.io"], resources: ["nodes", "pods"], verbs: ["get", "list"]),
        ]
        try await Installed.with(OkikDeployment(mode: .watchdog), scenario: "healthy", clusterRules: short) { installed in
            let caches = ClusterCaches(client: installed.serviceAccount, logger: testLogger)
            await #expect(throws: KubeError.self) { try await caches.run() }
        }
    }

    @Test func theAgentsToolsRunWithItsRoleAndSecretsStayUnreadable() async throws {
        try await Installed.with(OkikDeployment(mode: .agent, level: .l4), scenario: "healthy") { installed in
            await installed.simulator.advance(by: .seconds(120))
            let executor = try await GatedToolExecutor.start(
                client: installed.serviceAccount, store: InMemoryAuditStore(),
                configuration: GatekeeperConfiguration(level: .l4, rateLimits: .unlimited), clock: installed.clock,
                logger: testLogger)
            let caller = Caller(.human, "alice")
            let pods = try await installed.admin.namespaced(Pod.self, in: .named("okik-healthy")).list().items
            let pod = try #require(pods.first { $0.name.hasPrefix("cart-") })
            let calls: [(String, JSON)] = [
                (ListNamespacesTool.name, [:]), (GetPodsTool.name, ["namespace": "okik-healthy"]),
                (GetServicesTool.name, [:]), (GetEventsTool.name, [:]), (GetNodesTool.name, [:]),
                (GetHPATool.name, [:]), (GetPDBsTool.name, [:]), (GetPodMetricsTool.name, ["namespace": "okik-healthy"]),
                (GetPodLogsTool.name, ["namespace": "okik-healthy", "pod": .string(pod.name)]),
                (DescribeResourceTool.name, ["kind": "Deployment", "namespace": "okik-healthy", "name": "cart"]),
                (ScaleDeploymentTool.name, ["namespace": "okik-healthy", "name": "cart", "replicas": 3]),
                (RolloutRestartTool.name, ["namespace": "okik-healthy", "name": "cart"]),
            ]
            for (tool, arguments) in calls {
                let report = try await executor.execute(ToolInvocation(tool: tool, arguments: arguments), caller: caller)
                var executed = false
                if case .executed = report.outcome { executed = true }
                #expect(executed, "\(tool): \(report.textForModel)")
            }
            let secret = try await executor.execute(
                ToolInvocation(
                    tool: DescribeResourceTool.name,
                    arguments: ["kind": "Secret", "namespace": "kube-system", "name": "anything"]),
                caller: caller)
            guard case .failed(let failure) = secret.outcome else {
                Issue.record("describing a Secret did not fail: \(secret.textForModel)")
                return
            }
            #expect(failure.message.contains("forbidden"), "\(failure)")
        }
    }
}
