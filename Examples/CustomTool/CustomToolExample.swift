// Registers a custom tool next to the built-ins and runs it through the gatekeeper against an in-process simulator.
import Foundation
import Logging
import OkikKit
import OkikKubeClient
import OkikSimulator
import OkikTesting

/// `count_restarts`: an observe tool an embedding program adds; the package is declared here and enforced.
struct CountRestartsTool: KubeTool {
    struct Input: Decodable, Sendable {
        var namespace: String
        var threshold: Int?
    }

    static let name = "count_restarts"
    static let description = "Counts the pods of a namespace whose containers restarted at least `threshold` times (default 5)."
    static let package = ToolPackage.observe
    static let inputSchema = ToolSchema.object([
        .required("namespace", .dnsLabel("Namespace to inspect")),
        .optional("threshold", .integer("Restarts that count as a problem", minimum: 1, maximum: 1000)),
    ])

    func targets(_ input: Input) -> [ToolTarget] { [.collection("Pod", namespace: input.namespace)] }

    func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let pods = try await context.client.namespaced(Pod.self, in: .named(input.namespace)).list().items
        let threshold = input.threshold ?? 5
        let restarting = pods.filter { $0.restartCount >= threshold }.map(\.name).sorted()
        return ToolOutput(
            summary: "\(restarting.count) of \(pods.count) pods in \(input.namespace) restarted \(threshold)+ times",
            data: ["pods": .array(restarting.map { .string($0) })])
    }
}

/// `wipe_configmaps`: a write an embedding program adds; at L2 a destructive tool waits for approval.
struct WipeConfigMapTool: KubeTool {
    struct Input: Decodable, Sendable {
        var namespace: String
        var name: String
    }

    static let name = "wipe_configmap"
    static let description = "Deletes one ConfigMap."
    static let package = ToolPackage.destructive
    static let inputSchema = ToolSchema.object([
        .required("namespace", .dnsLabel("Namespace")), .required("name", .dnsSubdomain("ConfigMap name")),
    ])

    func targets(_ input: Input) -> [ToolTarget] { [.namespaced("ConfigMap", input.namespace, input.name)] }

    func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        try await context.client.namespaced(ConfigMap.self, in: .named(input.namespace)).delete(input.name, dryRun: context.dryRun)
        return ToolOutput(summary: "\(context.isDryRun ? "would delete" : "deleted") configmap \(input.namespace)/\(input.name)")
    }
}

@main
struct CustomToolExample {
    static func main() async throws {
        var logger = Logger(label: "okik.example")
        logger.logLevel = .warning
        try await withSimulator(logger: logger) { _, client in
            _ = try await client.namespaced(ConfigMap.self, in: .named("default")).create(
                ConfigMap(metadata: ObjectMeta(name: "settings", namespace: "default"), data: ["mode": "fast"]))
            _ = try await client.namespaced(ConfigMap.self, in: .named("kube-system")).create(
                ConfigMap(metadata: ObjectMeta(name: "cluster", namespace: "kube-system"), data: [:]))

            var registry = ToolRegistry.builtIn
            try registry.register(CountRestartsTool())
            try registry.register(WipeConfigMapTool())
            let executor = try await GatedToolExecutor.start(
                client: client, registry: registry, store: InMemoryAuditStore(), logger: logger)
            let me = Caller(.embedding, "custom-tool-example")

            let count = try await executor.execute(
                ToolInvocation(tool: "count_restarts", arguments: ["namespace": "default"]), caller: me)
            print("count_restarts  ->", count.decision.kind.rawValue, "|", count.textForModel.split(separator: "\n")[0])

            let wipe = try await executor.execute(
                ToolInvocation(tool: "wipe_configmap", arguments: ["namespace": "default", "name": "settings"]), caller: me)
            print("wipe_configmap  ->", wipe.decision.kind.rawValue, "|", wipe.decision.reason)

            let protected = try await executor.execute(
                ToolInvocation(tool: "wipe_configmap", arguments: ["namespace": "kube-system", "name": "cluster"]), caller: me)
            print("kube-system     ->", protected.decision.kind.rawValue, "|", protected.decision.reason)

            if case .queued(let plan) = wipe.outcome {
                print("plan preview    ->", plan.steps[0].preview?.summary ?? "-")
                let approved = try await executor.approvals.approve(plan.id, by: Caller(.human, "alice"))
                print("approved        ->", approved.plan.state.rawValue, "|", approved.message)
            }
            let left = try await client.namespaced(ConfigMap.self, in: .named("default")).getIfPresent("settings")
            print("settings exists ->", left != nil)
        }
    }
}
