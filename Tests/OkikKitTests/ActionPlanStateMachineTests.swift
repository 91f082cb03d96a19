import Foundation
import OkikKit
import Testing

@Suite("ActionPlan state machine (no I/O)")
struct ActionPlanStateMachineTests {
    let start = Date(timeIntervalSince1970: 1_000_000)

    func plan(steps: Int = 2) -> ActionPlan {
        let step = ActionPlan.Step(
            invocation: ToolInvocation(tool: "rollout_restart", arguments: ["namespace": "shop", "name": "web"]),
            package: .restart, targets: [.namespaced("Deployment", "shop", "web")])
        let destructive = ActionPlan.Step(
            invocation: ToolInvocation(tool: "cordon_node", arguments: ["name": "n"]), package: .destructive,
            targets: [.cluster("Node", "n")])
        return ActionPlan(
            requester: "agent:a", rationale: "why", steps: Array([step, destructive].prefix(steps)), createdAt: start,
            expiresAt: start.addingTimeInterval(60))
    }

    @Test("risk is the highest package")
    func risk() {
        #expect(plan(steps: 2).risk == .destructive)
        #expect(plan(steps: 1).risk == .restart)
    }

    @Test("approve once, then no-op that says so")
    func approveOnce() throws {
        var plan = plan()
        #expect(try plan.approve(by: "human:alice", now: start) == .execute)
        #expect(plan.state == .approved)
        guard case .noChange(let message) = try plan.approve(by: "human:bob", now: start) else {
            Issue.record("second approval executed")
            return
        }
        #expect(message.contains("already approved by human:alice"))
        #expect(plan.decidedBy == "human:alice")
    }

    @Test("expired plans cannot run")
    func expiry() throws {
        var plan = plan()
        #expect(throws: ApprovalError.self) { _ = try plan.approve(by: "human:alice", now: start.addingTimeInterval(61)) }
        #expect(plan.state == .expired)
        #expect(throws: ApprovalError.self) { _ = try plan.approve(by: "human:alice", now: start) }
        var other = self.plan()
        #expect(other.expireIfDue(now: start.addingTimeInterval(59)) == false)
        let expiredNow = other.expireIfDue(now: start.addingTimeInterval(60))
        #expect(expiredNow)
    }

    @Test("reject records who and why; illegal transitions throw")
    func reject() throws {
        var plan = plan()
        _ = try plan.reject(by: "human:bob", reason: "too risky", now: start)
        #expect(plan.state == .rejected)
        #expect(plan.decidedBy == "human:bob")
        #expect(plan.reason == "too risky")
        do throws(ApprovalError) {
            _ = try plan.approve(by: "human:alice", now: start)
            Issue.record("approving a rejected plan succeeded")
        } catch {
            #expect(error.code == .invalidTransition)
        }
        var approved = self.plan()
        _ = try approved.approve(by: "human:alice", now: start)
        #expect(throws: ApprovalError.self) { _ = try approved.reject(by: "human:bob", reason: "late", now: start) }
        var pending = self.plan()
        #expect(throws: ApprovalError.self) { try pending.finish(now: start) }
        #expect(throws: ApprovalError.self) {
            try pending.record(.init(index: 0, callID: UUID(), succeeded: true, message: "", finishedAt: self.start))
        }
    }

    @Test("finish: executed when every step succeeded, failed otherwise")
    func finish() throws {
        var good = plan()
        _ = try good.approve(by: "h", now: start)
        // A step result before the plan started is refused: approved -> executing comes first.
        #expect(throws: ApprovalError.self) {
            try good.record(.init(index: 0, callID: UUID(), succeeded: true, message: "ok", finishedAt: self.start))
        }
        try good.start(now: start)
        #expect(good.state == .executing && good.startedAt == start)
        #expect(throws: ApprovalError.self) { try good.start(now: self.start) }
        try good.record(.init(index: 0, callID: UUID(), succeeded: true, message: "ok", finishedAt: start))
        try good.record(.init(index: 1, callID: UUID(), succeeded: true, message: "ok", finishedAt: start))
        try good.finish(now: start)
        #expect(good.state == .executed)
        var bad = plan()
        _ = try bad.approve(by: "h", now: start)
        try bad.start(now: start)
        try bad.record(.init(index: 0, callID: UUID(), succeeded: false, message: "boom", finishedAt: start))
        try bad.finish(now: start, failure: "step 1 failed: boom")
        #expect(bad.state == .failed)
        #expect(bad.reason == "step 1 failed: boom")
        #expect(bad.state.isFinal)
    }
}
