import Foundation

/// One recommendation of the agent, with its whole story: the findings behind it, the model's rationale, the tool
/// calls made for it (their audit call ids), the plans queued for it, and what verification found. Its id is stable
/// (the object it is about), so a recommendation is updated across ticks rather than repeated.
public struct AgentRecommendation: Sendable, Hashable, Codable, Identifiable {
    /// Where it stands.
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// Seen, nothing done yet.
        case open
        /// A write ran for it.
        case acted
        /// A plan for it waits for a person.
        case queued
        /// A person set it aside.
        case dismissed
        /// Its findings are gone.
        case resolved
    }

    /// What a re-check after a write found.
    public struct Verification: Sendable, Hashable, Codable {
        /// How the object fared.
        public enum Result: String, Sendable, Hashable, Codable {
            /// Its findings are gone or less severe.
            case recovered
            /// As bad as before.
            case unchanged
            /// Worse than before: the write's inverse is proposed.
            case worse
        }

        /// The audit call id of the write.
        public var callID: UUID
        /// The write.
        public var invocation: ToolInvocation
        /// When the object was checked again.
        public var checkedAt: Date
        /// The result.
        public var result: Result
        /// Worst severity before and after, in words.
        public var detail: String
        /// The inverse proposed or run when it got worse.
        public var inverse: ToolInvocation?
        /// What the gate did with the inverse.
        public var inverseOutcome: CallOutcome?
    }

    /// `Deployment/shop/web`: the object it is about.
    public var id: String
    /// The object.
    public var subject: ResourceRef?
    /// Where it stands.
    public var state: State
    /// The most severe finding's severity.
    public var severity: Severity
    /// The latest recommendation text (the model's, or the offline reasoner's).
    public var text: String
    /// Who wrote it: `agent:<model>` or `offline`.
    public var source: String
    /// The findings behind it.
    public var findingIDs: [String]
    /// Audit call ids of the tool calls made for it.
    public var callIDs: [UUID]
    /// Plans queued for it.
    public var planIDs: [UUID]
    /// Re-checks after writes.
    public var verifications: [Verification]
    /// When it was first and last updated (the agent's clock).
    public var createdAt: Date
    /// See ``createdAt``.
    public var updatedAt: Date

    /// The id for an object.
    public static func id(for subject: ResourceRef) -> String {
        "\(subject.kind)/\(subject.namespace.map { "\($0)/" } ?? "")\(subject.name)"
    }
}

