import Foundation
import OkikKit
import OkikKubeClient
import OkikSimulator
import Testing

/// A small, seeded generator (SplitMix64) so failures replay.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Property: no disallowed call reaches the API server")
struct GatekeeperPropertyTests {
    static let namespaces: [String] = [
        "shop", "shop", "shop", "staging", "kube-system", "kube-public", "kube-node-lease", "okik-system", "KUBE-SYSTEM",
        " kube-system", "kube\u{2010}system", "default", "ghost",
    ]
    static let names = ["web", "api", "coredns", "agent", "ghost", "web-1", "web-2", "lonely", "node-1"]

    /// A random call to a random built-in tool, sometimes with broken arguments.
    static func randomCall(_ rng: inout SeededGenerator) -> ToolInvocation {
        let tools = ToolRegistry.builtIn.names
        let tool = tools.randomElement(using: &rng) ?? "get_pods"
        let namespace = JSON.string(namespaces.randomElement(using: &rng) ?? "shop")
        let name = JSON.string(names.randomElement(using: &rng) ?? "web")
        var arguments: [String: JSON] = ["namespace": namespace, "name": name]
        switch tool {
        case "scale_deployment": arguments["replicas"] = .int(Int.random(in: -1...12, using: &rng))
        case "update_resources":
            arguments["container"] = .string(["app", "sidecar", "db"].randomElement(using: &rng) ?? "app")
            arguments["requests"] = ["cpu": .string(["100m", "1", "lots"].randomElement(using: &rng) ?? "1")]
        case "create_hpa":
            arguments["deployment"] = arguments["name"]
            arguments["name"] = nil
            arguments["minReplicas"] = .int(Int.random(in: 1...3, using: &rng))
            arguments["maxReplicas"] = .int(Int.random(in: 2...6, using: &rng))
        case "update_hpa": arguments["maxReplicas"] = .int(Int.random(in: 1...9, using: &rng))
        case "quarantine_deployment": arguments["reason"] = "random"
        case "delete_namespace", "cordon_node", "drain_node", "uncordon_node":
            arguments = ["name": Bool.random(using: &rng) ? namespace : name]
        case "get_pod_logs", "get_container_statuses": arguments = ["namespace": namespace, "pod": name]
        case "describe_resource": arguments["kind"] = "Deployment"
        case "list_namespaces", "get_nodes", "get_node_conditions", "get_node_metrics": arguments = [:]
        case "get_events", "get_pods", "get_deployments", "list_quarantined", "get_hpa", "get_services", "get_pvcs",
            "get_jobs", "get_cronjobs", "get_daemonsets", "get_statefulsets", "get_pdbs", "get_resource_quotas",
            "get_pod_metrics":
            arguments = Bool.random(using: &rng) ? ["namespace": namespace] : [:]
        default: break
        }
        if Int.random(in: 0..<20, using: &rng) == 0 { arguments["bogus"] = true }
        return ToolInvocation(tool: tool, arguments: .object(arguments))
    }

    /// Whether a namespace argument is one the spec protects (any spelling that is not a plain unprotected name).
    static func isProtected(_ value: JSON?) -> Bool {
        guard let text = value?.stringValue else { return false }
        return ProtectedNamespaces.builtIn.contains(text) || ProtectedNamespaces.normalize(text) != text
    }

    /// The oracle's own table of each built-in tool's package, written out here rather than read from the tools, so a
    /// tool whose declared package changes makes this test fail until the table is changed too.
    static let packages: [String: ToolPackage] = [
        "scale_deployment": .remediate, "update_resources": .remediate, "create_hpa": .remediate, "update_hpa": .remediate,
        "quarantine_deployment": .quarantine, "unquarantine_deployment": .quarantine,
        "rollout_restart": .restart, "rollback_deployment": .restart, "delete_pod": .restart, "delete_hpa": .restart,
        "scale_to_zero": .destructive, "cordon_node": .destructive, "drain_node": .destructive,
        "uncordon_node": .destructive, "delete_deployment": .destructive, "delete_namespace": .destructive,
    ]

