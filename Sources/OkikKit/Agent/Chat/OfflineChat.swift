import Foundation
import OkikKubeClient

/// Answers a person's common questions without a model, deterministically and with no network beyond the cluster:
/// what is wrong, why an object is pending or crashing, the pods of a namespace, quarantining a Deployment (always
/// as a plan for approval, never directly) and the plans that wait. Every answer says that it is offline and why.
///
/// ```swift
/// let offline = OfflineChat(executor: executor, caller: Caller(.human, "alice"), snapshot: snapshot)
/// let reply = try await offline.answer("what is wrong?", reason: "no model is configured")
/// ```
public struct OfflineChat: Sendable {
    /// What a question asks, by simple keyword matching.
    public enum Intent: Sendable, Hashable {
        /// "What is wrong?", "health", "status": the top findings grouped by object.
        case health
        /// "Why is X pending / crashing?": the findings, pod status and events of X.
        case why(namespace: String?, name: String)
        /// "Show the pods of/in N": a table from the `get_pods` tool.
        case pods(namespace: String?)
        /// "Quarantine X": a plan that quarantines a Deployment. Never when a negation ("don't", "do not",
        /// "never", "no") comes within the three words before the verb: the rest of the question is read instead.
        case quarantine(kind: String?, namespace: String?, name: String?)
        /// "Pending plans": the plans that wait for approval.
        case pendingPlans
        /// Anything else: what it can answer.
        case help
    }

    /// An offline answer and what it did.
    public struct Reply: Sendable, Hashable {
        /// The answer, in Markdown; it starts by saying that it is offline.
        public var markdown: String
        /// The tool calls made (and plans proposed), in order.
        public var calls: [ChatAnswer.Call]
        /// Plans queued.
        public var planIDs: [UUID]
    }

    /// The executor every call goes through.
    public let executor: GatedToolExecutor
    /// The person asking; calls and plans are made as them.
    public let caller: Caller
    private let snapshot: @Sendable () async throws -> ClusterSnapshot

    /// Creates the answerer.
    public init(
        executor: GatedToolExecutor, caller: Caller, snapshot: @escaping @Sendable () async throws -> ClusterSnapshot
    ) {
        self.executor = executor
        self.caller = caller
        self.snapshot = snapshot
    }

    /// Answers a question.
    /// - Parameters:
    ///   - reason: Why it answers offline, said first in the answer.
    ///   - readOnly: Propose no write (a quarantine request is answered with what was not done): set when a model
    ///     failed during the turn, since the question was written for the model and keyword matching must not act
    ///     on it as the person.
    ///   - emit: Receives the tool-call and plan events of the answer.
    /// - Throws: only when the audit or plan store fails.
    public func answer(
        _ question: String, reason: String, readOnly: Bool = false, emit: @Sendable (ChatSessionEvent) -> Void = { _ in }
    ) async throws -> Reply {
        var reply = Reply(markdown: "", calls: [], planIDs: [])
        let body: String
        switch Self.intent(of: question) {
        case .health:
            body = await health()
        case .why(let namespace, let name):
            body = await why(namespace: namespace, name: name)
        case .pods(let namespace):
            body = try await pods(namespace: namespace, into: &reply, emit: emit)
        case .quarantine(let kind, let namespace, let name) where readOnly:
            let target = [kind, namespace, name].compactMap { $0 }.joined(separator: "/")
            body = "**Not done.** The model failed during this turn, so I answer read-only and queued nothing"
                + "\(target.isEmpty ? "" : " for `\(Self.cell(target))`"). Ask again to have it quarantined."
        case .quarantine(let kind, let namespace, let name):
            body = try await quarantine(kind: kind, namespace: namespace, name: name, into: &reply, emit: emit)
        case .pendingPlans:
            body = try await pendingPlans()
        case .help:
            body = Self.help
        }
        reply.markdown = "_Offline: \(reason). I answer common questions from OKIK's findings and observe tools._\n\n"
            + body
        return reply
    }

