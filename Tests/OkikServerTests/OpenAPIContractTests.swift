import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import OkikKit
import OkikKubeClient
import OkikLLM
import OkikServer
import OkikTesting
import Testing

/// The OpenAPI document (`Sources/OkikServer/openapi.json`, served at /openapi.json) is the contract: every
/// operation it lists is called here, every request body sent is checked against its request schema, and every
/// answer (status, content type, body, and each server-sent event's data) against its response schema. An answer
/// whose status the document does not list fails, and so does an operation no exchange reached.
@Suite("OpenAPI contract", .serialized)
struct OpenAPIContractTests {
    /// One call: the documented path template, the concrete path, who calls, and the body.
    struct Exchange: Sendable {
        var method: HTTPRequest.Method
        var template: String
        var path: String
        var role: AccessRole?
        var json: String?
        var headers: HTTPFields = [:]
    }

    static func loadDocument() throws -> OkikKubeClient.JSONValue {
        try OkikKubeClient.JSONValue.parse(Data(OpenAPIDocument.json))
    }

    @Test func theDocumentIsOpenAPI31WithEveryOperationRoledAndModed() throws {
        let document = try Self.loadDocument()
        #expect(document["openapi"]?.stringValue == "3.1.0")
        for (path, item) in document["paths"]?.objectValue ?? [:] {
            for (method, operation) in item.objectValue ?? [:] {
                let role = operation["x-okik-role"]?.stringValue
                #expect(role == "none" || AccessRole.allCases.contains { $0.description == role }, "\(method) \(path)")
                let modes = operation["x-okik-modes"]?.arrayValue ?? []
                #expect(!modes.isEmpty, "\(method) \(path)")
            }
        }
    }

    @Test func theDocumentsEnumsAreTheSwiftEnums() throws {
        let schemas = try Self.loadDocument()["components"]?["schemas"]
        func values(_ name: String) -> Set<String> {
            Set((schemas?[name]?["enum"]?.arrayValue ?? []).compactMap(\.stringValue))
        }
        #expect(values("AuditEntryKind") == Set(AuditEntry.Kind.allCases.map(\.rawValue)))
        #expect(values("PlanState") == Set(ActionPlan.State.allCases.map(\.rawValue)))
        #expect(values("GateDecisionKind") == Set(GateDecision.Kind.allCases.map(\.rawValue)))
        #expect(values("ActionStatus") == Set(ActionRecord.Status.allCases.map(\.rawValue)))
        #expect(values("ToolPackage") == Set(ToolPackage.allCases.map(\.rawValue)))
        #expect(values("CallOutcome") == Set(CallOutcome.allCases.map(\.rawValue)))
        #expect(values("Severity") == Set(Severity.allCases.map(\.rawValue)))
        #expect(values("RedactionKind") == Set(RedactionKind.allCases.map(\.rawValue)))
    }

    @Test func theServerServesTheDocument() async throws {
        try await ServerFixture.run { server in
            let response = try await server.send(.get, "/openapi.json", as: .viewer)
            #expect(response.status == .ok)
            #expect(try OkikKubeClient.JSONValue.parse(Data(response.body.readableBytesView)) == Self.loadDocument())
        }
    }

