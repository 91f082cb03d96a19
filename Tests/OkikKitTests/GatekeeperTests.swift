import Foundation
import OkikKit
import OkikKubeClient
import OkikSimulator
import Testing

/// The decision the spec asks for, written independently of the implementation.
func expectedDecision(level: AutonomyLevel, package: ToolPackage, protected: Bool, emergencyStop: Bool) -> GateDecision.Kind {
    let write = package != .observe
    if write && (protected || emergencyStop) { return .deny }
    if level == .l0 { return .deny }
    if !write { return .execute }
    let runs: [AutonomyLevel: Set<ToolPackage>] = [
        .l1: [], .l2: [.remediate, .quarantine], .l3: [.remediate, .quarantine, .restart],
        .l4: [.remediate, .quarantine, .restart, .destructive],
    ]
    return runs[level, default: []].contains(package) ? .execute : .requireApproval
}

struct DecisionCase: Sendable, CustomTestStringConvertible {
    var level: AutonomyLevel
    var package: ToolPackage
    var protected: Bool
    var emergencyStop: Bool
    var testDescription: String {
        "\(level) \(package.rawValue) \(protected ? "protected" : "unprotected") estop=\(emergencyStop)"
    }

    static let all: [DecisionCase] = AutonomyLevel.allCases.flatMap { level in
        ToolPackage.allCases.flatMap { package in
            [false, true].flatMap { protected in
                [false, true].map { DecisionCase(level: level, package: package, protected: protected, emergencyStop: $0) }
            }
        }
    }
}

