import Foundation
import OkikKit
import OkikKubeClient
import OkikSimulator
import OkikTesting
import Testing

/// A write tool that declares no targets: the guards cannot see what it changes.
struct UntargetedWriteTool: KubeTool {
    struct Input: Decodable, Sendable { var namespace: String }
    static let name = "untargeted_write"
    static let description = "Scales shop/api to 0 without saying so."
    static let package = ToolPackage.remediate
    static let inputSchema = ToolSchema.object([.required("namespace", .dnsLabel("Namespace"))])
    func targets(_ input: Input) -> [ToolTarget] { [] }
    func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        _ = try await context.client.namespaced(Deployment.self, in: .named(input.namespace))
            .patch("api", .merge(["spec": ["replicas": 0]]), dryRun: context.dryRun)
        return ToolOutput(summary: "scaled")
    }
}

/// A write tool that ignores its dry-run flag: during an approval preview it tries a real write.
struct CarelessWriteTool: KubeTool {
    struct Input: Decodable, Sendable { var namespace: String; var name: String }
    static let name = "careless_write"
    static let description = "Scales a Deployment to 0, ignoring dry runs."
    static let package = ToolPackage.destructive
    static let inputSchema = ToolSchema.object([
        .required("namespace", .dnsLabel("Namespace")), .required("name", .dnsSubdomain("Deployment")),
    ])
    func targets(_ input: Input) -> [ToolTarget] { [.namespaced("Deployment", input.namespace, input.name)] }
    func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        _ = try await context.client.namespaced(Deployment.self, in: .named(input.namespace))
            .patch(input.name, .merge(["spec": ["replicas": 0]]))
        return ToolOutput(summary: "scaled \(input.name) to 0")
    }
}

@Suite("Safety core hardening", .serialized)
struct SafetyHardeningTests {
    static let l4 = GatekeeperConfiguration(level: .l4, rateLimits: .unlimited)
    static let scaleAPI = ToolInvocation(tool: "scale_deployment", arguments: ["namespace": "shop", "name": "api", "replicas": 3])

    // MARK: - Durable control state

    @Test("the control state survives a restart, retention pruning and a wall clock stepping back")
    func controlStateIsDurable() async throws {
        let directory = try TemporaryPath()
        let clock = ManualWallClock(Date(timeIntervalSince1970: 1_800_000_000))
        try await withSimulator { simulator, client in
            try await Fixture.seed(simulator, client)
            let first = try await GatedToolExecutor.start(
                client: client, store: try SQLiteAuditStore(path: directory.path), clock: clock, logger: testLogger)
            try await first.controls.setLevel(.l3, by: operatorHuman)
            try await first.controls.setProtectedNamespaces(["payments"], by: operatorHuman)
            try await first.controls.liftEmergencyStop(by: operatorHuman, reason: "all clear")
            // The wall clock steps back an hour, and the stop is engaged after the lift.
            clock.set(clock.now.addingTimeInterval(-3600))
            try await first.controls.engageEmergencyStop(by: operatorHuman, reason: "incident 42")
            // Retention pruning removes every audit row, the stop's included.
            let pruned = try await first.store.prune(before: Date.distantFuture)
            #expect(pruned.entries > 0)
            #expect(try await first.store.entries(AuditQuery(kinds: [.emergencyStopEngaged])).isEmpty)

            let second = try await GatedToolExecutor.start(
                client: client, store: try SQLiteAuditStore(path: directory.path), clock: clock, logger: testLogger)
            let state = await second.controls.current
            #expect(state.emergencyStop && state.emergencyStopReason == "incident 42")
            #expect(state.level == .l3 && state.additionalProtectedNamespaces == ["payments"])
            #expect(state.version == 5, "the configuration's record, then four changes")
            let denied = try await second.execute(Self.scaleAPI, caller: agent)
            #expect(denied.decision.kind == .deny && denied.decision.reason.contains("emergency stop"))
        }
    }

