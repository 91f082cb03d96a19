import Foundation
import OkikKit
import OkikKubeClient
import OkikSimulator
import Synchronization
import Testing

@Suite("Approvals through the executor")
struct ApprovalTests {
    static let guarded = GatekeeperConfiguration(level: .l2, rateLimits: .unlimited)

    func queue(_ harness: Harness, _ invocation: ToolInvocation) async throws -> ActionPlan {
        let report = try await harness.executor.execute(invocation, caller: agent, rationale: "pods are stuck")
        guard case .queued(let plan) = report.outcome else { throw TestFailure("not queued: \(report.textForModel)") }
        return plan
    }

    static let restartAPI = ToolInvocation(tool: "rollout_restart", arguments: ["namespace": "shop", "name": "api"])

    @Test("a queued write records a dry-run preview and does not touch the cluster")
    func preview() async throws {
        try await withHarness(Self.guarded) { harness in
            let writes = harness.simulator.requests.writeCount()
            let plan = try await queue(harness, ToolInvocation(tool: "scale_to_zero", arguments: ["namespace": "shop", "name": "api"]))
            #expect(plan.state == .pending)
            #expect(plan.risk == .destructive)
            #expect(plan.rationale == "pods are stuck")
            #expect(plan.steps.first?.preview?.summary?.contains("would scale deployment shop/api from 2 to 0") == true)
            #expect(harness.simulator.requests.writeCount() == writes)
            #expect(harness.simulator.requests.writeCount(includingDryRuns: true) == writes + 1)
            #expect(try await harness.client.namespaced(Deployment.self, in: .named("shop")).get("api").spec?.replicas == 2)
            let pending = try await harness.executor.approvals.pending()
            #expect(pending.map(\.id) == [plan.id])
        }
    }