    static func oracleAllowsWrite(_ invocation: ToolInvocation, package: ToolPackage, policy: GatePolicy, approved: Bool) -> Bool {
        let namespaceArgument = invocation.tool == "delete_namespace" ? invocation.arguments["name"] : invocation.arguments["namespace"]
        let protected = isProtected(namespaceArgument)
        if approved { return !protected && !policy.emergencyStop && policy.level != .l0 }
        guard policy.automationEnabled else { return false }
        return expectedDecision(level: policy.level, package: package, protected: protected, emergencyStop: policy.emergencyStop) == .execute
    }

    @Test("thousands of random calls at random levels", arguments: [UInt64(1), 2])
    func randomCalls(seed: UInt64) async throws {
        var rng = SeededGenerator(seed: seed)
        var executedWrites = 0
        var blocked = 0
        // Twelve fresh clusters of 100 calls each, so the fixture's objects exist when a call names them: a call the
        // gate should have stopped would really write.
        for _ in 0..<12 {
            try await withHarness(GatekeeperConfiguration(rateLimits: .unlimited)) { harness in
                let executor = harness.executor
                let recorder = harness.simulator.requests
                try await executor.controls.setLevel(AutonomyLevel.allCases.randomElement(using: &rng) ?? .l2, by: operatorHuman)
                for _ in 0..<100 {
                    if Int.random(in: 0..<10, using: &rng) == 0 {
                        try await executor.controls.setLevel(AutonomyLevel.allCases.randomElement(using: &rng) ?? .l2, by: operatorHuman)
                        if Bool.random(using: &rng) {
                            try await executor.controls.engageEmergencyStop(by: operatorHuman, reason: "random")
                        } else {
                            try await executor.controls.liftEmergencyStop(by: operatorHuman)
                        }
                        try await executor.controls.setAutomation(enabled: Int.random(in: 0..<4, using: &rng) != 0, by: operatorHuman)
                    }
                    let policy = await executor.controls.policy
                    if Int.random(in: 0..<8, using: &rng) == 0, let plan = try await executor.approvals.pending().randomElement(using: &rng) {
                        let before = recorder.writeCount()
                        let allowed = plan.steps.allSatisfy {
                            Self.oracleAllowsWrite($0.invocation, package: Self.packages[$0.invocation.tool] ?? .observe, policy: policy, approved: true)
                        }
                        _ = try? await executor.approvals.approve(plan.id, by: operatorHuman)
                        if !allowed || policy.emergencyStop {
                            #expect(recorder.writeCount() == before, "approved plan \(plan.steps.map(\.invocation)) wrote under \(policy)")
                        }
                        continue
                    }
                    let invocation = Self.randomCall(&rng)
                    let package = Self.packages[invocation.tool] ?? .observe
                    #expect(ToolRegistry.builtIn.tool(named: invocation.tool).map { type(of: $0).package } == package)
                    let before = recorder.writeCount()
                    let report = try await executor.execute(invocation, caller: agent)
                    let wrote = recorder.writeCount() - before
                    let allowed = Self.oracleAllowsWrite(invocation, package: package, policy: policy, approved: false)
                    if !allowed || report.decision.kind != .execute || package == .observe {
                        #expect(wrote == 0, "\(invocation) wrote \(wrote) times under \(policy): \(report.decision)")
                        blocked += 1
                    } else {
                        executedWrites += wrote
                    }
                }
                // No write ever reached a protected namespace, whatever the spelling.
                let protectedWrites = recorder.entries.filter { entry in
                    entry.method != "GET" && !entry.dryRun
                        && ProtectedNamespaces.builtIn.contains { entry.path.contains("/namespaces/\($0)") }
                }
                #expect(protectedWrites.isEmpty, "\(protectedWrites)")
            }
        }
        #expect(executedWrites > 0, "the run exercised real writes")
        #expect(blocked > 100)
    }
}