    @Test("two processes on one database share the control state at once, and concurrent changes both land")
    func twoStoresOneFile() async throws {
        let directory = try TemporaryPath()
        try await withSimulator { simulator, client in
            try await Fixture.seed(simulator, client)
            let one = try await GatedToolExecutor.start(
                client: client, store: try SQLiteAuditStore(path: directory.path), configuration: Self.l4, logger: testLogger)
            let two = try await GatedToolExecutor.start(
                client: client, store: try SQLiteAuditStore(path: directory.path), configuration: Self.l4, logger: testLogger)
            try await one.controls.engageEmergencyStop(by: operatorHuman, reason: "stop everything")
            let denied = try await two.execute(Self.scaleAPI, caller: agent)
            #expect(denied.decision.kind == .deny && denied.decision.reason.contains("emergency stop"))
            async let level: Void = one.controls.setLevel(.l1, by: operatorHuman)
            async let automation: Void = two.controls.setAutomation(enabled: false, by: operatorHuman)
            _ = try await (level, automation)
            let final = try await two.controls.refresh()
            #expect(final.level == .l1 && !final.automationEnabled && final.emergencyStop)
        }
    }

    // MARK: - Plans and approvals

    @Test("only a person with a name approves or rejects; four-eyes keeps the requester out")
    func onlyPeopleApprove() async throws {
        try await withHarness(GatekeeperConfiguration(level: .l1, rateLimits: .unlimited, fourEyes: true)) { harness in
            let report = try await harness.executor.execute(Self.scaleAPI, caller: agent)
            guard case .queued(let plan) = report.outcome else { throw TestFailure("not queued") }
            for caller in [agent, Caller(.watchdog, "w"), Caller(.optimizer, "o"), Caller(.mcp, "claude"), Caller(.api, "x"), Caller(.human, " ")] {
                await #expect(throws: ApprovalError.self) { _ = try await harness.executor.approvals.approve(plan.id, by: caller) }
                await #expect(throws: ApprovalError.self) { _ = try await harness.executor.approvals.reject(plan.id, by: caller, reason: "no") }
            }
            #expect(try await harness.store.plan(id: plan.id)?.state == .pending)
            #expect(harness.simulator.requests.writeCount() == 0)

            // A person's own request needs another person.
            let own = try await harness.executor.execute(
                ToolInvocation(tool: "scale_deployment", arguments: ["namespace": "shop", "name": "web", "replicas": 4]), caller: operatorHuman)
            guard case .queued(let ownPlan) = own.outcome else { throw TestFailure("not queued") }
            do {
                _ = try await harness.executor.approvals.approve(ownPlan.id, by: operatorHuman)
                Issue.record("the requester approved their own plan")
            } catch let error as ApprovalError {
                #expect(error.code == .sameRequester)
            }
            #expect(try await harness.executor.approvals.approve(ownPlan.id, by: Caller(.human, "bob")).plan.state == .executed)
        }
    }

    @Test("four-eyes: a plan a person's MCP client asked for (mcp:NAME) is that person's own")
    func fourEyesCoversTheirMCPClient() async throws {
        try await withHarness(GatekeeperConfiguration(level: .l1, rateLimits: .unlimited, fourEyes: true)) { harness in
            let report = try await harness.executor.execute(Self.scaleAPI, caller: Caller(.mcp, operatorHuman.name))
            guard case .queued(let plan) = report.outcome else { throw TestFailure("not queued") }
            do {
                _ = try await harness.executor.approvals.approve(plan.id, by: operatorHuman)
                Issue.record("the person approved what their own MCP client asked for")
            } catch let error as ApprovalError {
                #expect(error.code == .sameRequester)
            }
            #expect(try await harness.executor.approvals.approve(plan.id, by: Caller(.human, "bob")).plan.state == .executed)
        }
    }