    @Test("an approved plan takes the rate limits for all its steps first: one that cannot stays pending, with nothing run")
    func rateLimitsNeverLeaveAPlanHalfApplied() async throws {
        let limits = RateLimitConfiguration(perPackage: [.destructive: .init(capacity: 2, refillPerMinute: 0.01)])
        try await withHarness(GatekeeperConfiguration(level: .l2, rateLimits: limits)) { harness in
            let deployments = harness.client.namespaced(Deployment.self, in: .named("shop"))
            let first = try #require(try await harness.executor.approvals.propose(
                [ToolInvocation(tool: "scale_to_zero", arguments: ["namespace": "shop", "name": "api"])],
                caller: agent, rationale: "one destructive step").plan)
            let second = try #require(try await harness.executor.approvals.propose(
                [ToolInvocation(tool: "scale_to_zero", arguments: ["namespace": "shop", "name": "web"]),
                 ToolInvocation(tool: "delete_deployment", arguments: ["namespace": "shop", "name": "web"])],
                caller: agent, rationale: "two destructive steps").plan)
            #expect(try await harness.executor.approvals.approve(first.id, by: operatorHuman).plan.state == .executed)

            // One destructive token is left and the second plan needs two: it is not approved, and nothing of it runs.
            let writes = harness.simulator.requests.writeCount()
            let error = await #expect(throws: ApprovalError.self) {
                _ = try await harness.executor.approvals.approve(second.id, by: operatorHuman)
            }
            #expect(error?.code == .rateLimited, "\(String(describing: error))")
            #expect(error?.message.contains("stays pending") == true)
            #expect(harness.simulator.requests.writeCount() == writes)
            #expect(try await harness.executor.approvals.plan(second.id)?.state == .pending)
            #expect(try await deployments.get("web").spec?.replicas == 3)
        }
    }

    @Test("a preview records the API's refusal")
    func previewError() async throws {
        try await withHarness(Self.guarded) { harness in
            let plan = try await queue(harness, ToolInvocation(tool: "delete_deployment", arguments: ["namespace": "shop", "name": "ghost"]))
            #expect(plan.steps.first?.preview?.error?.contains("not found") == true)
        }
    }

    @Test("approving runs the stored calls once, in order, and records results")
    func approveRuns() async throws {
        try await withHarness(Self.guarded) { harness in
            let proposal = try await harness.executor.approvals.propose(
                [ToolInvocation(tool: "scale_deployment", arguments: ["namespace": "shop", "name": "api", "replicas": 4]),
                 Self.restartAPI],
                caller: agent, rationale: "scale then restart")
            let plan = try #require(proposal.plan)
            #expect(plan.risk == .restart)
            let report = try await harness.executor.approvals.approve(plan.id, by: operatorHuman)
            #expect(report.ranNow)
            #expect(report.plan.state == .executed)
            #expect(report.plan.results.count == 2)
            #expect(report.plan.decidedBy == "human:alice")
            #expect(try await harness.client.namespaced(Deployment.self, in: .named("shop")).get("api").spec?.replicas == 4)
            let writes = harness.simulator.requests.writeCount()
            let second = try await harness.executor.approvals.approve(plan.id, by: operatorHuman)
            #expect(!second.ranNow)
            #expect(second.message.contains("already approved"))
            #expect(harness.simulator.requests.writeCount() == writes)
        }
    }

    @Test("concurrent approvals run the plan exactly once")
    func concurrentApprovals() async throws {
        try await withHarness(Self.guarded) { harness in
            let plan = try await queue(harness, Self.restartAPI)
            let writes = harness.simulator.requests.writeCount()
            let executor = harness.executor
            let ran = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<16 {
                    group.addTask { try await executor.approvals.approve(plan.id, by: Caller(.human, "approver-\(index)")).ranNow }
                }
                var count = 0
                for try await ranNow in group where ranNow { count += 1 }
                return count
            }
            #expect(ran == 1)
            #expect(harness.simulator.requests.writeCount() == writes + 1)
            let outcomes = try await harness.store.entries(AuditQuery(kinds: [.outcome], planID: plan.id))
            #expect(outcomes.count == 1)
            #expect(try await harness.store.plan(id: plan.id)?.state == .executed)
        }
    }

    @Test("execution stops at the first failure and records it")
    func stopsAtFailure() async throws {
        try await withHarness(Self.guarded) { harness in
            let proposal = try await harness.executor.approvals.propose(
                [ToolInvocation(tool: "rollout_restart", arguments: ["namespace": "shop", "name": "ghost"]), Self.restartAPI],
                caller: agent, rationale: "x")
            let plan = try #require(proposal.plan)
            let report = try await harness.executor.approvals.approve(plan.id, by: operatorHuman)
            #expect(report.plan.state == .failed)
            #expect(report.plan.results.count == 1)
            #expect(report.plan.reason?.contains("step 1 (rollout_restart) failed") == true)
            let api = try await harness.client.namespaced(Deployment.self, in: .named("shop")).get("api")
            #expect(api.spec?.template?.metadata?.annotations?["kubectl.kubernetes.io/restartedAt"] == nil)
        }
    }

    @Test("reject records who and why; a rejected plan cannot be approved")
    func reject() async throws {
        try await withHarness(Self.guarded) { harness in
            let plan = try await queue(harness, Self.restartAPI)
            let rejected = try await harness.executor.approvals.reject(plan.id, by: operatorHuman, reason: "not during business hours")
            #expect(rejected.state == .rejected)
            #expect(rejected.decidedBy == "human:alice")
            await #expect(throws: ApprovalError.self) { _ = try await harness.executor.approvals.approve(plan.id, by: operatorHuman) }
            let events = try await harness.store.entries(AuditQuery(kinds: [.planRejected], planID: plan.id))
            #expect(events.first?.reason == "not during business hours")
            #expect(events.first?.actor == "human:alice")
        }
    }

    @Test("expired plans cannot run; the sweeper expires them")
    func expiry() async throws {
        try await withHarness(GatekeeperConfiguration(level: .l2, rateLimits: .unlimited, approvalTTL: .seconds(600))) { harness in
            let first = try await queue(harness, Self.restartAPI)
            let second = try await queue(harness, ToolInvocation(tool: "delete_pod", arguments: ["namespace": "shop", "name": "web-2"]))
            harness.clock.advance(by: .seconds(601))
            do {
                _ = try await harness.executor.approvals.approve(first.id, by: operatorHuman)
                Issue.record("an expired plan ran")
            } catch let error as ApprovalError {
                #expect(error.code == .expired)
            }
            let expired = try await harness.executor.approvals.expireDue()
            #expect(expired.map(\.id) == [second.id])
            #expect(try await harness.store.plan(id: first.id)?.state == .expired)
            #expect(try await harness.store.plan(id: second.id)?.state == .expired)
            #expect(try await harness.client.namespaced(Pod.self, in: .named("shop")).getIfPresent("web-2") != nil)
        }
    }

    @Test("the emergency stop blocks approvals until lifted, and denies writes at every level")
    func emergencyStop() async throws {
        try await withHarness(GatekeeperConfiguration(level: .l4, rateLimits: .unlimited)) { harness in
            try await harness.executor.controls.setLevel(.l1, by: operatorHuman)
            let plan = try await queue(harness, Self.restartAPI)
            try await harness.executor.controls.setLevel(.l4, by: operatorHuman)
            try await harness.executor.controls.engageEmergencyStop(by: operatorHuman, reason: "incident 42")
            do {
                _ = try await harness.executor.approvals.approve(plan.id, by: operatorHuman)
                Issue.record("approved during an emergency stop")
            } catch let error as ApprovalError {
                #expect(error.code == .emergencyStop)
            }
            #expect(try await harness.store.plan(id: plan.id)?.state == .pending)
            let denied = try await harness.executor.execute(Self.restartAPI, caller: agent)
            #expect(denied.decision.kind == .deny)
            #expect(denied.decision.reason.contains("emergency stop"))
            try await harness.executor.controls.liftEmergencyStop(by: operatorHuman)
            #expect(try await harness.executor.approvals.approve(plan.id, by: operatorHuman).plan.state == .executed)
        }
    }

    @Test("a proposal with a protected or invalid call is refused whole")
    func proposalRefused() async throws {
        try await withHarness(Self.guarded) { harness in
            let report = try await harness.executor.approvals.propose(
                [Self.restartAPI, ToolInvocation(tool: "delete_namespace", arguments: ["name": "kube-system"]),
                 ToolInvocation(tool: "scale_deployment", arguments: ["namespace": "shop"])],
                caller: agent, rationale: "x")
            #expect(report.plan == nil)
            #expect(report.refusals.count == 2)
            #expect(try await harness.executor.approvals.pending().isEmpty)
        }
    }
}