/// The agent's recommendations, one per object, with their lifecycle: the ledger from finding to decision to approval
/// to action to verification.
public actor AgentLedger {
    /// The most recommendations kept; past it, the oldest settled (resolved or dismissed) go first, then the oldest.
    public static let maxEntries = 2_000
    /// The longest recommendation text kept, in characters.
    public static let maxTextLength = 2_000
    /// The most call ids, plan ids and verifications kept per recommendation (the newest).
    public static let maxHistory = 50

    private var entries: [String: AgentRecommendation] = [:]
    private var continuations: [UUID: AsyncStream<AgentRecommendation>.Continuation] = [:]

    /// Creates an empty ledger.
    public init() {}

    /// Every recommendation, most severe and most recent first; optionally only some states.
    public func recommendations(states: Set<AgentRecommendation.State>? = nil) -> [AgentRecommendation] {
        entries.values.filter { states?.contains($0.state) ?? true }.sorted {
            ($0.severity, $0.updatedAt, $1.id) > ($1.severity, $1.updatedAt, $0.id)
        }
    }

    /// One recommendation.
    public func recommendation(_ id: String) -> AgentRecommendation? { entries[id] }

    /// Every change from now on.
    public func updates() -> AsyncStream<AgentRecommendation> {
        let (stream, continuation) = AsyncStream<AgentRecommendation>.makeStream(bufferingPolicy: .bufferingNewest(1000))
        let id = UUID()
        continuations[id] = continuation
        continuation.onTermination = { [weak self] _ in Task { await self?.unsubscribe(id) } }
        return stream
    }

    private func unsubscribe(_ id: UUID) { continuations[id] = nil }

    /// Opens or updates the recommendation about `subject` with new text and findings.
    @discardableResult
    func note(
        _ subject: ResourceRef, severity: Severity, text: String, source: String, findingIDs: [String], at now: Date
    ) -> AgentRecommendation {
        let id = AgentRecommendation.id(for: subject)
        var entry = entries[id] ?? AgentRecommendation(
            id: id, subject: subject, state: .open, severity: severity, text: text, source: source, findingIDs: [],
            callIDs: [], planIDs: [], verifications: [], createdAt: now, updatedAt: now)
        if entry.state == .resolved { entry.state = .open }
        entry.severity = severity
        entry.text = text.count > Self.maxTextLength ? String(text.prefix(Self.maxTextLength)) + "…" : text
        entry.source = source
        for finding in findingIDs where !entry.findingIDs.contains(finding) { entry.findingIDs.append(finding) }
        entry.updatedAt = now
        return store(entry)
    }

    /// Records a tool call made for `subject`.
    func recordCall(_ report: CallReport, about subject: ResourceRef, at now: Date) {
        let id = AgentRecommendation.id(for: subject)
        guard var entry = entries[id] else { return }
        entry.callIDs.append(report.callID)
        switch report.outcome {
        case .executed where report.decision.kind == .execute:
            if entry.state != .dismissed { entry.state = .acted }
        case .queued(let plan):
            if !entry.planIDs.contains(plan.id) { entry.planIDs.append(plan.id) }
            if entry.state == .open { entry.state = .queued }
        default: break
        }
        entry.updatedAt = now
        store(entry)
    }

    /// Records a verification.
    func recordVerification(_ verification: AgentRecommendation.Verification, about subject: ResourceRef, at now: Date) {
        let id = AgentRecommendation.id(for: subject)
        guard var entry = entries[id] else { return }
        entry.verifications.append(verification)
        entry.updatedAt = now
        store(entry)
    }

    /// Marks the recommendations whose findings are all gone as resolved.
    func resolve(openFindingIDs: Set<String>, at now: Date) {
        for (id, var entry) in entries where entry.state != .resolved && entry.state != .dismissed {
            guard !entry.findingIDs.isEmpty, entry.findingIDs.allSatisfy({ !openFindingIDs.contains($0) }) else { continue }
            entry.state = .resolved
            entry.updatedAt = now
            entries[id] = entry
            store(entry)
        }
    }

    /// A person sets a recommendation aside.
    /// - Returns: false when there is none with this id.
    @discardableResult
    public func dismiss(_ id: String, at now: Date) -> Bool {
        guard var entry = entries[id] else { return false }
        entry.state = .dismissed
        entry.updatedAt = now
        store(entry)
        return true
    }

    @discardableResult
    private func store(_ entry: AgentRecommendation) -> AgentRecommendation {
        var entry = entry
        entry.callIDs = Array(entry.callIDs.suffix(Self.maxHistory))
        entry.planIDs = Array(entry.planIDs.suffix(Self.maxHistory))
        entry.verifications = Array(entry.verifications.suffix(Self.maxHistory))
        entry.findingIDs = Array(entry.findingIDs.suffix(Self.maxHistory))
        entries[entry.id] = entry
        if entries.count > Self.maxEntries {
            let settled: Set<AgentRecommendation.State> = [.resolved, .dismissed]
            let evicted = entries.values.filter { $0.id != entry.id }.min {
                (settled.contains($0.state) ? 0 : 1, $0.updatedAt) < (settled.contains($1.state) ? 0 : 1, $1.updatedAt)
            }
            if let evicted { entries[evicted.id] = nil }
        }
        for continuation in continuations.values { continuation.yield(entry) }
        return entry
    }
}