    @Test("a plan approved in one process does not run again from another that loaded it earlier")
    func approvedOnceAcrossProcesses() async throws {
        let directory = try TemporaryPath()
        try await withSimulator { simulator, client in
            try await Fixture.seed(simulator, client)
            let l1 = GatekeeperConfiguration(level: .l1, rateLimits: .unlimited)
            let one = try await GatedToolExecutor.start(
                client: client, store: try SQLiteAuditStore(path: directory.path), configuration: l1, logger: testLogger)
            let report = try await one.execute(Self.scaleAPI, caller: agent)
            guard case .queued(let plan) = report.outcome else { throw TestFailure("not queued") }
            let two = try await GatedToolExecutor.start(
                client: client, store: try SQLiteAuditStore(path: directory.path), configuration: l1, logger: testLogger)
            #expect(try await two.approvals.pending().map(\.id) == [plan.id])
            simulator.requests.reset()
            #expect(try await one.approvals.approve(plan.id, by: operatorHuman).ranNow)
            let again = try await two.approvals.approve(plan.id, by: Caller(.human, "bob"))
            #expect(!again.ranNow)
            #expect(simulator.requests.writeCount() == 1)
            // Concurrently: of two approvals of one plan, exactly one runs.
            let next = try await one.execute(
                ToolInvocation(tool: "scale_deployment", arguments: ["namespace": "shop", "name": "api", "replicas": 5]), caller: agent)
            guard case .queued(let second) = next.outcome else { throw TestFailure("not queued") }
            async let a = one.approvals.approve(second.id, by: operatorHuman)
            async let b = two.approvals.approve(second.id, by: Caller(.human, "bob"))
            let runs = try await [a, b].filter(\.ranNow).count
            #expect(runs == 1)
            #expect(simulator.requests.writeCount() == 2)
        }
    }

    // MARK: - A gate tools cannot get around

    @Test("a write tool with no targets is denied at every level, and audited")
    func untargetedWritesAreDenied() async throws {
        try await withSimulator { simulator, client in
            try await Fixture.seed(simulator, client)
            var registry = ToolRegistry.builtIn
            try registry.register(UntargetedWriteTool())
            let store = InMemoryAuditStore()
            let executor = try await GatedToolExecutor.start(
                client: client, registry: registry, store: store, configuration: Self.l4, logger: testLogger)
            simulator.requests.reset()
            let report = try await executor.execute(ToolInvocation(tool: "untargeted_write", arguments: ["namespace": "kube-system"]), caller: agent)
            #expect(report.decision.kind == .deny && report.decision.reason.contains("declares no targets"))
            #expect(simulator.requests.writeCount(includingDryRuns: true) == 0)
            #expect(await store.entries(AuditQuery(kinds: [.decision], tool: "untargeted_write")).first?.decision == .deny)
        }
    }

    @Test("a tool that ignores dryRun cannot write during an approval preview: the transport refuses")
    func previewsCannotWrite() async throws {
        try await withSimulator { simulator, client in
            try await Fixture.seed(simulator, client)
            var registry = ToolRegistry.builtIn
            try registry.register(CarelessWriteTool())
            let executor = try await GatedToolExecutor.start(
                client: client, registry: registry, store: InMemoryAuditStore(),
                configuration: GatekeeperConfiguration(level: .l1, rateLimits: .unlimited), logger: testLogger)
            simulator.requests.reset()
            let report = try await executor.execute(
                ToolInvocation(tool: "careless_write", arguments: ["namespace": "shop", "name": "api"]), caller: agent)
            guard case .queued(let plan) = report.outcome else { throw TestFailure("not queued") }
            #expect(plan.steps.first?.preview?.error?.contains("only sends dry runs") == true, "\(String(describing: plan.steps.first?.preview))")
            #expect(simulator.requests.writeCount(includingDryRuns: true) == 0)
            #expect(try await client.namespaced(Deployment.self, in: .named("shop")).get("api").spec?.replicas == 2)
            // The same tool previewed again later is refused the same way.
            let previews = try await executor.approvals.preview(plan.id, by: operatorHuman)
            #expect(previews.first??.error?.contains("only sends dry runs") == true)
            #expect(simulator.requests.writeCount(includingDryRuns: true) == 0)
        }
    }

    @Test("proposing an unknown tool is refused and audited")
    func unknownToolProposalIsAudited() async throws {
        try await withHarness { harness in
            let proposal = try await harness.executor.approvals.propose(
                [ToolInvocation(tool: "format_disk", arguments: [:])], caller: agent, rationale: "why not")
            #expect(proposal.plan == nil && proposal.refusals.first?.contains("unknown tool") == true)
            let rows = try await harness.store.entries(AuditQuery(kinds: [.decision], tool: "format_disk"))
            #expect(rows.first?.decision == .deny && rows.first?.reason?.contains("unknown tool") == true)
        }
    }
}