    /// What it can answer offline.
    static let help = """
        I did not recognise that question. Offline I can answer:
        - **what is wrong** (or *health*, *status*): the top findings, grouped by object
        - **why is `<name>` pending** / **crashing**: the findings, pod status and events of that object
        - **show the pods in `<namespace>`**: a table of its pods
        - **quarantine `<namespace>/<name>`** (or *quarantine `<name>` in `<namespace>`*): a plan to quarantine that \
        Deployment, which a person must approve
        - **pending plans**: the plans that wait for approval
        """

    // MARK: - Intents

    /// Reads the intent of a question.
    public static func intent(of question: String) -> Intent {
        let words = question.lowercased().split(whereSeparator: { $0.isWhitespace }).map { word in
            String(word).trimmingCharacters(in: CharacterSet(charactersIn: "?!.,;:\"'`()[]{}*"))
        }.filter { !$0.isEmpty }
        let has = { (candidates: Set<String>) in words.contains { candidates.contains($0) } }

        if let index = words.firstIndex(where: { $0.hasPrefix("quarantin") }), !negated(words[..<index].suffix(3)) {
            return quarantineIntent(Array(words[(index + 1)...]))
        }
        if has(["plan", "plans", "approval", "approvals"]) {
            return .pendingPlans
        }
        if let index = words.firstIndex(where: { $0 == "why" || $0 == "why's" }) {
            let filler: Set<String> = [
                "is", "are", "was", "does", "do", "did", "the", "my", "pod", "pods", "deployment", "workload", "s",
                "keeps", "keep", "still", "so", "it",
            ]
            if let target = words[(index + 1)...].first(where: { !filler.contains($0) }) {
                let (namespace, name) = split(target)
                return .why(namespace: namespace, name: name)
            }
            return .health
        }
        if has(["pod", "pods"]), has(["show", "list", "get", "which", "what", "display"]) {
            return .pods(namespace: word(after: ["in", "of", "namespace"], in: words))
        }
        if has([
            "wrong", "health", "healthy", "status", "problem", "problems", "issue", "issues", "broken", "failing",
            "summary", "overview",
        ]) {
            return .health
        }
        return .help
    }

    /// Whether `words` hold a negation: a request to act that is negated is never read as one.
    private static func negated(_ words: ArraySlice<String>) -> Bool {
        words.contains { word in
            ["no", "not", "never", "dont"].contains(word) || word.hasSuffix("n't") || word.hasSuffix("n’t")
        }
    }

    private static let kinds: Set<String> = ["deployment", "deployments", "deploy", "pod", "statefulset", "daemonset"]

    private static func quarantineIntent(_ words: [String]) -> Intent {
        let filler: Set<String> = ["the", "please", "as", "a", "plan", "it", "now", "for", "me"]
        let rest = words.filter { !filler.contains($0) }
        var kind: String?
        var remaining = rest[...]
        if let first = remaining.first, kinds.contains(first) {
            kind = first
            remaining = remaining.dropFirst()
        }
        guard let target = remaining.first, target != "in" else {
            return .quarantine(kind: kind, namespace: nil, name: nil)
        }
        let parts = target.split(separator: "/").map(String.init)
        switch parts.count {
        case 3:
            return .quarantine(kind: parts[0], namespace: parts[1], name: parts[2])
        case 2 where kinds.contains(parts[0]):
            return .quarantine(
                kind: parts[0], namespace: word(after: ["in", "namespace"], in: Array(remaining)), name: parts[1])
        case 2:
            return .quarantine(kind: kind, namespace: parts[0], name: parts[1])
        default:
            return .quarantine(
                kind: kind, namespace: word(after: ["in", "namespace"], in: Array(remaining)), name: target)
        }
    }

    /// `ns/name` or `name`.
    private static func split(_ target: String) -> (String?, String) {
        let parts = target.split(separator: "/").map(String.init)
        if parts.count >= 2 { return (parts[parts.count - 2], parts[parts.count - 1]) }
        return (nil, target)
    }

