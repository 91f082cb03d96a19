import Foundation

/// An audit store in memory, for tests and examples; same semantics as ``SQLiteAuditStore``.
public actor InMemoryAuditStore: AuditStore, UsageHistoryStore, ControlStateStore {
    private let history = InMemoryUsageHistoryStore()
    private let control = InMemoryControlStateStore()
    let watchdogIncidentStore = InMemoryIncidentStore()
    let chatStore = InMemoryChatStore()
    /// The agent settings a person changed (see ``AgentSettingsStore``).
    var storedAgentSettings: AgentSettings?
    var storedTokenSpends: [TokenSpend] = []
    private var rows: [AuditEntry] = []
    private var plansByID: [UUID: ActionPlan] = [:]
    private var fingerprints: [UUID: String] = [:]
    private var nextID: Int64 = 1

    /// Creates an empty store.
    public init() {}

    @discardableResult
    /// See ``AuditStore``.
    public func append(_ entry: AuditEntry) -> AuditEntry {
        var stored = entry.redacted()
        stored.id = nextID
        nextID += 1
        rows.append(stored)
        return stored
    }

    /// See ``AuditStore``.
    public func entries(_ query: AuditQuery) -> [AuditEntry] {
        let matching = rows.filter { entry in
            (query.kinds.map { $0.contains(entry.kind) } ?? true)
                && (query.actor.map { $0 == entry.actor } ?? true)
                && (query.tool.map { $0 == entry.tool } ?? true)
                && (query.callID.map { $0 == entry.callID } ?? true)
                && (query.planID.map { $0 == entry.planID } ?? true)
                && (query.since.map { entry.timestamp >= $0 } ?? true)
                && (query.until.map { entry.timestamp < $0 } ?? true)
                && (query.afterID.map { (entry.id ?? 0) > $0 } ?? true)
        }
        let ordered = matching.sorted {
            query.afterID != nil
                ? (query.newestFirst ? ($0.id ?? 0) > ($1.id ?? 0) : ($0.id ?? 0) < ($1.id ?? 0))
                : query.newestFirst
                ? ($0.timestamp, $0.id ?? 0) > ($1.timestamp, $1.id ?? 0)
                : ($0.timestamp, $0.id ?? 0) < ($1.timestamp, $1.id ?? 0)
        }
        return Array(ordered.dropFirst(query.offset).prefix(query.limit))
    }

    /// See ``AuditStore``.
    public func insertPlan(_ plan: ActionPlan, now: Date) -> PlanInsertion {
        let fingerprint = plan.fingerprint
        if let existing = plansByID.values
            .filter({ $0.state == .pending && $0.expiresAt > now && fingerprints[$0.id] == fingerprint })
            .min(by: { $0.createdAt < $1.createdAt })
        {
            return PlanInsertion(plan: existing, inserted: false)
        }
        plansByID[plan.id] = plan.redacted()
        fingerprints[plan.id] = fingerprint
        return PlanInsertion(plan: plan, inserted: true)
    }

    /// See ``AuditStore``.
    public func updatePlan(_ plan: ActionPlan, from expected: ActionPlan.State) -> Bool {
        guard plansByID[plan.id]?.state == expected else { return false }
        plansByID[plan.id] = plan.redacted()
        return true
    }

    /// See ``AuditStore``.
    public func plan(id: UUID) -> ActionPlan? { plansByID[id] }

    /// See ``AuditStore``.
    public func plans(_ query: PlanQuery) -> [ActionPlan] {
        let matching = plansByID.values.filter { plan in
            (query.states.map { $0.contains(plan.state) } ?? true) && (query.requester.map { $0 == plan.requester } ?? true)
        }
        let ordered = matching.sorted { ($0.createdAt, $0.id.uuidString) > ($1.createdAt, $1.id.uuidString) }
        return Array(ordered.dropFirst(query.offset).prefix(query.limit))
    }

    /// See ``AuditStore``.
    public func actions(_ query: ActionQuery) -> [ActionRecord] {
        let outcomes = Dictionary(
            rows.compactMap { entry in entry.kind == .outcome ? entry.callID.map { ($0, entry) } : nil },
            uniquingKeysWith: { first, _ in first })
        let starts = rows.filter { entry in
            query.writesOnly ? entry.kind == .intent : (entry.kind == .intent || (entry.kind == .outcome && entry.package == .observe))
        }.sorted { ($0.timestamp, $0.id ?? 0) > ($1.timestamp, $1.id ?? 0) }
        let records = starts.compactMap { start -> ActionRecord? in
            let outcome = start.kind == .outcome ? start : start.callID.flatMap { outcomes[$0] }
            let record = ActionRecord(intent: start, outcome: outcome)
            if let tool = query.tool, record.tool != tool { return nil }
            if let namespace = query.namespace, record.namespace != namespace { return nil }
            if let status = query.status, record.status != status { return nil }
            if let since = query.since, record.startedAt < since { return nil }
            return record
        }
        return Array(records.dropFirst(query.offset).prefix(query.limit))
    }

    /// See ``AuditStore``.
    public func toolUsage(since: Date?) -> [ToolUsageStats] {
        var stats: [String: ToolUsageStats] = [:]
        var durations: [String: [Int]] = [:]
        for entry in rows where since.map({ entry.timestamp >= $0 }) ?? true {
            guard let tool = entry.tool else { continue }
            var item = stats[tool] ?? ToolUsageStats(tool: tool)
            switch entry.kind {
            case .decision:
                item.calls += 1
                switch entry.decision {
                case .execute: item.executed += 1
                case .requireApproval: item.queued += 1
                case .deny: item.denied += 1
                case nil: break
                }
            case .outcome:
                if entry.outcome == .succeeded { item.succeeded += 1 } else { item.failed += 1 }
                if let duration = entry.durationMs { durations[tool, default: []].append(duration) }
            default: break
            }
            stats[tool] = item
        }
        for (tool, values) in durations where !values.isEmpty {
            stats[tool]?.averageDurationMs = Double(values.reduce(0, +)) / Double(values.count)
        }
        return stats.values.sorted { $0.tool < $1.tool }
    }

    /// See ``AuditStore``.
    public func stats(since: Date?) -> AuditStats {
        let selected = rows.filter { entry in since.map { entry.timestamp >= $0 } ?? true }
        var stats = AuditStats(entries: selected.count)
        for entry in selected where entry.kind == .decision {
            if let decision = entry.decision { stats.decisions[decision, default: 0] += 1 }
        }
        let outcomes = Set(selected.filter { $0.kind == .outcome }.compactMap(\.callID))
        let outcomeByID = Dictionary(
            selected.compactMap { entry in entry.kind == .outcome ? entry.callID.map { ($0, entry.outcome) } : nil },
            uniquingKeysWith: { first, _ in first })
        for intent in selected where intent.kind == .intent {
            guard let id = intent.callID, outcomes.contains(id) else {
                stats.actions[.unknown, default: 0] += 1
                continue
            }
            stats.actions[outcomeByID[id] == .succeeded ? .succeeded : .failed, default: 0] += 1
        }
        for plan in plansByID.values where since.map({ plan.createdAt >= $0 }) ?? true {
            stats.plans[plan.state, default: 0] += 1
        }
        stats.firstEntry = selected.map(\.timestamp).min()
        stats.lastEntry = selected.map(\.timestamp).max()
        return stats
    }

    /// See ``AuditStore``.
    public func prune(before date: Date) -> PruneResult {
        let before = rows.count
        rows.removeAll { $0.timestamp < date }
        let oldPlans = plansByID.values.filter { $0.state.isFinal && ($0.finishedAt ?? $0.createdAt) < date }.map(\.id)
        for id in oldPlans { plansByID[id] = nil }
        return PruneResult(entries: before - rows.count, plans: oldPlans.count)
    }

    /// See ``UsageHistoryStore``.
    public func recordUsage(_ samples: [UsageSample]) async throws {
        try await history.recordUsage(samples)
    }

    /// See ``UsageHistoryStore``.
    public func usageHistory(for keys: Set<ContainerKey>?) async throws -> [ContainerKey: ContainerUsageHistory] {
        try await history.usageHistory(for: keys)
    }

    /// See ``ControlStateStore``.
    public func loadControlState() async throws -> ControlState? {
        try await control.loadControlState()
    }

    /// See ``ControlStateStore``.
    public func saveControlState(_ state: ControlState) async throws -> Bool {
        try await control.saveControlState(state)
    }
}
