import Foundation

/// What the caller must do after a plan event.
public enum PlanTransition: Sendable, Hashable {
    /// Run the steps now (exactly once).
    case execute
    /// Nothing to do; the message says why (a second approval, a repeated rejection).
    case noChange(String)
}

extension ActionPlan {
    /// Marks a pending plan expired when its time has passed; returns whether it changed.
    public mutating func expireIfDue(now: Date) -> Bool {
        guard state == .pending, now >= expiresAt else { return false }
        state = .expired
        finishedAt = now
        reason = "not approved before \(expiresAt)"
        return true
    }

    /// Approves a pending plan: `.execute` the first time, `.noChange` once it was approved.
    /// - Throws: ``ApprovalError`` `.expired` after expiry, `.invalidTransition` for a rejected plan.
    public mutating func approve(by approver: String, now: Date) throws(ApprovalError) -> PlanTransition {
        switch state {
        case .pending:
            if now >= expiresAt {
                _ = expireIfDue(now: now)
                throw .expired(id, at: expiresAt)
            }
            state = .approved
            decidedBy = approver
            decidedAt = now
            return .execute
        case .approved, .executing, .executed, .failed:
            return .noChange("plan \(id) was already approved by \(decidedBy ?? "?") and is \(state.rawValue); it runs only once")
        case .expired:
            throw .expired(id, at: expiresAt)
        case .rejected:
            throw .invalidTransition(id, from: state, event: "approve")
        }
    }

    /// Rejects a pending plan, recording who and why.
    /// - Throws: ``ApprovalError`` when the plan is approved, executed, failed or expired.
    public mutating func reject(by approver: String, reason: String, now: Date) throws(ApprovalError) -> PlanTransition {
        switch state {
        case .pending:
            state = .rejected
            decidedBy = approver
            decidedAt = now
            self.reason = reason
            finishedAt = now
            return .noChange("rejected")
        case .rejected:
            return .noChange("plan \(id) was already rejected by \(decidedBy ?? "?")")
        case .approved, .executing, .executed, .failed, .expired:
            throw .invalidTransition(id, from: state, event: "reject")
        }
    }

    /// Starts running an approved plan's steps.
    /// - Throws: ``ApprovalError`` `.invalidTransition` unless the plan is approved.
    public mutating func start(now: Date) throws(ApprovalError) {
        guard state == .approved else { throw .invalidTransition(id, from: state, event: "start") }
        state = .executing
        startedAt = now
    }

    /// Records the result of the next step of an executing plan.
    /// - Throws: ``ApprovalError`` `.invalidTransition` unless the plan is executing.
    public mutating func record(_ result: StepResult) throws(ApprovalError) {
        guard state == .executing else { throw .invalidTransition(id, from: state, event: "record a step") }
        results.append(result)
    }

    /// Ends a plan that was approved (and maybe started): executed when every step succeeded, failed otherwise.
    /// - Throws: ``ApprovalError`` `.invalidTransition` unless the plan is approved or executing.
    public mutating func finish(now: Date, failure: String? = nil) throws(ApprovalError) {
        guard state == .approved || state == .executing else { throw .invalidTransition(id, from: state, event: "finish") }
        let allSucceeded = results.count == steps.count && results.allSatisfy(\.succeeded)
        state = failure == nil && allSucceeded ? .executed : .failed
        if state == .failed { reason = failure ?? results.first { !$0.succeeded }?.message ?? "not every step ran" }
        finishedAt = now
    }
}