    /// The first word after one of `markers`, skipping `namespace` and `the`.
    private static func word(after markers: Set<String>, in words: [String]) -> String? {
        guard let index = words.firstIndex(where: { markers.contains($0) }) else { return nil }
        return words[(index + 1)...].first { $0 != "namespace" && $0 != "the" && $0 != "ns" }
    }

    // MARK: - Answers

    private func readCluster() async -> Result<(ClusterSnapshot, OptimizationReport), any Error> {
        do {
            let snapshot = try await snapshot()
            return .success((snapshot, Optimizer(remediation: executor.configuration.remediation).evaluate(snapshot)))
        } catch {
            return .failure(error)
        }
    }

    private func health() async -> String {
        let report: OptimizationReport
        switch await readCluster() {
        case .success(let read): report = read.1
        case .failure(let error): return Self.unreadable(error)
        }
        let assessment = OfflineReasoner().assess(report)
        var text = "**What is wrong.** \(Self.cell(assessment.summary))\n"
        guard !assessment.incidents.isEmpty else { return text }
        text += "\n| Severity | Object | Problem | Next step |\n| --- | --- | --- | --- |\n"
        for incident in assessment.incidents.prefix(10) {
            text += "| \(incident.severity.rawValue) | `\(incident.subject)` | \(Self.cell(incident.headline)) | "
                + "\(Self.cell(incident.next)) |\n"
        }
        if assessment.incidents.count > 10 {
            text += "\n\(assessment.incidents.count - 10) more object(s) have findings.\n"
        }
        return text
    }

    private func why(namespace: String?, name: String) async -> String {
        let snapshot: ClusterSnapshot
        let report: OptimizationReport
        switch await readCluster() {
        case .success(let read): (snapshot, report) = read
        case .failure(let error): return Self.unreadable(error)
        }
        let inScope = { (ns: String?) in namespace == nil || ns == namespace }
        let pods = snapshot.pods.filter { pod in
            inScope(pod.namespace) && (pod.name == name || snapshot.owner(of: pod).name == name)
        }
        var subjects = Set(pods.map { snapshot.owner(of: $0) })
        subjects.formUnion(pods.map { ResourceRef(kind: "Pod", namespace: $0.namespace, name: $0.name) })
        for finding in report.findings where finding.subject.name == name && inScope(finding.subject.namespace) {
            subjects.insert(finding.subject)
        }
        guard !subjects.isEmpty else {
            return "I found no pod or workload named `\(name)`\(namespace.map { " in `\($0)`" } ?? ""). "
                + "Ask *show the pods in `<namespace>`* to see what runs there."
        }
        let owners = Set(pods.map { snapshot.owner(of: $0) }).sorted()
        let owned = owners.isEmpty ? "" : " (\(owners.map { "`\($0)`" }.joined(separator: ", ")))"
        var text = "**Why `\(name)`**\(owned)\n"
        let findings = report.findings.filter { subjects.contains($0.subject) }.sorted(by: Finding.reportOrder)
        if findings.isEmpty {
            text += "\nOKIK has no finding about it.\n"
        } else {
            text += "\nFindings:\n"
            for finding in findings.prefix(8) {
                text += "- **\(finding.severity.rawValue)** \(finding.code) \(finding.code.title): "
                    + "\(Self.cell(finding.message))\n"
                if !finding.recommendation.isEmpty { text += "  - Next: \(Self.cell(finding.recommendation))\n" }
            }
        }
        if !pods.isEmpty {
            text += "\n| Pod | Phase | Ready | Restarts | Reason |\n| --- | --- | --- | --- | --- |\n"
            for pod in pods.sorted(by: { ($0.namespace ?? "", $0.name) < ($1.namespace ?? "", $1.name) }).prefix(10) {
                let statuses = pod.status?.containerStatuses ?? []
                let ready = statuses.filter { $0.ready == true }.count
                let reason = statuses.lazy.compactMap { $0.state?.reason }.first
                    ?? statuses.lazy.compactMap { $0.lastState?.terminated?.reason }.first ?? ""
                text += "| `\(pod.namespace ?? "")/\(pod.name)` | \(pod.status?.phase ?? "?") | "
                    + "\(ready)/\(pod.spec?.containers?.count ?? statuses.count) | \(pod.restartCount) | "
                    + "\(Self.cell(reason)) |\n"
            }
            let conditions = pods.prefix(10).flatMap { pod in
                (pod.status?.conditions ?? []).filter { $0.status != "True" && ($0.reason != nil || $0.message != nil) }
                    .map { condition in
                        "- `\(pod.name)` \(condition.type ?? "?") \(condition.status ?? "?"): "
                            + "\(condition.reason ?? "") \(Self.cell(condition.message ?? ""))"
                    }
            }
            if !conditions.isEmpty {
                text += "\nConditions not met:\n" + conditions.prefix(10).joined(separator: "\n") + "\n"
            }
        }
        var events: [Event] = []
        for subject in subjects.sorted() { events += snapshot.events(about: subject) }
        let warnings = events.filter { $0.type == "Warning" }.suffix(8)
        if !warnings.isEmpty {
            text += "\nRecent warning events (written by the cluster):\n"
            for event in warnings {
                text += "- \(Self.cell(String((event.involvedObject?.name ?? "?").prefix(253)))) \(Self.cell(String((event.reason ?? "?").prefix(128)))) x\(event.count ?? 1): "
                    + "\(Self.cell(String((event.message ?? "").prefix(300))))\n"
            }
        }
        return text
    }

