import Foundation
import OkikKit
import OkikKubeClient
import OkikTesting
import ServiceLifecycle
import Testing

/// The notifier against real local HTTP servers (``ScriptedProviderServer``) standing in for the webhooks.
@Suite("Webhook notifications", .serialized)
struct NotifierTests {
    /// A notifier with fast retries over `store`, sending to `targets`.
    static func notifier(
        _ store: any AuditStore, _ targets: [WebhookTarget], capacity: Int = 64, clock: any WallClock = SystemWallClock()
    ) -> Notifier {
        Notifier(
            store: store,
            configuration: NotifierConfiguration(
                targets: targets, pollInterval: .milliseconds(20), queueCapacity: capacity,
                retry: .init(attempts: 3, initialBackoff: .milliseconds(10)), timeout: .seconds(5)),
            clock: clock, logger: testLogger)
    }

    static func target(_ name: String, _ server: ScriptedProviderServer, _ format: WebhookTarget.Format = .generic)
        -> WebhookTarget
    {
        WebhookTarget(name: name, url: URL(string: "http://127.0.0.1:\(server.port)/hooks/T0/B0/s3cr3t-path")!, format: format)
    }

    /// Runs `notifier` while `body` runs; `body` starts once the notifier has found the end of the trail.
    static func running<T: Sendable>(_ notifier: Notifier, _ body: () async throws -> T) async throws -> T {
        let task = Task { try await notifier.run() }
        defer { task.cancel() }
        #expect(try await eventually { notifier.cursor != nil })
        return try await body()
    }

    /// Polls `condition` for up to five seconds of real time.
    static func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
        for _ in 0..<250 {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }

