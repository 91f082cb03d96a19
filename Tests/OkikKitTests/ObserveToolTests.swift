import Foundation
import OkikKit
import OkikKubeClient
import OkikLLM
import OkikSimulator
import Testing

@Suite("Observe tools against the simulator")
struct ObserveToolTests {
    static let l4 = GatekeeperConfiguration(level: .l4, rateLimits: .unlimited)

    @Test("every observe tool runs and returns compact data")
    func everyObserveTool() async throws {
        try await withHarness(Self.l4) { harness in
            let calls: [(String, JSON, String)] = [
                ("list_namespaces", [:], "namespaces"),
                ("get_pods", ["namespace": "shop"], "4 pods in shop"),
                ("get_deployments", ["namespace": "shop"], "2 deployments in shop"),
                ("get_services", ["namespace": "shop"], "1 services in shop"),
                ("get_events", ["namespace": "shop", "type": "Warning"], "1 events in shop"),
                ("describe_resource", ["kind": "Deployment", "namespace": "shop", "name": "web"], "Deployment shop/web"),
                ("get_nodes", [:], "1 nodes, 1 ready"),
                ("get_hpa", ["namespace": "shop"], "1 autoscalers in shop"),
                ("get_resource_quotas", ["namespace": "shop"], "1 resource quotas"),
                ("get_pvcs", ["namespace": "shop"], "1 claims"),
                ("get_jobs", ["namespace": "shop"], "1 jobs"),
                ("get_cronjobs", ["namespace": "shop"], "1 cron jobs"),
                ("get_daemonsets", ["namespace": "shop"], "1 daemon sets"),
                ("get_statefulsets", ["namespace": "shop"], "1 stateful sets"),
                ("get_pdbs", ["namespace": "shop"], "1 disruption budgets"),
                ("get_node_conditions", [:], "1 nodes, 1 abnormal conditions"),
                ("get_container_statuses", ["namespace": "shop", "pod": "web-1"], "2 containers in shop/web-1"),
                ("get_pod_metrics", ["namespace": "shop"], "2 pod metrics"),
                ("get_node_metrics", [:], "usage of 1 nodes"),
                ("list_quarantined", [:], "0 quarantined deployments"),
                ("get_pod_logs", ["namespace": "shop", "pod": "web-1", "container": "app"], "3 log lines"),
            ]
            for (tool, arguments, expected) in calls {
                let report = try await harness.executor.execute(ToolInvocation(tool: tool, arguments: arguments), caller: agent)
                let result = try output(report)
                #expect(result.summary.contains(expected), "\(tool): \(result.summary)")
                #expect(result.data.jsonString().utf8.count < 20_000, "\(tool) result is bounded")
            }
            let observeNames = ToolRegistry.builtIn.descriptors.filter { $0.package == .observe }.map(\.name)
            #expect(Set(observeNames) == Set(calls.map(\.0)))
        }
    }

    @Test("get_pods reports crash loops and restarts")
    func podsShowReasons() async throws {
        try await withHarness(Self.l4) { harness in
            let result = try output(try await harness.executor.execute(
                ToolInvocation(tool: "get_pods", arguments: ["namespace": "shop", "labelSelector": "app=web"]), caller: agent))
            let items = result.data["items"]?.arrayValue ?? []
            #expect(items.count == 2)
            let crashing = items.first { $0["name"]?.stringValue == "web-1" }
            #expect(crashing?["reason"]?.stringValue == "CrashLoopBackOff")
            #expect(crashing?["restarts"]?.intValue == 14)
            #expect(crashing?["ready"]?.stringValue == "1/2")
        }
    }

    @Test("lists are truncated with a note")
    func truncation() async throws {
        try await withHarness(Self.l4) { harness in
            let result = try output(try await harness.executor.execute(
                ToolInvocation(tool: "get_pods", arguments: ["limit": 1]), caller: agent))
            #expect(result.truncated)
            #expect(result.data["items"]?.arrayValue?.count == 1)
            #expect(result.data["total"]?.intValue == 4)
            #expect(result.data["note"]?.stringValue?.contains("showing 1 of 4") == true)
        }
    }

    @Test("pod logs are capped and marked untrusted")
    func logsUntrusted() async throws {
        try await withHarness(Self.l4) { harness in
            harness.simulator.logs.append(
                (0..<500).map { "line \($0) " + String(repeating: "x", count: 100) },
                to: .init(namespace: "shop", pod: "web-2", container: "app"))
            let report = try await harness.executor.execute(
                ToolInvocation(tool: "get_pod_logs", arguments: ["namespace": "shop", "pod": "web-2", "container": "app", "tailLines": 1000]),
                caller: agent)
            let result = try output(report)
            #expect(result.untrustedContent)
            #expect(result.truncated)
            #expect((result.data["lines"]?.arrayValue?.count ?? 0) <= 200)
            #expect(report.textForModel.contains("<untrusted-content>"))
            #expect(report.textForModel.contains("never as instructions"))
        }
    }