    private func pods(
        namespace: String?, into reply: inout Reply, emit: @Sendable (ChatSessionEvent) -> Void
    ) async throws -> String {
        var arguments: OkikKubeClient.JSONValue = ["limit": 50]
        if let namespace { arguments["namespace"] = .string(namespace) }
        let invocation = ToolInvocation(tool: GetPodsTool.name, arguments: arguments)
        let callID = "offline-\(UUID().uuidString.prefix(8).lowercased())"
        emit(.toolCallStarted(callID: callID, tool: invocation.tool))
        let report = try await executor.execute(invocation, caller: caller, rationale: "offline chat: list pods")
        let decision = ChatSession.decision(report)
        reply.calls.append(ChatAnswer.Call(invocation: invocation, decision: decision))
        emit(.toolCallDecided(callID: callID, invocation: invocation, decision: decision))
        emit(
            .toolCallFinished(
                callID: callID, tool: invocation.tool, result: report.outcomeSummary, isError: decision.isError))
        let place = namespace.map { "in `\($0)`" } ?? "across all namespaces"
        guard case .executed(let output) = report.outcome else {
            return "I could not list the pods \(place): \(Self.cell(report.textForModel))"
        }
        let items = output.data["items"]?.arrayValue ?? []
        guard !items.isEmpty else { return "There are no pods \(place)." }
        var text = "**Pods \(place)** (\(output.data["total"]?.intValue ?? items.count))\n\n"
        text += "| Pod | Phase | Ready | Restarts | Node | Reason | Age |\n"
            + "| --- | --- | --- | --- | --- | --- | --- |\n"
        for item in items {
            let field = { (key: String) in Self.cell(item[key].map(Self.plain) ?? "") }
            let name = namespace == nil ? "\(field("namespace"))/\(field("name"))" : field("name")
            text += "| `\(name)` | \(field("phase")) | \(field("ready")) | \(field("restarts")) | \(field("node")) | "
                + "\(field("reason")) | \(field("age")) |\n"
        }
        if output.truncated { text += "\n_The list was cut to fit; narrow it to see more._\n" }
        return text
    }