    @Test func everyOperationAnswersAsDocumented() async throws {
        let document = try Self.loadDocument()
        let validator = JSONSchemaValidator(document: document)
        let recorder = Recorder()
        // The model calls one observe tool, then answers, so the chat streams carry every kind of tool event.
        let model = ScriptedChatModel { _, index in
            index % 2 == 0 ? .toolCalls([(name: "get_deployments", arguments: ["namespace": "default"])]) : .text("All good.")
        }
        try await ServerFixture.run(scenario: "crashloop", level: .l1, model: model, keepAlive: .milliseconds(50)) { server in
            func call(_ exchange: Exchange) async throws -> TestResponse {
                let response = try await server.send(
                    exchange.method, exchange.path, as: exchange.role, json: exchange.json, headers: exchange.headers)
                try recorder.check(exchange, response, document: document, validator: validator)
                return response
            }
            func get(_ template: String, _ path: String? = nil, as role: AccessRole? = .viewer) async throws -> TestResponse {
                try await call(Exchange(method: .get, template: template, path: path ?? template, role: role))
            }

            _ = try await get("/health", as: nil)
            _ = try await get("/status")
            _ = try await get("/openapi.json")
            _ = try await get("/tools")
            _ = try await get("/metrics")
            _ = try await get("/metrics", "/metrics").status
            _ = try await call(Exchange(
                method: .get, template: "/metrics", path: "/metrics", role: .viewer, headers: [.accept: "text/plain"]))

            // The watchdog acts on the crash loop (a plan at L1), so the feed and the stream have something.
            let watchdog = Task { try await server.runtime.watchdog.run() }
            defer { watchdog.cancel() }
            try await ServerFixture.eventually(.seconds(30)) { await server.runtime.watchdog.feed.count >= 1 }
            _ = try await get("/recommendations")
            // Replays what the feed holds (an id it no longer holds replays everything), then ends after one.
            _ = try await call(Exchange(
                method: .get, template: "/recommendations/stream", path: "/recommendations/stream?count=1", role: .viewer,
                headers: [HTTPField.Name("Last-Event-ID")!: UUID().uuidString]))

            _ = try await get("/quarantine", "/quarantine?namespace=shop")
            _ = try await call(Exchange(
                method: .post, template: "/tools/run", path: "/tools/run", role: .operator,
                json: #"{"tool":"get_pods","arguments":{"namespace":"default"}}"#))
            _ = try await call(Exchange(
                method: .post, template: "/tools/run", path: "/tools/run", role: .operator,
                json: #"{"tool":"scale_deployment","arguments":{"namespace":"default","name":"web","replicas":2},"rationale":"contract"}"#))
            _ = try await call(Exchange(
                method: .post, template: "/tools/run", path: "/tools/run", role: .operator, json: #"{"tool":"get_pods","args":{}}"#))

            let (plan, _, _) = try await server.queueScale()
            _ = try await get("/actions")
            _ = try await get("/audit/plans", "/audit/plans?state=pending&limit=5")
            _ = try await get("/audit/plans/{id}", "/audit/plans/\(plan.id)")
            _ = try await call(Exchange(
                method: .post, template: "/actions/approve/{id}", path: "/actions/approve/\(plan.id)", role: .approver, json: "{}"))
            let calls = try ServerFixture.decode(ToolCallsResponse.self, try await get("/tools/calls", "/tools/calls?limit=50"))
            let ran = try #require(calls.calls.first { $0.tool == "scale_deployment" && $0.decision == .execute })
            _ = try await get("/audit/actions", "/audit/actions?limit=10")
            _ = try await get("/audit/actions/{id}", "/audit/actions/\(ran.callID)")
            _ = try await get("/audit/tools", "/audit/tools?since=1h")
            _ = try await get("/audit/stats", "/audit/stats?since=2026-01-01T00:00:00Z")

            let (second, _, _) = try await server.queueScale()
            _ = try await call(Exchange(
                method: .post, template: "/actions/reject/{id}", path: "/actions/reject/\(second.id)", role: .approver,
                json: #"{"reason":"not now"}"#))

            _ = try await call(Exchange(
                method: .put, template: "/autonomy", path: "/autonomy", role: .admin, json: #"{"level":"L2","enabled":true}"#))
            _ = try await call(Exchange(
                method: .post, template: "/emergency-stop", path: "/emergency-stop", role: .admin,
                json: #"{"enabled":true,"reason":"drill"}"#))
            _ = try await call(Exchange(
                method: .post, template: "/emergency-stop", path: "/emergency-stop", role: .admin, json: "{}"))
            _ = try await call(Exchange(
                method: .post, template: "/chat", path: "/chat", role: .operator, json: #"{"message":"What runs?"}"#))
            _ = try await call(Exchange(
                method: .post, template: "/chat/stream", path: "/chat/stream", role: .operator, json: #"{"message":"And now?"}"#))
            _ = try await call(Exchange(
                method: .post, template: "/optimise", path: "/optimise", role: .operator, json: #"{"category":"availability"}"#))
            _ = try await call(Exchange(
                method: .post, template: "/optimise", path: "/optimise", role: .admin,
                json: #"{"category":"all","namespace":"okik-crashloop","reconcile":true}"#))
            _ = try await call(Exchange(
                method: .post, template: "/config", path: "/config", role: .admin, json: #"{"level":"L1","temperature":0.2}"#))
            _ = try await call(Exchange(
                method: .post, template: "/alerts", path: "/alerts", role: .operator,
                json: #"{"version":"4","status":"firing","receiver":"okik","alerts":[{"status":"firing","labels":{"alertname":"KubePodCrashLooping","namespace":"okik-crashloop"},"annotations":{"summary":"crash loop"},"startsAt":"2026-12-06T10:00:00Z","fingerprint":"a1b2"}]}"#))

            // The documented errors, each with its Error body.
            _ = try await get("/status", as: nil)
            _ = try await call(Exchange(method: .put, template: "/autonomy", path: "/autonomy", role: .viewer, json: #"{"level":"L1"}"#))
            _ = try await call(Exchange(method: .put, template: "/autonomy", path: "/autonomy", role: .admin, json: #"{"level":"L9"}"#))
            _ = try await call(Exchange(
                method: .post, template: "/chat", path: "/chat", role: .operator, json: #"{"message":"hi","sessoin":"x"}"#))
            _ = try await get("/audit/plans/{id}", "/audit/plans/\(UUID())")
            _ = try await get("/tools/calls", "/tools/calls?decision=maybe")
            _ = try await call(Exchange(
                method: .post, template: "/actions/approve/{id}", path: "/actions/approve/\(second.id)", role: .approver, json: "{}"))
            _ = try await call(Exchange(
                method: .post, template: "/optimise", path: "/optimise", role: .operator, json: #"{"namespace":"does-not-exist"}"#))
            let large = String(repeating: "x", count: 1_100_000)
            _ = try await call(Exchange(
                method: .post, template: "/chat", path: "/chat", role: .operator, json: #"{"message":"\#(large)"}"#))
        }
        #expect(recorder.failures.isEmpty, "\(recorder.failures.joined(separator: "\n"))")
        // Each operation's success (its one documented 2xx) was reached.
        let documented = Set(
            (document["paths"]?.objectValue ?? [:]).flatMap { path, item in
                (item.objectValue ?? [:]).map { method, operation in
                    let success = (operation["responses"]?.objectValue ?? [:]).keys.first { $0.hasPrefix("2") } ?? "2xx"
                    return "\(method.uppercased()) \(path) \(success)"
                }
            })
        #expect(documented.subtracting(recorder.reached).isEmpty, "never reached: \(documented.subtracting(recorder.reached).sorted())")
    }

    @Test func theAuthMatrixCoversOnlyDocumentedRoutes() throws {
        let paths = Set((try Self.loadDocument()["paths"]?.objectValue ?? [:]).keys)
        for route in AuthMatrixTests.routes {
            let path = route.path.split(separator: "?").first.map(String.init) ?? route.path
            let template = path.replacingOccurrences(of: AuthMatrixTests.unknownPlan, with: "{id}")
            #expect(paths.contains(template), "\(route.method) \(template) is served but not documented")
        }
    }
}

/// What the contract test saw: the operations and statuses reached, and every mismatch.
final class Recorder: @unchecked Sendable {
    private let lock = NSLock()
    private var reachedValue: Set<String> = []
    private var failuresValue: [String] = []

    var reached: Set<String> { lock.withLock { reachedValue } }
    var failures: [String] { lock.withLock { failuresValue } }

    func check(
        _ exchange: OpenAPIContractTests.Exchange, _ response: TestResponse, document: OkikKubeClient.JSONValue,
        validator: JSONSchemaValidator
    ) throws {
        let name = "\(exchange.method.rawValue) \(exchange.path)"
        var problems: [String] = []
        let operation = document["paths"]?[exchange.template]?[exchange.method.rawValue.lowercased()]
        guard let operation else {
            lock.withLock { failuresValue.append("\(name): not in the document") }
            return
        }
        if let json = exchange.json, json.utf8.count < 1_000_000,
            let schema = operation["requestBody"]?["content"]?["application/json"]?["schema"]
        {
            let body = try OkikKubeClient.JSONValue.parse(Data(json.utf8))
            let expectedValid = response.status != .badRequest
            let found = validator.problems(body, against: schema)
            if expectedValid && !found.isEmpty { problems += found.map { "request \($0)" } }
        }
        let status = String(response.status.code)
        guard let documented = operation["responses"]?[status] else {
            lock.withLock { failuresValue.append("\(name): status \(status) is not documented") }
            return
        }
        let contentType = response.headers[.contentType] ?? ""
        let media = contentType.split(separator: ";").first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
        let bytes = Data(response.body.readableBytesView)
        if let content = documented["content"]?.objectValue {
            if let mediaType = content[media] {
                if media == "application/json", let schema = mediaType["schema"] {
                    problems += validator.problems(try OkikKubeClient.JSONValue.parse(bytes), against: schema)
                } else if media == "text/event-stream", let schema = mediaType["x-okik-event-data"] {
                    let (events, _) = ServerFixture.events(response)
                    if events.isEmpty { problems.append("no events") }
                    for event in events {
                        problems += validator.problems(try OkikKubeClient.JSONValue.parse(Data(event.data.utf8)), against: schema, at: "event")
                    }
                }
            } else {
                problems.append("content type \(contentType) is not documented for \(status)")
            }
        }
        lock.withLock {
            reachedValue.insert("\(exchange.method.rawValue) \(exchange.template) \(status)")
            failuresValue += problems.map { "\(name) → \(status): \($0)" }
        }
    }
}