@Suite("Approval expiry service")
struct ApprovalExpiryServiceTests {
    @Test("the service expires due plans and stops when cancelled")
    func sweeps() async throws {
        try await withHarness(GatekeeperConfiguration(level: .l2, rateLimits: .unlimited)) { harness in
            let report = try await harness.executor.execute(ApprovalTests.restartAPI, caller: agent)
            guard case .queued(let plan) = report.outcome else { throw TestFailure("not queued") }
            harness.clock.advance(by: .seconds(3601))
            let approvals = harness.executor.approvals
            let task = Task { try await ApprovalExpiryService(approvals: approvals, interval: .milliseconds(10)).run() }
            for _ in 0..<200 where try await harness.store.plan(id: plan.id)?.state != .expired {
                try await Task.sleep(for: .milliseconds(10))
            }
            task.cancel()
            try await task.value
            #expect(try await harness.store.plan(id: plan.id)?.state == .expired)
            #expect(try await harness.store.entries(AuditQuery(kinds: [.planExpired])).count == 1)
        }
    }
}

/// An audit store whose outcome rows cannot be written once armed (the disk full, SQLITE_BUSY past its timeout).
final class FailingOutcomeStore: AuditStore {
    let inner: any AuditStore = InMemoryAuditStore()
    let failOutcomes = Mutex(false)

    struct Busy: Error {}

