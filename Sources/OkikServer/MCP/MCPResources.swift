import Foundation
import MCP
import OkikKit

/// OKIK's state as MCP resources, each a redacted JSON document: the control state, the optimizer's findings and
/// scores (the whole cluster, or one namespace through a template), the pending plans, the recent audit and the
/// watchdog's feed.
struct MCPResources: Sendable {
    /// One resource OKIK offers.
    struct Entry: Sendable {
        var uri: String
        var name: String
        var title: String
        var description: String
    }

    static let status = Entry(
        uri: "okik://status", name: "status", title: "OKIK status",
        description: "The autonomy level in force, automation, the emergency stop, pending plans and the feed's size.")
    static let findings = Entry(
        uri: "okik://findings", name: "findings", title: "Findings",
        description: "The optimizer's findings for the whole cluster, with stable codes (OKK-NNN), evidence, "
            + "recommendations and the tool calls that would fix them.")
    static let scores = Entry(
        uri: "okik://scores", name: "scores", title: "Health scores",
        description: "The cluster's 0-100 health score and grade, per category, and the findings by severity.")
    static let pendingPlans = Entry(
        uri: "okik://plans/pending", name: "pending-plans", title: "Plans waiting for approval",
        description: "Writes the gate queued for a person, with their dry-run previews and expiry.")
    static let recentAudit = Entry(
        uri: "okik://audit/recent", name: "recent-audit", title: "Recent audit",
        description: "The latest audit entries, newest first: every gate decision, action, plan and control change.")
    static let watchdogFeed = Entry(
        uri: "okik://watchdog/feed", name: "watchdog-feed", title: "Watchdog feed",
        description: "The deterministic watchdog's recent recommendations and what the gate did with them.")

    /// Every fixed resource, in listing order.
    static let all = [status, findings, scores, pendingPlans, recentAudit, watchdogFeed]
    /// The namespace-scoped findings template.
    static let namespaceTemplate = "okik://namespaces/{namespace}/findings"

    /// How many audit entries and recommendations a read returns.
    static let recentLimit = 50

    let runtime: OkikRuntime
    let findingsCache: MCPFindingsCache
    let mode: ServerMode

    /// The listing.
    var resources: [MCP.Resource] {
        Self.all.map { entry in
            MCP.Resource(
                name: entry.name, uri: entry.uri, title: entry.title, description: entry.description,
                mimeType: "application/json")
        }
    }

    /// The templates.
    var templates: [MCP.Resource.Template] {
        [
            MCP.Resource.Template(
                uriTemplate: Self.namespaceTemplate, name: "namespace-findings", title: "Findings in a namespace",
                description: "The optimizer's findings and scores for one namespace.", mimeType: "application/json"),
        ]
    }

    /// Reads a resource as one JSON text.
    /// - Throws: `MCPError` -32002 for an unknown resource or namespace; -32603 when OKIK cannot read it.
    func read(_ uri: String) async throws -> [MCP.Resource.Content] {
        let value = try await document(uri)
        let text = String(decoding: try APIJSON.encoder.encode(value), as: UTF8.self)
        return [.text(text, uri: uri, mimeType: "application/json")]
    }

    /// What a subscriber is told about: the document without the fields that change on every scan.
    /// - Throws: like ``read(_:)``.
    func fingerprint(_ uri: String) async throws -> String {
        guard case .object(var members) = try await document(uri) else { return "" }
        for volatile in ["snapshotTime", "timings"] { members[volatile] = nil }
        return OkikKubeClient.JSONValue.object(members).jsonString()
    }

    /// Whether a URI names a resource OKIK serves (fixed, or the namespace template with a valid name).
    func isKnown(_ uri: String) -> Bool {
        Self.all.contains { $0.uri == uri } || Self.namespace(in: uri) != nil
    }

    /// The redacted document behind a URI.
    private func document(_ uri: String) async throws -> OkikKubeClient.JSONValue {
        let value: OkikKubeClient.JSONValue
        do {
            switch uri {
            case Self.status.uri:
                value = try Self.json(try await runtime.status(mode: mode))
            case Self.findings.uri:
                value = Self.pick(try Self.json(try await findingsCache.report(namespace: nil)), Self.findingKeys)
            case Self.scores.uri:
                value = Self.pick(try Self.json(try await findingsCache.report(namespace: nil)), Self.scoreKeys)
            case Self.pendingPlans.uri:
                value = try Self.json(PlansResponse(plans: try await runtime.executor.approvals.pending().map { $0.redacted() }))
            case Self.recentAudit.uri:
                let entries = try await runtime.store.entries(AuditQuery(limit: Self.recentLimit, newestFirst: true))
                value = ["entries": try Self.json(entries)]
            case Self.watchdogFeed.uri:
                let held = await runtime.watchdog.feed.recommendations(limit: Self.recentLimit)
                value = ["recommendations": try Self.json(Array(held.reversed()))]
            default:
                guard let namespace = Self.namespace(in: uri) else {
                    throw MCPError.serverError(code: -32002, message: "Resource not found: \(uri)")
                }
                value = Self.pick(
                    try Self.json(try await findingsCache.report(namespace: namespace)), Self.findingKeys + Self.scoreKeys)
            }
        } catch let error as SnapshotError where error.isNamespaceNotFound {
            throw MCPError.serverError(code: -32002, message: "Resource not found: \(error.description)")
        } catch let error as MCPError {
            throw error
        } catch {
            throw MCPError.internalError(Redactor.standard.redact("cannot read \(uri): \(error)"))
        }
        return Redactor.standard.redact(value)
    }

    private static let findingKeys = ["schema", "snapshotTime", "namespace", "findings", "summary", "diagnostics"]
    private static let scoreKeys = ["schema", "snapshotTime", "namespace", "score", "grade", "categories", "summary", "objects"]

    /// The namespace of `okik://namespaces/NAME/findings`, when NAME is a valid namespace name.
    static func namespace(in uri: String) -> String? {
        let prefix = "okik://namespaces/", suffix = "/findings"
        guard uri.hasPrefix(prefix), uri.hasSuffix(suffix), uri.count > prefix.count + suffix.count else { return nil }
        let name = String(uri.dropFirst(prefix.count).dropLast(suffix.count))
        let allowed = name.count <= 63 && name.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
        guard allowed, name.first != "-", name.last != "-" else { return nil }
        return name
    }

    private static func json(_ body: some Encodable) throws -> OkikKubeClient.JSONValue {
        try OkikKubeClient.JSONValue.parse(try APIJSON.encoder.encode(body))
    }

    private static func pick(_ value: OkikKubeClient.JSONValue, _ keys: [String]) -> OkikKubeClient.JSONValue {
        guard case .object(let members) = value else { return value }
        return .object(members.filter { keys.contains($0.key) })
    }
}