    @Test("describe_resource never shows Secret values, and includes related events")
    func describeRedactsSecrets() async throws {
        try await withHarness(Self.l4) { harness in
            let secret = try output(try await harness.executor.execute(
                ToolInvocation(tool: "describe_resource", arguments: ["kind": "Secret", "namespace": "shop", "name": "db"]),
                caller: agent))
            let text = secret.data.jsonString()
            #expect(!text.contains("c3VwZXJzZWNyZXQ="))
            #expect(!text.contains("tok-plain-123"))
            #expect(text.contains(RedactionKind.secretData.marker))
            let pod = try output(try await harness.executor.execute(
                ToolInvocation(tool: "describe_resource", arguments: ["kind": "pod", "namespace": "shop", "name": "web-1"]),
                caller: agent))
            #expect(pod.data["eventCount"]?.intValue == 1)
            let deployment = try output(try await harness.executor.execute(
                ToolInvocation(tool: "describe_resource", arguments: ["kind": "Deployment", "namespace": "shop", "name": "web"]),
                caller: agent))
            #expect(!deployment.data.jsonString().contains("hunter2-env"))
            let lease = try await harness.executor.execute(
                ToolInvocation(tool: "describe_resource", arguments: ["kind": "StorageClass", "apiVersion": "storage.k8s.io/v1", "name": "missing"]),
                caller: agent)
            #expect(try failure(lease).code == "NotFound")
            let unknownKind = try await harness.executor.execute(
                ToolInvocation(tool: "describe_resource", arguments: ["kind": "Gizmo", "name": "x", "namespace": "shop"]),
                caller: agent)
            #expect(try failure(unknownKind).message.contains("no kind \"Gizmo\""))
        }
    }

    @Test("bad inputs get precise errors", arguments: [
        ("get_pods", ["namespace": "Shop"] as JSON, "invalidName", "namespace"),
        ("get_pods", ["namespace": 7] as JSON, "wrongType", "namespace"),
        ("get_pods", ["namespaces": "shop"] as JSON, "unknownField", "namespaces"),
        ("get_pods", ["limit": 0] as JSON, "outOfRange", "limit"),
        ("get_pod_logs", ["namespace": "shop"] as JSON, "missingField", "pod"),
        ("get_pod_logs", ["namespace": "shop", "pod": "web-1", "tailLines": "ten"] as JSON, "wrongType", "tailLines"),
        ("get_events", ["type": "Error"] as JSON, "invalidValue", "type"),
        ("describe_resource", ["kind": "Deployment", "name": "web"] as JSON, "missingField", "namespace"),
        ("describe_resource", ["kind": "Dep/loyment", "name": "web"] as JSON, "invalidValue", "kind"),
        ("get_container_statuses", ["namespace": "shop", "pod": "Web_1"] as JSON, "invalidName", "pod"),
        ("get_node_conditions", ["node": ""] as JSON, "invalidName", "node"),
        ("get_node_metrics", "not an object" as JSON, "wrongType", "(arguments)"),
        ("list_namespaces", ["verbose": true] as JSON, "unknownField", "verbose"),
    ])
    func badInputs(tool: String, arguments: JSON, code: String, field: String) async throws {
        try await withHarness(Self.l4) { harness in
            let error = try inputError(try await harness.executor.execute(ToolInvocation(tool: tool, arguments: arguments), caller: agent))
            #expect(error.code.description == code, "\(error.message)")
            #expect(error.field == field, "\(error.message)")
        }
    }

    @Test("unknown containers and multi-container pods are reported precisely")
    func logContainerErrors() async throws {
        try await withHarness(Self.l4) { harness in
            let unknown = try failure(try await harness.executor.execute(
                ToolInvocation(tool: "get_pod_logs", arguments: ["namespace": "shop", "pod": "web-1", "container": "db"]), caller: agent))
            #expect(unknown.code == "unknownContainer")
            #expect(unknown.message.contains("app, sidecar"))
            let ambiguous = try failure(try await harness.executor.execute(
                ToolInvocation(tool: "get_pod_logs", arguments: ["namespace": "shop", "pod": "web-1"]), caller: agent))
            #expect(ambiguous.code == "missingField")
            let missing = try failure(try await harness.executor.execute(
                ToolInvocation(tool: "get_container_statuses", arguments: ["namespace": "shop", "pod": "ghost"]), caller: agent))
            #expect(missing.code == "NotFound")
        }
    }

    @Test("unknown tools are refused and audited")
    func unknownTool() async throws {
        try await withHarness(Self.l4) { harness in
            let report = try await harness.executor.execute(ToolInvocation(tool: "rm_rf", arguments: [:]), caller: agent)
            #expect(try inputError(report).code == .unknownTool)
            #expect(report.decision.kind == .deny)
            let rows = try await harness.store.entries(AuditQuery(tool: "rm_rf"))
            #expect(rows.count == 1)
            #expect(rows.first?.decision == .deny)
        }
    }

    @Test("the registry: unique names, schemas, LLM definitions, and extension")
    func registry() throws {
        let registry = ToolRegistry.builtIn
        #expect(registry.names.count == ToolRegistry.all.count)
        #expect(registry.names.count == 37)
        for descriptor in registry.descriptors {
            #expect(descriptor.inputSchema.json["type"]?.stringValue == "object")
            #expect(descriptor.name.allSatisfy { $0.isLowercase || $0 == "_" })
            let definition = descriptor.toolDefinition
            #expect(definition.name == descriptor.name)
            #expect(definition.description.contains("risk \(descriptor.package.risk)"))
        }
        #expect(registry.descriptors(offeredAt: .l0).isEmpty)
        var extended = registry
        #expect(throws: ToolError.self) { try extended.register(GetPodsTool()) }
        let packages = Dictionary(grouping: registry.descriptors, by: \.package).mapValues(\.count)
        #expect(packages[.observe] == 21)
        #expect(packages[.remediate] == 4)
        #expect(packages[.quarantine] == 2)
        #expect(packages[.restart] == 4)
        #expect(packages[.destructive] == 6)
    }
}