    func append(_ entry: AuditEntry) async throws -> AuditEntry {
        if entry.kind == .outcome, failOutcomes.withLock({ $0 }) { throw Busy() }
        return try await inner.append(entry)
    }
    func entries(_ query: AuditQuery) async throws -> [AuditEntry] { try await inner.entries(query) }
    func insertPlan(_ plan: ActionPlan, now: Date) async throws -> PlanInsertion { try await inner.insertPlan(plan, now: now) }
    func updatePlan(_ plan: ActionPlan, from expected: ActionPlan.State) async throws -> Bool {
        try await inner.updatePlan(plan, from: expected)
    }
    func plan(id: UUID) async throws -> ActionPlan? { try await inner.plan(id: id) }
    func plans(_ query: PlanQuery) async throws -> [ActionPlan] { try await inner.plans(query) }
    func actions(_ query: ActionQuery) async throws -> [ActionRecord] { try await inner.actions(query) }
    func toolUsage(since: Date?) async throws -> [ToolUsageStats] { try await inner.toolUsage(since: since) }
    func stats(since: Date?) async throws -> AuditStats { try await inner.stats(since: since) }
    func prune(before date: Date) async throws -> PruneResult { try await inner.prune(before: date) }
}

@Suite("Plans left approved or executing")
struct InterruptedPlanTests {
    /// Runs the expiry service until `plan` is no longer approved or executing (or two seconds passed).
    static func sweep(_ approvals: ApprovalService, until plan: UUID, in store: any AuditStore) async throws {
        let task = Task { try await ApprovalExpiryService(approvals: approvals, interval: .milliseconds(10)).run() }
        for _ in 0..<200 {
            let state = try await store.plan(id: plan)?.state
            if state != .approved && state != .executing { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        task.cancel()
        try await task.value
    }

    @Test("a store failure after the approval's compare-and-set leaves the plan failed, not executing")
    func storeFailureWhileRunning() async throws {
        let store = FailingOutcomeStore()
        try await withHarness(ApprovalTests.guarded, store: store) { harness in
            let report = try await harness.executor.execute(ApprovalTests.restartAPI, caller: agent)
            guard case .queued(let plan) = report.outcome else { throw TestFailure("not queued") }
            store.failOutcomes.withLock { $0 = true }
            await #expect(throws: FailingOutcomeStore.Busy.self) {
                _ = try await harness.executor.approvals.approve(plan.id, by: operatorHuman)
            }
            store.failOutcomes.withLock { $0 = false }
            harness.clock.advance(by: .seconds(601))
            try await Self.sweep(harness.executor.approvals, until: plan.id, in: store)
            let settled = try #require(try await store.plan(id: plan.id))
            #expect(settled.state == .failed)
            #expect(settled.reason?.contains("interrupted") == true)
            #expect(settled.reason?.contains("check the audit") == true)
            let failed = try await store.entries(AuditQuery(kinds: [.planFailed], planID: plan.id))
            #expect(failed.count == 1)
            // Settled for good: approving again runs nothing.
            let again = try await harness.executor.approvals.approve(plan.id, by: operatorHuman)
            #expect(!again.ranNow)
        }
    }

    @Test("a plan an earlier executor left executing is failed by the sweep once past the bound, never re-run")
    func executingPlanOfAnEarlierExecutor() async throws {
        try await withHarness(ApprovalTests.guarded) { harness in
            let report = try await harness.executor.execute(ApprovalTests.restartAPI, caller: agent)
            guard case .queued(let plan) = report.outcome else { throw TestFailure("not queued") }
            // The earlier executor approved and started it, then stopped.
            var executing = plan
            _ = try executing.approve(by: "human:alice", now: harness.clock.now)
            #expect(try await harness.store.updatePlan(executing, from: .pending))
            try executing.start(now: harness.clock.now)
            #expect(try await harness.store.updatePlan(executing, from: .approved))
            let fresh = try await GatedToolExecutor.start(
                client: harness.client, store: harness.store, configuration: ApprovalTests.guarded, clock: harness.clock,
                logger: testLogger)
            #expect(try await harness.store.plan(id: plan.id)?.state == .executing, "too recent at the start")
            harness.clock.advance(by: .seconds(601))
            let writes = harness.simulator.requests.writeCount()
            try await Self.sweep(fresh.approvals, until: plan.id, in: harness.store)
            let settled = try #require(try await harness.store.plan(id: plan.id))
            #expect(settled.state == .failed)
            #expect(settled.reason?.contains("interrupted") == true)
            #expect(try await harness.store.entries(AuditQuery(kinds: [.planFailed], planID: plan.id)).count == 1)
            #expect(harness.simulator.requests.writeCount() == writes)
        }
    }
}
