import Foundation
import HTTPTypes
import HummingbirdTesting
import OkikKit
import OkikServer
import OkikTesting
import Testing

/// POST /alerts: Alertmanager's webhook reaches the agent; roles, malformed bodies and the size limit.
@Suite("POST /alerts", .serialized)
struct AlertsRouteTests {
    /// An Alertmanager v4 payload as it sends it, with a member this server does not know (`orgId`).
    static let payload = """
        {
          "receiver": "okik", "status": "firing", "orgId": 1,
          "alerts": [
            {
              "status": "firing",
              "labels": {"alertname": "KubePodCrashLooping", "namespace": "okik-healthy", "severity": "critical"},
              "annotations": {"summary": "Pod is crash looping", "runbook_url": "https://runbooks.example/crash"},
              "startsAt": "2026-12-06T09:52:26.739266876+02:00", "endsAt": "0001-01-01T00:00:00Z",
              "generatorURL": "http://prometheus:9090/graph?g0.expr=up", "fingerprint": "1a30ba71cca2921f"
            },
            {
              "status": "resolved",
              "labels": {"alertname": "KubeJobFailed", "namespace": "okik-healthy"},
              "annotations": {}, "startsAt": "2026-12-06T08:00:00Z", "endsAt": "2026-12-06T09:00:00Z",
              "fingerprint": "bc97ff14869b13e3"
            }
          ],
          "groupLabels": {"alertname": "KubePodCrashLooping"},
          "commonLabels": {"namespace": "okik-healthy"},
          "commonAnnotations": {},
          "externalURL": "http://alertmanager:9093",
          "version": "4",
          "groupKey": "{}:{alertname=\\"KubePodCrashLooping\\"}",
          "truncatedAlerts": 0
        }
        """

    @Test("an operator's Alertmanager webhook is accepted (202) and the agent keeps the firing alert; a viewer gets 403")
    func acceptsAlertmanager() async throws {
        let model = ScriptedChatModel { _, _ in .text("Looked.") }
        try await ServerFixture.run(model: model) { server in
            let forbidden = try await server.send(.post, "/alerts", as: .viewer, json: Self.payload)
            #expect(forbidden.status == .forbidden)
            let anonymous = try await server.send(.post, "/alerts", as: nil, json: Self.payload)
            #expect(anonymous.status == .unauthorized)

            let response = try await server.send(.post, "/alerts", as: .operator, json: Self.payload)
            #expect(response.status == .accepted)
            let body = try ServerFixture.decode(AlertsResponse.self, response)
            #expect(body.accepted == 2 && body.firing == 1 && body.resolved == 0 && body.ignored == 0)
            let agent = try #require(server.runtime.agent)
            let alerts = await agent.alerts
            #expect(alerts.map(\.fingerprint) == ["1a30ba71cca2921f"])
            #expect(alerts.first?.name == "KubePodCrashLooping" && alerts.first?.isNew == true)

            // The same alert resolved clears it.
            let resolved = Self.payload.replacingOccurrences(of: #""status": "firing","#, with: #""status": "resolved","#)
            let second = try await server.send(.post, "/alerts", as: .operator, json: resolved)
            let cleared = try ServerFixture.decode(AlertsResponse.self, second)
            #expect(cleared.firing == 0 && cleared.resolved == 1)
        }
    }

    @Test(arguments: [
        ("{not json", "not valid JSON", nil as String?),
        ("[1, 2]", "must be a JSON object", nil),
        (#"{"receiver": "okik"}"#, "\"alerts\" is required", "alerts"),
        (#"{"alerts": [{"status": "firing"}]}"#, "is required", "alerts[0].labels"),
        (#"{"alerts": "many"}"#, "must be", "alerts"),
    ])
    func aMalformedBodyIsA400(json: String, message: String, field: String?) async throws {
        let model = ScriptedChatModel { _, _ in .text("Looked.") }
        try await ServerFixture.run(model: model) { server in
            let response = try await server.send(.post, "/alerts", as: .operator, json: json)
            #expect(response.status == .badRequest)
            let body = try ServerFixture.decode(APIErrorBody.self, response)
            #expect(body.error == "bad_request")
            #expect(body.message.contains(message), "\(body.message)")
            #expect(body.field == field)
            #expect(await server.runtime.agent?.alerts.isEmpty == true)
        }
    }

    @Test("a body over the limit is a 413; without an agent the alerts are a 409 no_agent")
    func limitsAndNoAgent() async throws {
        let model = ScriptedChatModel { _, _ in .text("Looked.") }
        try await ServerFixture.run(model: model) { server in
            let huge = #"{"alerts": [], "receiver": ""# + String(repeating: "x", count: (1 << 20) + 10) + #""}"#
            let response = try await server.send(.post, "/alerts", as: .operator, json: huge)
            #expect(response.status == .contentTooLarge)
        }
        try await ServerFixture.run { server in
            let response = try await server.send(.post, "/alerts", as: .operator, json: Self.payload)
            #expect(response.status == .conflict)
            #expect(try ServerFixture.decode(APIErrorBody.self, response).error == "no_agent")
        }
    }
}
