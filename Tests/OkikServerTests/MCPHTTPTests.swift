import AsyncHTTPClient
import Foundation
import HTTPTypes
import HummingbirdTesting
import MCP
import NIOCore
import NIOHTTP1
import OkikKit
import OkikServer
import OkikSimulator
import OkikTesting
import Testing

/// okik-server's `/mcp` with the MCP SDK's own client over streamable HTTP, on a live port: the handshake, the tool
/// registry, every call through the gate as `mcp:NAME` (the token's NAME), plans, refusals, resources, prompts,
/// subscriptions, redaction, and the transport's own checks (token, role, Origin, session).
@Suite("MCP over streamable HTTP", .serialized)
struct MCPHTTPTests {
    static let otto = ServerFixture.tokens[.operator]!

    @Test func anOperatorsClientListsAndCallsToolsThroughTheGate() async throws {
        try await ServerFixture.run(scenario: "crashloop", level: .l1, testing: .live) { server in
            let client = try await MCPSupport.client(port: try #require(server.client.port), token: Self.otto)
            defer { Task { await client.disconnect() } }

            let tools = try await client.listTools().tools
            let registry = server.runtime.executor.registry.descriptors
            #expect(Set(tools.map(\.name)) == Set(registry.map(\.name)))
            for tool in tools {
                #expect(tool.inputSchema.objectValue?["type"]?.stringValue == "object", "\(tool.name)")
            }
            #expect(tools.first { $0.name == "get_pods" }?.annotations.readOnlyHint == true)
            #expect(tools.first { $0.name == "delete_namespace" }?.annotations.destructiveHint == true)

            // An observe tool runs.
            let pods = try await MCPResults.call(client, "get_pods", ["namespace": "okik-crashloop"])
            #expect(pods.isError != true)
            #expect(MCPResults.text(pods).contains("payments-api"))
            #expect(pods.structuredContent?.objectValue?["outcome"]?.stringValue == "executed")

            // A write at L1 becomes a plan: the result names it, and nothing changed.
            let before = try await server.cluster.client.namespaced(Deployment.self, in: .named("okik-crashloop")).get("payments-api")
            let scale = try await MCPResults.call(
                client, "scale_deployment", ["namespace": "okik-crashloop", "name": "payments-api", "replicas": 3])
            #expect(scale.isError != true, "\(MCPResults.text(scale))")
            let planID = try #require(MCPResults.planID(scale))
            #expect(MCPResults.text(scale).contains("plan \(planID)"))
            #expect(MCPResults.text(scale).contains("okikctl actions approve \(planID)"))
            let pending = try await server.runtime.executor.approvals.pending()
            let plan = try #require(pending.first { $0.id.uuidString == planID })
            #expect(plan.requester == "mcp:otto")
            let after = try await server.cluster.client.namespaced(Deployment.self, in: .named("okik-crashloop")).get("payments-api")
            #expect(after.spec?.replicas == before.spec?.replicas)

            // A write into a protected namespace is refused, as an error result with the reason.
            let protected = try await MCPResults.call(
                client, "scale_deployment", ["namespace": "kube-system", "name": "coredns", "replicas": 3])
            #expect(protected.isError == true)
            #expect(MCPResults.text(protected).contains("protected"))

            // Invalid input is an error result naming the problem; an unknown tool a protocol error.
            let invalid = try await MCPResults.call(client, "scale_deployment", ["namespace": "okik-crashloop", "name": "payments-api"])
            #expect(invalid.isError == true)
            #expect(MCPResults.text(invalid).contains("replicas"))
            await #expect(throws: MCPError.self) { _ = try await MCPResults.call(client, "no_such_tool") }

            // Every call is audited under the token's NAME.
            let calls = try await server.runtime.store.toolCalls(ToolCallQuery(actor: "mcp:otto"))
            #expect(Set(calls.map(\.tool)).isSuperset(of: ["get_pods", "scale_deployment", "no_such_tool"]))
            #expect(calls.contains { $0.tool == "scale_deployment" && $0.decision == .requireApproval })
            #expect(calls.contains { $0.tool == "scale_deployment" && $0.decision == .deny })
        }
    }

    @Test func atL0EveryCallIsRefused() async throws {
        try await ServerFixture.run(scenario: "crashloop", level: .l0, testing: .live) { server in
            let client = try await MCPSupport.client(port: try #require(server.client.port), token: Self.otto)
            defer { Task { await client.disconnect() } }
            #expect(try await client.listTools().tools.count == server.runtime.executor.registry.descriptors.count)
            let write = try await MCPResults.call(
                client, "scale_deployment", ["namespace": "okik-crashloop", "name": "payments-api", "replicas": 3])
            #expect(write.isError == true)
            #expect(MCPResults.text(write).contains("L0"))
            let read = try await MCPResults.call(client, "get_pods", ["namespace": "okik-crashloop"])
            #expect(read.isError == true)
            #expect(try await server.runtime.executor.approvals.pending().isEmpty)
        }
    }

    @Test func resourcesAndPrompts() async throws {
        try await ServerFixture.run(scenario: "crashloop", level: .l1, testing: .live) { server in
            let client = try await MCPSupport.client(port: try #require(server.client.port), token: Self.otto)
            defer { Task { await client.disconnect() } }
            let uris = try await client.listResources().resources.map(\.uri)
            #expect(uris == [
                "okik://status", "okik://findings", "okik://scores", "okik://plans/pending", "okik://audit/recent",
                "okik://watchdog/feed",
            ])
            #expect(try await client.listResourceTemplates().templates.map(\.uriTemplate) == ["okik://namespaces/{namespace}/findings"])

            let status = try OkikKubeClient.JSONValue.parse(Data(try await MCPResults.read(client, "okik://status").utf8))
            #expect(status["level"]?.stringValue == "L1")
            #expect(try await MCPResults.read(client, "okik://findings").contains("OKK-201"))
            let scores = try OkikKubeClient.JSONValue.parse(Data(try await MCPResults.read(client, "okik://scores").utf8))
            #expect(scores["score"]?.intValue != nil)
            #expect(scores["findings"] == nil)
            #expect(try await MCPResults.read(client, "okik://namespaces/okik-crashloop/findings").contains("payments-api"))
            await #expect(throws: MCPError.self) { _ = try await client.readResource(uri: "okik://namespaces/no-such-ns/findings") }
            await #expect(throws: MCPError.self) { _ = try await client.readResource(uri: "okik://nothing") }

            let scale = try await MCPResults.call(
                client, "scale_deployment", ["namespace": "okik-crashloop", "name": "payments-api", "replicas": 3])
            let planID = try #require(MCPResults.planID(scale))
            #expect(try await MCPResults.read(client, "okik://plans/pending").contains(planID))
            #expect(try await MCPResults.read(client, "okik://audit/recent").contains("mcp:otto"))
            #expect(try await MCPResults.read(client, "okik://watchdog/feed").contains("recommendations"))

            let prompts = try await client.listPrompts().prompts
            #expect(prompts.map(\.name) == ["diagnose_namespace", "explain_finding"])
            let diagnose = try await client.getPrompt(name: "diagnose_namespace", arguments: ["namespace": "okik-crashloop"])
            #expect(Self.text(diagnose.messages).contains("okik://namespaces/okik-crashloop/findings"))
            let explain = try await client.getPrompt(name: "explain_finding", arguments: ["code": "okk-201"])
            #expect(Self.text(explain.messages).contains("OKK-201"))
            #expect(Self.text(explain.messages).contains(FindingCode.crashLoop.explanation))
            await #expect(throws: MCPError.self) { _ = try await client.getPrompt(name: "explain_finding", arguments: ["code": "OKK-999"]) }
            await #expect(throws: MCPError.self) { _ = try await client.getPrompt(name: "diagnose_namespace", arguments: [:]) }
            await #expect(throws: MCPError.self) { _ = try await client.getPrompt(name: "nope") }
        }
    }

    @Test func noSecretReachesAnyResult() async throws {
        try await ServerFixture.run(scenario: "crashloop", level: .l1, testing: .live) { server in
            try await Self.plantSecrets(in: server.cluster)
            let client = try await MCPSupport.client(port: try #require(server.client.port), token: Self.otto)
            defer { Task { await client.disconnect() } }
            var seen: [String] = []
            let calls: [(String, [String: MCP.Value])] = [
                ("get_pods", ["namespace": "vault"]), ("get_deployments", ["namespace": "vault"]),
                ("describe_resource", ["kind": "Deployment", "namespace": "vault", "name": "billing"]),
                ("describe_resource", ["kind": "Secret", "namespace": "vault", "name": "billing-keys"]),
                ("describe_resource", ["kind": "ConfigMap", "namespace": "vault", "name": "billing-config"]),
                ("get_events", ["namespace": "vault"]),
                ("scale_deployment", ["namespace": "vault", "name": "billing", "replicas": 2, "reason": "token \(Self.githubToken)"]),
            ]
            for (tool, arguments) in calls {
                seen.append(try MCPResults.everything(try await MCPResults.call(client, tool, arguments)))
            }
            for uri in ["okik://findings", "okik://namespaces/vault/findings", "okik://plans/pending", "okik://audit/recent"] {
                seen.append(try await MCPResults.read(client, uri))
            }
            let all = seen.joined(separator: "\n")
            #expect(all.contains("billing"), "the calls did not reach the planted objects")
            // The Deployment's and the ConfigMap's descriptions held the values, so the redactor had them to remove.
            #expect(seen[2].contains("--token=[REDACTED:github-token]"), "\(seen[2])")
            #expect(seen[4].contains("GITHUB_TOKEN") && seen[4].contains("[REDACTED:"), "\(seen[4])")
            for secret in Self.secrets { #expect(!all.contains(secret), "\(secret) reached an MCP result") }
        }
    }

    @Test func subscribersHearOfNewPlansOnTheEventStream() async throws {
        try await ServerFixture.run(scenario: "crashloop", level: .l1, testing: .live) { server in
            let port = try #require(server.client.port)
            let base = "http://127.0.0.1:\(port)/mcp"
            func post(_ json: String, session: String?) async throws -> (HTTPClientResponse, String) {
                var request = HTTPClientRequest(url: base)
                request.method = .POST
                request.headers.add(name: "X-Okik-Token", value: Self.otto)
                request.headers.add(name: "Accept", value: "application/json, text/event-stream")
                request.headers.add(name: "Content-Type", value: "application/json")
                if let session { request.headers.add(name: "MCP-Session-Id", value: session) }
                request.body = .bytes(ByteBuffer(string: json))
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
                return (response, String(buffer: try await response.body.collect(upTo: 1 << 20)))
            }
            let (initialized, initAnswer) = try await post(MCPSupport.initialize, session: nil)
            #expect(initialized.status == .ok, "\(initAnswer)")
            #expect(initialized.headers.first(name: "Content-Type")?.hasPrefix("application/json") == true)
            let session = try #require(initialized.headers.first(name: "MCP-Session-Id"))
            #expect(try await post(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#, session: session).0.status == .accepted)
            let (subscribed, answer) = try await post(
                #"{"jsonrpc":"2.0","id":2,"method":"resources/subscribe","params":{"uri":"okik://plans/pending"}}"#, session: session)
            #expect(subscribed.status == .ok, "\(answer)")

            var get = HTTPClientRequest(url: base)
            get.headers.add(name: "X-Okik-Token", value: Self.otto)
            get.headers.add(name: "Accept", value: "text/event-stream")
            get.headers.add(name: "MCP-Session-Id", value: session)
            let stream = try await HTTPClient.shared.execute(get, timeout: .seconds(30))
            #expect(stream.status == .ok)
            #expect(stream.headers.first(name: "Content-Type") == "text/event-stream")

            let (called, result) = try await post(
                #"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"scale_deployment","arguments":{"namespace":"okik-crashloop","name":"payments-api","replicas":3}}}"#,
                session: session)
            #expect(called.status == .ok)
            #expect(result.contains("Queued for human approval"))
            let heard = try await ServerFixture.within(.seconds(20)) {
                var text = ""
                for try await buffer in stream.body {
                    text += String(buffer: buffer)
                    if text.contains("notifications/resources/updated") { return text }
                }
                return text
            }
            #expect(heard.contains(#""uri":"okik:\/\/plans\/pending""#) || heard.contains(#""uri":"okik://plans/pending""#), "\(heard)")

            var delete = HTTPClientRequest(url: base)
            delete.method = .DELETE
            delete.headers.add(name: "X-Okik-Token", value: Self.otto)
            delete.headers.add(name: "MCP-Session-Id", value: session)
            #expect(try await HTTPClient.shared.execute(delete, timeout: .seconds(10)).status == .ok)
            #expect(try await post(#"{"jsonrpc":"2.0","id":4,"method":"tools/list"}"#, session: session).0.status == .notFound)
        }
    }

    @Test func theEndpointChecksTokenRoleOriginAndSession() async throws {
        try await ServerFixture.run(scenario: "healthy") { server in
            let accept: HTTPFields = [.accept: "application/json, text/event-stream"]
            let none = try await server.send(.post, "/mcp", as: nil, json: MCPSupport.initialize, headers: accept)
            #expect(none.status == .unauthorized)
            let viewer = try await server.send(.post, "/mcp", as: .viewer, json: MCPSupport.initialize, headers: accept)
            #expect(viewer.status == .forbidden)
            var evil = accept
            evil[HTTPField.Name("Origin")!] = "https://evil.example"
            #expect(try await server.send(.post, "/mcp", as: .operator, json: MCPSupport.initialize, headers: evil).status == .forbidden)
            var local = accept
            local[HTTPField.Name("Origin")!] = "http://localhost:6274"
            #expect(try await server.send(.post, "/mcp", as: .operator, json: MCPSupport.initialize, headers: local).status == .ok)
            #expect(try await server.send(.post, "/mcp", as: .operator, json: MCPSupport.initialize).status == .notAcceptable)
            #expect(try await server.send(.get, "/mcp", as: .operator, headers: [.accept: "text/event-stream"]).status == .badRequest)

            let started = try await server.send(.post, "/mcp", as: .operator, json: MCPSupport.initialize, headers: accept)
            #expect(started.status == .ok)
            let session = try #require(started.headers[HTTPField.Name("MCP-Session-Id")!])
            let body = try OkikKubeClient.JSONValue.parse(Data(started.body.readableBytesView))
            #expect(body["result"]?["serverInfo"]?["name"]?.stringValue == "okik")

            var named = accept
            named[HTTPField.Name("MCP-Session-Id")!] = session
            let list = #"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#
            #expect(try await server.send(.post, "/mcp", as: .operator, json: list, headers: named).status == .ok)
            // Another token's holder does not see the session; an unknown id is unknown.
            #expect(try await server.send(.post, "/mcp", as: .admin, json: list, headers: named).status == .notFound)
            var unknown = accept
            unknown[HTTPField.Name("MCP-Session-Id")!] = UUID().uuidString
            #expect(try await server.send(.post, "/mcp", as: .operator, json: list, headers: unknown).status == .notFound)
            #expect(try await server.send(.post, "/mcp", as: .operator, json: "[1,2]", headers: named).status == .badRequest)
            #expect(try await server.send(.put, "/mcp", as: .operator, json: list, headers: named).status == .methodNotAllowed)
            #expect(try await server.send(.delete, "/mcp", as: .operator, headers: named).status == .ok)
            #expect(try await server.send(.post, "/mcp", as: .operator, json: list, headers: named).status == .notFound)
        }
    }

    @Test func oneHolderCannotFillTheSessionsOfEveryone() async throws {
        // Ten sessions in all; the operator opens ten, more than one holder may keep.
        try await ServerFixture.run(scenario: "healthy", mcp: MCPConfiguration(maxSessions: 10)) { server in
            let accept: HTTPFields = [.accept: "application/json, text/event-stream"]
            var opened: [String] = []
            for _ in 0..<10 {
                let started = try await server.send(.post, "/mcp", as: .operator, json: MCPSupport.initialize, headers: accept)
                #expect(started.status == .ok)
                opened.append(try #require(started.headers[HTTPField.Name("MCP-Session-Id")!]))
            }
            // Another holder still gets in.
            #expect(try await server.send(.post, "/mcp", as: .admin, json: MCPSupport.initialize, headers: accept).status == .ok)
            // The operator's first session gave way; the newest works.
            let list = #"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#
            func status(of session: String) async throws -> HTTPTypes.HTTPResponse.Status {
                var named = accept
                named[HTTPField.Name("MCP-Session-Id")!] = session
                return try await server.send(.post, "/mcp", as: .operator, json: list, headers: named).status
            }
            #expect(try await status(of: opened[0]) == .notFound)
            #expect(try await status(of: opened[9]) == .ok)
        }
    }

    @Test func watchdogModeServesMCPToo() async throws {
        try await ServerFixture.run(scenario: "crashloop", level: .l1, mode: .watchdog, testing: .live) { server in
            let client = try await MCPSupport.client(port: try #require(server.client.port), token: Self.otto)
            defer { Task { await client.disconnect() } }
            let status = try OkikKubeClient.JSONValue.parse(Data(try await MCPResults.read(client, "okik://status").utf8))
            #expect(status["mode"]?.stringValue == "watchdog")
            #expect(try await MCPResults.call(client, "list_quarantined").isError != true)
        }
    }

    // MARK: - Secrets

    static let githubToken = "ghp_" + "Xq7Lm2Pz9Rt4Vw8Ky1Nb6Hc3Jd5Fg0Sa2Ue4"
    static let password = "hunter2-Pa55-quixotic"
    static let secretValue = "sk-live-" + "4f9c1e7a2b8d6e3f0a5c9b1d7e2f8a4c"
    static var secrets: [String] {
        [githubToken, password, secretValue, Data(secretValue.utf8).base64EncodedString()]
    }

    /// A namespace `vault` with a Secret, a ConfigMap and a Deployment whose pods carry token-like values in their
    /// environment and arguments.
    static func plantSecrets(in cluster: SimulatedCluster) async throws {
        let client = cluster.client
        _ = try await client.clusterScoped(Namespace.self).create(Namespace(metadata: ObjectMeta(name: "vault")))
        _ = try await client.namespaced(Secret.self, in: .named("vault")).create(
            Secret(
                metadata: ObjectMeta(name: "billing-keys", namespace: "vault"),
                data: ["api-key": Data(secretValue.utf8).base64EncodedString()]))
        let configMaps = client.dynamic(
            GroupVersionResource(group: "", version: "v1", resource: "configmaps"), namespaced: true, in: .named("vault"))
        _ = try await configMaps.create(UnstructuredObject([
            "apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "billing-config", "namespace": "vault"],
            "data": ["DATABASE_URL": .string("postgres://billing:\(password)@db:5432/billing"), "GITHUB_TOKEN": .string(githubToken)],
        ]))
        let deployments = client.dynamic(
            GroupVersionResource(group: "apps", version: "v1", resource: "deployments"), namespaced: true, in: .named("vault"))
        _ = try await deployments.create(UnstructuredObject([
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "billing", "namespace": "vault"],
            "spec": [
                "replicas": 1, "selector": ["matchLabels": ["app": "billing"]],
                "template": [
                    "metadata": ["labels": ["app": "billing"]],
                    "spec": ["containers": [[
                        "name": "billing", "image": "billing:1.0",
                        "args": .array([.string("--token=\(githubToken)"), "--port=8080"]),
                        "env": .array([
                            ["name": "DB_PASSWORD", "value": .string(password)],
                            ["name": "STRIPE_KEY", "value": .string(secretValue)],
                            ["name": "GITHUB_TOKEN", "value": .string(githubToken)],
                        ]),
                    ]]],
                ],
            ],
        ]))
        await cluster.simulator.runtime?.settle()
    }

    static func text(_ messages: [MCP.Prompt.Message]) -> String {
        messages.compactMap { message -> String? in
            if case .text(let text) = message.content { return text }
            return nil
        }.joined(separator: "\n")
    }
}