    static func object(_ request: RecordedRequest) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: Any])
    }

    @Test("a plan waiting for approval and the emergency stop reach a generic and a Slack target; each delivery is audited by name")
    func planAndEmergencyStop() async throws {
        try await withHarness(GatekeeperConfiguration(level: .l1, rateLimits: .unlimited)) { harness in
            let ok = ScriptedReply.reply(status: 200, headers: [:], body: "ok")
            try await ScriptedProviderServer.with([ok, ok]) { generic in
                try await ScriptedProviderServer.with([ok, ok]) { slack in
                    let notifier = Self.notifier(
                        harness.store, [Self.target("pager", generic), Self.target("ops-slack", slack, .slack)])
                    try await Self.running(notifier) {
                        let report = try await harness.executor.execute(
                            ToolInvocation(tool: "scale_deployment", arguments: ["namespace": "shop", "name": "web", "replicas": 4]),
                            caller: agent, rationale: "more capacity; token=ghp_R4nd0mT0k3nV4lu3F0rT3st1ngAbCdEf12")
                        guard case .queued(let plan) = report.outcome else {
                            Issue.record("not queued: \(report.textForModel)")
                            return
                        }
                        try await harness.executor.controls.engageEmergencyStop(by: operatorHuman, reason: "bad deploy")
                        #expect(try await Self.eventually {
                            try await harness.store.entries(AuditQuery(kinds: [.notificationDelivered])).count == 4
                        })

                        let genericRequests = await generic.requests
                        #expect(genericRequests.count == 2)
                        let first = try Self.object(try #require(genericRequests.first))
                        #expect(first["kind"] as? String == "planWaiting")
                        #expect(first["severity"] as? String == "warning")
                        #expect((first["title"] as? String)?.contains("scale_deployment") == true)
                        #expect((first["plan"] as? [String: Any])?["id"] as? String == plan.id.uuidString)
                        #expect((first["plan"] as? [String: Any])?["expiresAt"] != nil)
                        #expect(first["at"] as? String != nil)
                        #expect(genericRequests.first?.headers["content-type"] == "application/json")
                        let second = try Self.object(genericRequests[1])
                        #expect(second["kind"] as? String == "emergencyStopEngaged")
                        #expect((second["text"] as? String)?.contains("bad deploy") == true)

                        let slackRequests = await slack.requests
                        #expect(slackRequests.count == 2)
                        let waiting = try Self.object(slackRequests[0])
                        #expect((waiting["text"] as? String)?.contains("A plan waits for approval") == true)
                        #expect((waiting["blocks"] as? [Any])?.count == 2)
                        #expect(Set(waiting.keys) == ["text", "blocks"])
                        let stop = try Self.object(slackRequests[1])
                        #expect((stop["text"] as? String)?.contains("Emergency stop engaged by human:alice") == true)

                        // No secret leaves, and no URL is audited.
                        let sent = (genericRequests + slackRequests).map(\.bodyText).joined()
                        #expect(!sent.contains("ghp_R4nd0mT0k3nV4lu3F0rT3st1ngAbCdEf12"))
                        let deliveries = try await harness.store.entries(AuditQuery(kinds: [.notificationDelivered]))
                        #expect(Set(deliveries.compactMap(\.targets)) == ["pager", "ops-slack"])
                        #expect(deliveries.allSatisfy { $0.actor == Notifier.actor && $0.outcome == .succeeded })
                        let audited = deliveries.map { "\($0.summary ?? "") \($0.result?.jsonString() ?? "") \($0.reason ?? "")" }
                        #expect(!audited.joined().contains("s3cr3t-path") && !audited.joined().contains("127.0.0.1"))
                        #expect(notifier.counts.delivered == 4 && notifier.counts.failed == 0)
                    }
                }
            }
        }
    }

    @Test("a watchdog quarantine on a simulated cluster becomes a critical notification")
    func quarantineIsNotified() async throws {
        let cluster = try await SimulatedCluster.start("crashloop")
        defer { Task { await cluster.stop() } }
        let store = InMemoryAuditStore()
        let executor = try await GatedToolExecutor.start(
            client: cluster.client, store: store, configuration: GatekeeperConfiguration(level: .l2, rateLimits: .unlimited),
            clock: cluster.clock, logger: testLogger)
        try await ScriptedProviderServer.with([.reply(status: 200, headers: [:], body: "ok")]) { server in
            let notifier = Self.notifier(store, [Self.target("pager", server)])
            try await Self.running(notifier) {
                let report = try await executor.execute(
                    ToolInvocation(
                        tool: "quarantine_deployment",
                        arguments: ["namespace": "okik-crashloop", "name": "payments-api", "reason": "crash loop"]),
                    caller: Caller(.watchdog, "okik-watchdog"))
                guard case .executed = report.outcome else {
                    Issue.record("not executed: \(report.textForModel)")
                    return
                }
                #expect(try await Self.eventually { await server.requests.count == 1 })
                let body = try Self.object(try #require(await server.requests.first))
                #expect(body["kind"] as? String == "quarantine" && body["severity"] as? String == "critical")
                #expect(body["title"] as? String == "Quarantined Deployment okik-crashloop/payments-api")
                #expect((body["text"] as? String)?.contains("watchdog:okik-watchdog") == true)
            }
        }
    }

    @Test("a 500 is retried and the second attempt delivers; the audit says two attempts")
    func retriesA500() async throws {
        let store = InMemoryAuditStore()
        try await ScriptedProviderServer.with([
            .reply(status: 500, headers: [:], body: "down"), .reply(status: 200, headers: [:], body: "ok"),
        ]) { server in
            let notifier = Self.notifier(store, [Self.target("pager", server)])
            try await Self.running(notifier) {
                await store.append(
                    AuditEntry(timestamp: Date(), kind: .emergencyStopEngaged, actor: "human:alice", reason: "drill"))
                #expect(try await Self.eventually {
                    await !store.entries(AuditQuery(kinds: [.notificationDelivered, .notificationFailed])).isEmpty
                })
                let entry = try #require(await store.entries(AuditQuery(kinds: [.notificationDelivered])).first)
                #expect(entry.result?["attempts"] == .int(2) && entry.result?["status"] == .int(200))
                #expect(await server.requests.count == 2)
            }
        }
    }

    @Test("after every attempt fails the failure is audited; a 4xx other than 429 is not retried")
    func givesUp() async throws {
        let store = InMemoryAuditStore()
        let down = ScriptedReply.reply(status: 503, headers: [:], body: "down")
        try await ScriptedProviderServer.with([down, down, down, down]) { failing in
            try await ScriptedProviderServer.with([.reply(status: 404, headers: [:], body: "no such hook")]) { gone in
                let notifier = Self.notifier(store, [Self.target("flaky", failing), Self.target("gone", gone, .slack)])
                try await Self.running(notifier) {
                    await store.append(
                        AuditEntry(timestamp: Date(), kind: .emergencyStopLifted, actor: "human:alice", reason: "fixed"))
                    #expect(try await Self.eventually {
                        await store.entries(AuditQuery(kinds: [.notificationFailed])).count == 2
                    })
                    let failures = await store.entries(AuditQuery(kinds: [.notificationFailed]))
                    let flaky = try #require(failures.first { $0.targets == "flaky" })
                    #expect(flaky.result?["attempts"] == .int(3) && flaky.reason == "HTTP 503" && flaky.outcome == .failed)
                    let refused = try #require(failures.first { $0.targets == "gone" })
                    #expect(refused.result?["attempts"] == .int(1) && refused.reason == "HTTP 404")
                    #expect(await failing.requests.count == 3)
                    #expect(await gone.requests.count == 1)
                    #expect(await store.entries(AuditQuery(kinds: [.notificationDelivered])).isEmpty)
                    #expect(notifier.counts.failed == 2)
                }
            }
        }
    }

    @Test("a slow webhook never delays the gate: the queue is bounded and drops the oldest")
    func neverBlocks() async throws {
        try await withHarness { harness in
            let slow = ScriptedReply.delayed(.seconds(2), .reply(status: 200, headers: [:], body: "ok"))
            try await ScriptedProviderServer.with(Array(repeating: slow, count: 10)) { server in
                let notifier = Self.notifier(harness.store, [Self.target("slow", server)], capacity: 2)
                try await Self.running(notifier) {
                    let clock = ContinuousClock()
                    let started = clock.now
                    for index in 0..<30 {
                        let engage = index % 2 == 0
                        if engage {
                            try await harness.executor.controls.engageEmergencyStop(by: operatorHuman, reason: "drill \(index)")
                        } else {
                            try await harness.executor.controls.liftEmergencyStop(by: operatorHuman)
                        }
                        let report = try await harness.executor.execute(
                            ToolInvocation(tool: "get_pods", arguments: ["namespace": "shop"]), caller: agent)
                        #expect(report.decision.kind == .execute)
                    }
                    // The fifteen stop changes notify a webhook that takes 2 s: a gate that waited for it would take
                    // 30 s; the bound leaves room for a loaded machine.
                    #expect(clock.now - started < .seconds(20), "thirty gate decisions and control changes took \(clock.now - started)")
                    for _ in 0..<20 {
                        notifier.enqueue(NotificationEvent(kind: .quarantine, title: "t", text: "x", severity: .critical, at: Date()))
                    }
                    #expect(notifier.counts.dropped >= 18, "\(notifier.counts)")
                }
            }
        }
    }

    @Test("which audit entries are notifications: quarantines outside plans (not dry runs, not failures), plan outcomes, budget")
    func mapping() throws {
        let now = Date()
        func entry(_ kind: AuditEntry.Kind, tool: String? = nil, outcome: AuditEntry.Outcome? = nil, dryRun: Bool = false,
                   planID: UUID? = nil) -> AuditEntry {
            AuditEntry(
                timestamp: now, kind: kind, actor: "watchdog:okik-watchdog", planID: planID, tool: tool,
                targets: "Deployment shop/web", reason: "step 1 failed: password=hunter2", outcome: outcome, dryRun: dryRun)
        }
        let quarantine = try #require(NotificationEvent(entry(.outcome, tool: "quarantine_deployment", outcome: .succeeded)))
        #expect(quarantine.kind == .quarantine && quarantine.severity == .critical)
        #expect(quarantine.title == "Quarantined Deployment shop/web" && quarantine.text.contains("watchdog:okik-watchdog"))
        #expect(NotificationEvent(entry(.outcome, tool: "quarantine_deployment", outcome: .succeeded, dryRun: true)) == nil)
        #expect(NotificationEvent(entry(.outcome, tool: "quarantine_deployment", outcome: .failed)) == nil)
        #expect(NotificationEvent(entry(.outcome, tool: "quarantine_deployment", outcome: .succeeded, planID: UUID())) == nil)
        #expect(NotificationEvent(entry(.outcome, tool: "scale_deployment", outcome: .succeeded)) == nil)
        let failed = try #require(NotificationEvent(entry(.planFailed, tool: "scale_deployment", planID: UUID())))
        #expect(failed.kind == .planFailed && failed.severity == .critical)
        #expect(failed.text.contains("Failure: step 1 failed") && !failed.text.contains("hunter2"), "\(failed.text)")
        #expect(NotificationEvent(entry(.planExecuted, planID: UUID()))?.kind == .planExecuted)
        #expect(NotificationEvent(entry(.budgetExhausted))?.kind == .budgetExhausted)
        for kind in [AuditEntry.Kind.decision, .intent, .planApproved, .planRejected, .planExpired, .policyChanged,
                     .notificationDelivered, .notificationFailed] {
            #expect(NotificationEvent(entry(kind)) == nil, "\(kind)")
        }
    }

    @Test("the runtime runs a notifier only when targets are configured")
    func runtimeWiring() async throws {
        try await withSimulator { _, client in
            let plain = try await OkikRuntime.start(OkikRuntimeConfiguration(cluster: .client(client)), logger: testLogger)
            #expect(plain.notifier == nil && !plain.services.contains { $0 is Notifier })
            let target = WebhookTarget(name: "pager", url: URL(string: "http://127.0.0.1:9/hook")!)
            let configured = try await OkikRuntime.start(
                OkikRuntimeConfiguration(cluster: .client(client), notifications: NotifierConfiguration(targets: [target])),
                logger: testLogger)
            #expect(configured.notifier?.configuration.targets == [target])
            #expect(configured.services.first is Notifier)
        }
    }

    @Test("a graceful shutdown does not wait for a slow webhook: what is still queued is dropped and counted")
    func shutdownIsPrompt() async throws {
        let slow = ScriptedReply.delayed(.milliseconds(300), .reply(status: 200, headers: [:], body: "ok"))
        try await ScriptedProviderServer.with(Array(repeating: slow, count: 10)) { server in
            let notifier = Self.notifier(InMemoryAuditStore(), [Self.target("slow", server)])
            for index in 0..<10 {
                notifier.enqueue(NotificationEvent(kind: .quarantine, title: "q\(index)", text: "x", severity: .critical, at: Date()))
            }
            let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [.init(service: notifier)], logger: testLogger))
            let clock = ContinuousClock()
            let started = clock.now
            let running = Task { try await group.run() }
            try await Task.sleep(for: .milliseconds(100))
            await group.triggerGracefulShutdown()
            try await running.value
            #expect(clock.now - started < .seconds(2), "shutdown took \(clock.now - started)")
            #expect(notifier.counts.dropped >= 8 && notifier.counts.delivered <= 2, "\(notifier.counts)")
        }
    }

    @Test("the Slack body escapes markup, so no text can ping a channel")
    func slackEscapes() throws {
        let event = NotificationEvent(
            kind: .planFailed, title: "A plan failed: <!channel>", text: "step 1 failed: <https://evil|click> & more",
            severity: .critical, at: Date(timeIntervalSince1970: 0))
        let body = try #require(
            try JSONSerialization.jsonObject(with: WebhookPayload.body(event, format: .slack)) as? [String: Any])
        let text = try #require(body["text"] as? String)
        #expect(text.contains("&lt;!channel&gt;") && !text.contains("<!channel>"))
        let generic = try #require(
            try JSONSerialization.jsonObject(with: WebhookPayload.body(event, format: .generic)) as? [String: Any])
        #expect(generic["at"] as? String == "1970-01-01T00:00:00Z")
        #expect(generic["kind"] as? String == "planFailed")
    }

    @Test("a targets file: YAML or JSON; a bad entry stops the start naming it, never quoting a URL")
    func targetsFile() throws {
        let yaml = """
            targets:
              - name: ops-slack
                url: https://hooks.slack.com/services/T000/B000/XXXX
                format: slack
                events: [planWaiting, quarantine]
              - name: pager
                url: http://events.example.com/okik
            """
        let targets = try WebhookTarget.parse(yaml)
        #expect(targets.map(\.name) == ["ops-slack", "pager"])
        #expect(targets[0].format == .slack && targets[0].events == [.planWaiting, .quarantine])
        #expect(targets[1].format == .generic && targets[1].events == nil && targets[1].wants(.budgetExhausted))
        #expect(!targets[0].wants(.planExecuted))
        let json = #"[{"name": "a", "url": "https://example.com/hook", "format": "generic"}]"#
        #expect(try WebhookTarget.parse(json).map(\.name) == ["a"])

        let bad: [(String, String)] = [
            (#"{"targets": [{"url": "https://example.com/x"}]}"#, "target 1: \"name\" is required"),
            (#"{"targets": [{"name": "a", "url": "ftp://example.com/s3cr3t"}]}"#, "target 1 (a): \"url\""),
            (#"{"targets": [{"name": "a", "url": "https://example.com/s3cr3t", "format": "teams"}]}"#, "\"format\""),
            (#"{"targets": [{"name": "a", "url": "https://example.com/s3cr3t", "events": ["planWaitin"]}]}"#, "unknown event \"planWaitin\""),
            (#"{"targets": [{"name": "a", "url": "https://example.com/s3cr3t", "secret": 1}]}"#, "unknown member \"secret\""),
            (#"[{"name": "a", "url": "https://example.com/1"}, {"name": "a", "url": "https://example.com/s3cr3t"}]"#, "target 2 (a): the name is used twice"),
            (#"{"hooks": []}"#, "unknown member \"hooks\""),
        ]
        for (text, message) in bad {
            #expect {
                try WebhookTarget.parse(text)
            } throws: { error in
                let description = "\(error)"
                return description.contains(message) && !description.contains("s3cr3t")
            }
        }
    }
}