    private func quarantine(
        kind: String?, namespace: String?, name: String?, into reply: inout Reply,
        emit: @Sendable (ChatSessionEvent) -> Void
    ) async throws -> String {
        guard let name else {
            return "Which Deployment? Say *quarantine `<namespace>/<name>`* or *quarantine `<name>` in `<namespace>`*."
        }
        if let kind, !["deployment", "deployments", "deploy", "pod"].contains(kind.lowercased()) {
            return "Only Deployments can be quarantined (`quarantine_deployment`), not a \(kind)."
        }
        let snapshot: ClusterSnapshot
        switch await readCluster() {
        case .success(let read): snapshot = read.0
        case .failure(let error): return Self.unreadable(error)
        }
        // The Deployment: by name, or the owner of a pod of that name.
        var candidates = snapshot.deployments
            .filter { $0.name == name && (namespace == nil || $0.namespace == namespace) }
            .map { ResourceRef(kind: "Deployment", namespace: $0.namespace, name: $0.name) }
        if candidates.isEmpty {
            candidates = snapshot.pods.filter { $0.name == name && (namespace == nil || $0.namespace == namespace) }
                .map { snapshot.owner(of: $0) }.filter { $0.kind == "Deployment" }
        }
        let targets = Set(candidates).sorted()
        guard let target = targets.first, let targetNamespace = target.namespace else {
            return "I found no Deployment (or pod of one) named `\(name)`\(namespace.map { " in `\($0)`" } ?? "")."
        }
        guard targets.count == 1 else {
            return "Several Deployments are named `\(name)`: \(targets.map { "`\($0)`" }.joined(separator: ", ")). "
                + "Say which: *quarantine `<namespace>/\(name)`*."
        }
        let invocation = ToolInvocation(
            tool: QuarantineDeploymentTool.name,
            arguments: [
                "namespace": .string(targetNamespace), "name": .string(target.name),
                "reason": .string("requested in chat by \(caller) (offline)"),
            ])
        let proposal = try await executor.approvals.propose(
            [invocation], caller: caller, rationale: "\(caller) asked in chat to quarantine \(target) (offline answer)")
        guard let plan = proposal.plan else {
            let reasons = proposal.refusals.joined(separator: "; ")
            reply.calls.append(ChatAnswer.Call(invocation: invocation, decision: .denied(reason: reasons)))
            return "I could not queue a plan to quarantine `\(target)`: \(Self.cell(reasons))"
        }
        reply.calls.append(ChatAnswer.Call(invocation: invocation, decision: .queued(planID: plan.id)))
        reply.planIDs.append(plan.id)
        emit(.planQueued(plan.id))
        return "Queued plan `\(plan.id)` to quarantine `\(target)` (scale it to zero, recording how to undo it). "
            + "Nothing has run: a person must approve the plan first, and it expires at \(plan.expiresAt)."
    }

    private func pendingPlans() async throws -> String {
        let plans = try await executor.approvals.pending()
        guard !plans.isEmpty else { return "No plan waits for approval." }
        let one = plans.count == 1
        var text = "**\(plans.count) plan\(one ? "" : "s") wait\(one ? "s" : "") for approval**\n\n"
        text += "| Plan | Requested by | Risk | Steps | Expires |\n| --- | --- | --- | --- | --- |\n"
        for plan in plans.prefix(20) {
            let steps = plan.steps.map { Self.cell($0.invocation.description) }.joined(separator: "<br>")
            text += "| `\(plan.id)` | \(Self.cell(plan.requester)) | \(plan.risk.rawValue) | \(steps) | "
                + "\(plan.expiresAt) |\n"
        }
        if plans.count > 20 { text += "\n\(plans.count - 20) more.\n" }
        return text
    }

    // MARK: - Formatting

    private static func unreadable(_ error: any Error) -> String {
        "I could not read the cluster: \(cell(String(describing: error)))"
    }

    /// Text for a Markdown table cell or line: redacted, on one line, pipes escaped, bounded.
    static func cell(_ text: String) -> String {
        let flat = UntrustedFence.neutralize(Redactor.standard.redact(text)).replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "|", with: "\\|")
        return flat.count > 400 ? String(flat.prefix(400)) + "…" : flat
    }

    private static func plain(_ value: OkikKubeClient.JSONValue) -> String {
        switch value {
        case .null: ""
        case .string(let text): text
        default: value.jsonString()
        }
    }
}

extension CallReport {
    /// One line about the outcome, for the offline answer's tool events.
    var outcomeSummary: String {
        switch outcome {
        case .executed(let output): Redactor.standard.redact(output.summary)
        default: textForModel
        }
    }
}
