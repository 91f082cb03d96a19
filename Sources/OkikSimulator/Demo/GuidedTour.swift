import Foundation
import Logging
import OkikKubeClient

/// A short, self-checking tour of the simulated cluster through OkikKubeClient: what `okikctl demo` runs until the
/// watchdog and optimizer exist. Every line it prints comes from a real API round trip; any failure throws.
public enum GuidedTour {
    /// Runs the tour on a fresh in-process simulator and reports each step through `output`.
    /// - Throws: the first error of any step.
    public static func run(logger: Logger, output: (String) -> Void) async throws {
        let started = ContinuousClock.now
        let simulator = try await Simulator.start(logger: logger)
        let client = try KubeClient(config: simulator.kubeConfig, logger: logger)
        do {
            try await steps(simulator: simulator, client: client, output: output)
        } catch {
            try? await client.shutdown()
            await simulator.stop()
            throw error
        }
        try await client.shutdown()
        await simulator.stop()
        let elapsed = started.duration(to: .now)
        output("")
        output("Done in \(elapsed.formatted(.units(allowed: [.seconds, .milliseconds], width: .narrow))).")
        output("Run `okikctl sim start` to get this simulated cluster for kubectl.")
    }

    private static func steps(simulator: Simulator, client: KubeClient, output: (String) -> Void) async throws {
        output("OKIK preview: the simulated cluster and the Kubernetes client")
        output("(OKIK's watchdog, optimizer, approvals and agent run on this layer: try `okikctl demo` and `okikctl optimise --sim all`)")
        output("")
        let version = try await client.serverVersion()
        output("1. Started a simulated Kubernetes API server at \(simulator.serverURL) (\(version.gitVersion))")

        var kinds = try await client.apiResources(groupVersion: "v1").resources.filter { !$0.name.contains("/") }.count
        let groups = try await client.apiGroups()
        for group in groups {
            if let preferred = group.preferredVersion {
                kinds += try await client.apiResources(groupVersion: preferred.groupVersion).resources.filter { !$0.name.contains("/") }.count
            }
        }
        output("2. Discovery: \(kinds) resource kinds in \(groups.count + 1) API groups")

        let shop = "shop"
        _ = try await client.clusterScoped(Namespace.self).create(Namespace(metadata: ObjectMeta(name: shop)))
        for index in 1...2 {
            _ = try await client.clusterScoped(Node.self).create(
                Node(
                    metadata: ObjectMeta(name: "worker-\(index)", labels: ["node-role.kubernetes.io/worker": ""]),
                    status: .init(
                        capacity: ["cpu": Quantity(millicores: 4000), "memory": Quantity(bytes: 16 << 30)],
                        allocatable: ["cpu": Quantity(millicores: 3800), "memory": Quantity(bytes: 15 << 30)])))
        }
        let labels = ["app": "web"]
        let deployments = client.namespaced(Deployment.self, in: .named(shop))
        _ = try await deployments.create(
            Deployment(
                metadata: ObjectMeta(name: "web", labels: labels),
                spec: .init(
                    replicas: 3, selector: LabelSelector(matchLabels: labels),
                    template: PodTemplateSpec(
                        metadata: ObjectMeta(labels: labels),
                        spec: PodSpec(containers: [Container(name: "web", image: "nginx:1.27")])))))
        let pods = client.namespaced(Pod.self, in: .named(shop))
        for index in 1...3 {
            _ = try await pods.create(
                Pod(
                    metadata: ObjectMeta(name: "web-\(index)", labels: labels),
                    spec: PodSpec(containers: [Container(name: "web", image: "nginx:1.27")], nodeName: "worker-\(index % 2 + 1)")))
        }
        _ = try await client.namespaced(PodDisruptionBudget.self, in: .named(shop)).create(
            PodDisruptionBudget(
                metadata: ObjectMeta(name: "web"), spec: .init(minAvailable: .int(1), selector: LabelSelector(matchLabels: labels))))
        output("3. Created namespace \(shop), 2 nodes, deployment web (3 replicas), 3 pods and a PodDisruptionBudget")

        // Play the kubelet: report two healthy pods and one that keeps being OOM-killed.
        let now = Timestamp.now.rfc3339
        for index in 1...2 {
            _ = try await pods.patchStatus(
                "web-\(index)",
                .merge([
                    "status": [
                        "phase": "Running",
                        "conditions": [["type": "Ready", "status": "True"]],
                        "containerStatuses": [["name": "web", "ready": true, "restartCount": 0, "image": "nginx:1.27", "state": ["running": ["startedAt": .string(now)]]]],
                    ]
                ]))
        }
        _ = try await pods.patchStatus(
            "web-3",
            .merge([
                "status": [
                    "phase": "Running",
                    "conditions": [["type": "Ready", "status": "False"]],
                    "containerStatuses": [[
                        "name": "web", "ready": false, "restartCount": 7, "image": "nginx:1.27",
                        "state": ["waiting": ["reason": "CrashLoopBackOff", "message": "back-off 2m40s restarting failed container=web pod=web-3"]],
                        "lastState": ["terminated": ["exitCode": 137, "reason": "OOMKilled", "finishedAt": .string(now)]],
                    ]],
                ]
            ]))
        _ = try await client.namespaced(PodDisruptionBudget.self, in: .named(shop)).patchStatus(
            "web", .merge(["status": ["disruptionsAllowed": 1, "currentHealthy": 2, "desiredHealthy": 1, "expectedPods": 3]]))
        simulator.logs.append(["starting nginx", "allocating cache: 900Mi", "fatal: out of memory"], to: .init(namespace: shop, pod: "web-3", container: "web"))
        simulator.logs.restart(.init(namespace: shop, pod: "web-3", container: "web"))

        output("4. Pods across all namespaces (status written as a kubelet would):")
        for pod in try await client.namespaced(Pod.self, in: .allNamespaces).list().items {
            let status = pod.status?.containerStatuses?.first
            var line = "   \(pod.namespace ?? "")/\(pod.name)  ready=\(pod.isReady)  restarts=\(pod.restartCount)"
            if let waiting = status?.state?.waiting?.reason { line += "  waiting=\(waiting)" }
            if let last = status?.lastState?.terminated { line += "  last=\(last.reason ?? "?") (exit \(last.exitCode ?? 0))" }
            output(line)
        }

        let currentVersion = try await deployments.list().metadata.resourceVersion
        var watch = deployments.watch(WatchOptions(resourceVersion: currentVersion, allowBookmarks: false, timeoutSeconds: 5)).makeAsyncIterator()
        _ = try await deployments.scale("web", replicas: 5)
        if let event = try await watch.next() {
            output("5. Watched deployments while scaling web 3 -> 5: \(event.type) \(event.object?.name ?? "") replicas=\(event.object?.spec?.replicas ?? 0)")
        }

        var stale = try await deployments.get("web")
        _ = try await deployments.patch("web", .merge(["metadata": ["annotations": ["owner": "team-a"]]]))
        stale.spec?.replicas = 1
        do {
            _ = try await deployments.update(stale)
            throw SimulatorError(message: "the stale update was not refused")
        } catch let error as KubeError where error.code == .conflict {
            output("6. A stale update was refused: \(error.message)")
        }

        try await pods.evict("web-1")
        do {
            try await pods.evict("web-2")
            throw SimulatorError(message: "the eviction was not refused")
        } catch let error as KubeError where error.code == .disruptionBudget {
            output("7. Evicted web-1; web-2 was protected: \(error.message)")
        }

        let previous = try await pods.logs("web-3", options: PodLogOptions(previous: true, tailLines: 2))
        output("8. Last lines of web-3's previous container:")
        for line in previous.split(separator: "\n") { output("   | \(line)") }

        let applied: JSONValue = ["apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "web"], "spec": ["replicas": 2]]
        do {
            _ = try await deployments.patch("web", .apply(applied), fieldManager: "gitops")
            throw SimulatorError(message: "the apply conflict was not reported")
        } catch let error as KubeError where error.code == .conflict {
            output("9. Server-side apply caught a conflict over spec.replicas: \(error.message)")
        }
    }
}