@Suite("Gatekeeper decisions")
struct GatekeeperTests {
    @Test("the full table: 5 levels x 5 packages x protected x emergency stop (pure)", arguments: DecisionCase.all)
    func pureTable(_ item: DecisionCase) {
        let namespace = item.protected ? "kube-system" : "shop"
        let decision = Gatekeeper.decide(
            GateRequest(tool: "t", package: item.package, targets: [.namespaced("Deployment", namespace, "x")]),
            policy: GatePolicy(level: item.level, emergencyStop: item.emergencyStop))
        #expect(decision.kind == expectedDecision(
            level: item.level, package: item.package, protected: item.protected, emergencyStop: item.emergencyStop))
        #expect(!decision.reason.isEmpty)
    }

    @Test("every built-in tool at every level: the decision follows its package alone, never its name", arguments: AutonomyLevel.allCases)
    func builtInToolsFollowTheirPackage(level: AutonomyLevel) {
        for descriptor in ToolRegistry.builtIn.descriptors {
            let target: ToolTarget = descriptor.name.hasSuffix("_node") ? .cluster("Node", "worker-1")
                : descriptor.name == "delete_namespace" ? .cluster("Namespace", "shop")
                : .namespaced("Deployment", "shop", "x")
            let decision = Gatekeeper.decide(
                GateRequest(tool: descriptor.name, package: descriptor.package, targets: [target]),
                policy: GatePolicy(level: level))
            #expect(
                decision.kind == expectedDecision(level: level, package: descriptor.package, protected: false, emergencyStop: false),
                "\(descriptor.name) at \(level): \(decision)")
        }
    }

    @Test("the table has 100 rows")
    func tableSize() { #expect(DecisionCase.all.count == 100) }

    /// One real tool per package, in a protected or an unprotected namespace.
    static func call(_ package: ToolPackage, protected: Bool) -> ToolInvocation {
        let namespace: JSON = protected ? "kube-system" : "shop"
        let name: JSON = protected ? "coredns" : "api"
        switch package {
        case .observe: return ToolInvocation(tool: "get_pods", arguments: ["namespace": namespace])
        case .remediate: return ToolInvocation(tool: "scale_deployment", arguments: ["namespace": namespace, "name": name, "replicas": 4])
        case .quarantine:
            return ToolInvocation(tool: "quarantine_deployment", arguments: ["namespace": namespace, "name": name, "reason": "test"])
        case .restart: return ToolInvocation(tool: "rollout_restart", arguments: ["namespace": namespace, "name": name])
        case .destructive: return ToolInvocation(tool: "scale_to_zero", arguments: ["namespace": namespace, "name": name])
        }
    }

    @Test("the full table through the executor against the simulator, counting API writes")
    func executorTable() async throws {
        try await withHarness(GatekeeperConfiguration(rateLimits: .unlimited)) { harness in
            for item in DecisionCase.all {
                try await harness.executor.controls.setLevel(item.level, by: operatorHuman)
                if item.emergencyStop {
                    try await harness.executor.controls.engageEmergencyStop(by: operatorHuman, reason: "table")
                } else {
                    try await harness.executor.controls.liftEmergencyStop(by: operatorHuman)
                }
                let writes = harness.simulator.requests.writeCount()
                let report = try await harness.executor.execute(Self.call(item.package, protected: item.protected), caller: agent)
                let expected = expectedDecision(
                    level: item.level, package: item.package, protected: item.protected, emergencyStop: item.emergencyStop)
                #expect(report.decision.kind == expected, "\(item.testDescription): \(report.decision)")
                switch expected {
                case .execute:
                    if case .executed = report.outcome {} else { Issue.record("\(item.testDescription): \(report.textForModel)") }
                case .requireApproval:
                    if case .queued = report.outcome {} else { Issue.record("\(item.testDescription): not queued") }
                    #expect(harness.simulator.requests.writeCount() == writes, "\(item.testDescription)")
                case .deny:
                    if case .denied = report.outcome {} else { Issue.record("\(item.testDescription): not denied") }
                    #expect(harness.simulator.requests.writeCount() == writes, "\(item.testDescription)")
                }
                _ = try await harness.client.namespaced(Deployment.self, in: .named("shop")).patch(
                    "api", .merge(["metadata": ["annotations": [QuarantineAnnotations.quarantined: nil]]]))
            }
            let coredns = try await harness.client.namespaced(Deployment.self, in: .named("kube-system")).get("coredns")
            #expect(coredns.spec?.replicas == 2)
            #expect(coredns.metadata.annotations == nil)
        }
    }

    @Test("automation off queues every write, reads still run")
    func automationDisabled() async throws {
        try await withHarness(GatekeeperConfiguration(level: .l4, rateLimits: .unlimited)) { harness in
            try await harness.executor.controls.setAutomation(enabled: false, by: operatorHuman)
            for package in ToolPackage.allCases {
                let report = try await harness.executor.execute(Self.call(package, protected: false), caller: agent)
                #expect(report.decision.kind == (package == .observe ? .execute : .requireApproval))
            }
        }
    }

    @Test("odd spellings of protected namespaces are refused", arguments: [
        "kube-system", " kube-system", "kube-system\n", "KUBE-SYSTEM", "Kube-System", "kube\u{2010}system",
        "kube-syst\u{0435}m", "\u{FF4B}ube-system", "kube-system\u{200B}", "okik-system", "\tOKIK-SYSTEM ", "kube-public",
        "kube-node-lease", "", "-", "team-a",
    ])
    func oddSpellings(_ namespace: String) {
        let write = Gatekeeper.decide(
            GateRequest(tool: "delete_namespace", package: .destructive, targets: [.cluster("Namespace", namespace)]),
            policy: GatePolicy(level: .l4, protectedNamespaces: ProtectedNamespaces(additional: ["Team-A "])))
        #expect(write.kind == .deny, "\(namespace.debugDescription): \(write)")
        let namespaced = Gatekeeper.decide(
            GateRequest(tool: "scale_to_zero", package: .destructive, targets: [.namespaced("Deployment", namespace, "x")]),
            policy: GatePolicy(level: .l4, protectedNamespaces: ProtectedNamespaces(additional: ["team-a"])))
        #expect(namespaced.kind == .deny)
    }

    @Test("normalisation")
    func normalisation() {
        #expect(ProtectedNamespaces.normalize(" Kube-System\n") == "kube-system")
        #expect(ProtectedNamespaces.normalize("kube\u{2010}system") == nil)
        #expect(ProtectedNamespaces.normalize("kube-system\u{200B}") == nil)
        #expect(ProtectedNamespaces.normalize("shop") == "shop")
        #expect(ProtectedNamespaces().classify("shop") == .unprotected("shop"))
        #expect(ProtectedNamespaces().classify("Shop") == .unrecognised("Shop"))
        #expect(ProtectedNamespaces().classify(" kube-public") == .protected("kube-public"))
    }

    @Test("cluster-wide writes and all-namespace writes are refused; reads of protected namespaces run")
    func scopes() {
        let everywhere = Gatekeeper.decide(
            GateRequest(tool: "x", package: .remediate, targets: [.collection("Deployment", namespace: nil)]),
            policy: GatePolicy(level: .l4))
        #expect(everywhere.kind == .deny)
        let allNamespaces = Gatekeeper.decide(
            GateRequest(tool: "x", package: .destructive, targets: [.cluster("Namespace")]), policy: GatePolicy(level: .l4))
        #expect(allNamespaces.kind == .deny)
        let node = Gatekeeper.decide(
            GateRequest(tool: "cordon_node", package: .destructive, targets: [.cluster("Node", "node-1")]),
            policy: GatePolicy(level: .l4))
        #expect(node.kind == .execute)
        let read = Gatekeeper.decide(
            GateRequest(tool: "get_pods", package: .observe, targets: [.namespaced("Pod", "kube-system")]),
            policy: GatePolicy(level: .l1, emergencyStop: true))
        #expect(read.kind == .execute)
    }

    @Test("delete_namespace kube-system is denied at L4 and never reaches the API")
    func deleteKubeSystem() async throws {
        try await withHarness(GatekeeperConfiguration(level: .l4, rateLimits: .unlimited)) { harness in
            let writes = harness.simulator.requests.writeCount(includingDryRuns: true)
            for name in ["kube-system", "okik-system", "kube-public"] {
                let report = try await harness.executor.execute(
                    ToolInvocation(tool: "delete_namespace", arguments: ["name": .string(name)]), caller: agent)
                #expect(report.decision.kind == .deny)
                #expect(report.decision.reason.contains("protected"))
            }
            let custom = try await harness.executor.execute(
                ToolInvocation(tool: "delete_namespace", arguments: ["name": "kube-system "]), caller: agent)
            #expect(custom.decision.kind == .deny)
            #expect(harness.simulator.requests.writeCount(includingDryRuns: true) == writes)
            #expect(try await harness.client.clusterScoped(Namespace.self).getIfPresent("kube-system") != nil)
        }
    }

    @Test("configured protected namespaces are honoured")
    func configuredProtection() async throws {
        try await withHarness(GatekeeperConfiguration(level: .l4, additionalProtectedNamespaces: ["shop"], rateLimits: .unlimited)) { harness in
            let report = try await harness.executor.execute(Self.call(.remediate, protected: false), caller: agent)
            #expect(report.decision.kind == .deny)
        }
    }

    @Test("rate limits deny with a retry time and refill with the injected clock")
    func rateLimits() async throws {
        let limits = RateLimitConfiguration(
            overall: .init(capacity: 100, refillPerMinute: 100), perPackage: [.remediate: .init(capacity: 2, refillPerMinute: 1)])
        try await withHarness(GatekeeperConfiguration(level: .l4, rateLimits: limits)) { harness in
            for _ in 0..<2 {
                #expect(try await harness.executor.execute(Self.call(.remediate, protected: false), caller: agent).decision.kind == .execute)
            }
            let limited = try await harness.executor.execute(Self.call(.remediate, protected: false), caller: agent)
            guard case .deny(let reason, let retryAfter) = limited.decision else {
                Issue.record("expected a denial, got \(limited.decision)")
                return
            }
            #expect(reason.contains("rate limit (remediate)"))
            #expect(retryAfter == .seconds(60))
            #expect(try await harness.executor.execute(Self.call(.observe, protected: false), caller: agent).decision.kind == .execute)
            harness.clock.advance(by: .seconds(61))
            #expect(try await harness.executor.execute(Self.call(.remediate, protected: false), caller: agent).decision.kind == .execute)
        }
    }

    @Test("token bucket: overall bucket limits every package")
    func overallBucket() async {
        let clock = ManualWallClock()
        let limiter = RateLimiter(
            configuration: RateLimitConfiguration(overall: .init(capacity: 3, refillPerMinute: 6)), clock: clock)
        for package in [ToolPackage.observe, .remediate, .destructive] { #expect(await limiter.acquire(package) == .allowed) }
        #expect(await limiter.acquire(.observe) == .limited(scope: "overall", retryAfter: .seconds(10)))
        clock.advance(by: .seconds(10))
        #expect(await limiter.acquire(.restart) == .allowed)
    }
}

@Suite("Autonomy level parsing")
struct AutonomyLevelParsingTests {
    @Test func parsesTheWaysPeopleWriteIt() {
        #expect(AutonomyLevel(parsing: "L2") == .l2)
        #expect(AutonomyLevel(parsing: "l4") == .l4)
        #expect(AutonomyLevel(parsing: "0") == .l0)
        for text in ["L5", "LL2", "L", "", "2x", "L-1", "12"] {
            #expect(AutonomyLevel(parsing: text) == nil, "\(text)")
        }
    }
}
