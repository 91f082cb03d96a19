import Foundation
import OkikKit
import OkikServer
import OkikTesting
import Testing

/// The flows a person walks with okikctl against OKIK deployed in a (simulated) cluster, reached through the
/// Kubernetes API server's service proxy with the kubeconfig, the token read from the okik-api-tokens Secret.
@Suite("okikctl workflows")
struct WorkflowTests {
    @Test func statusShowsTheCrashLoopThroughTheServiceProxyInTableAndJSON() async throws {
        try await CLIFixture.run { fixture in
            let table = try await fixture.cli("status")
            #expect(table.status == 0, "\(table)")
            #expect(table.stdout.contains("okik-agent"), "\(table)")
            #expect(table.stdout.contains("L1 (suggest)"), "\(table)")
            #expect(table.stdout.contains("payments-api"), "\(table)")
            #expect(table.stdout.contains("OKK-201"), "\(table)")

            let classic = try await fixture.cli("status", "--view", "classic")
            #expect(classic.status == 0, "\(classic)")
            #expect(classic.stdout.contains("Plans waiting for approval"), "\(classic)")

            let json = try await fixture.cli("status", "-o", "json")
            #expect(json.status == 0, "\(json)")
            let document = try json.json()
            #expect(document["mode"]?.stringValue == "server")
            #expect(document["okik"]?["level"]?.stringValue == "L1")
            #expect(document["okik"]?["version"]?.stringValue == OkikInfo.version)
            let codes = document["cluster"]?["findings"]?.arrayValue?.compactMap { $0["code"]?.stringValue } ?? []
            #expect(codes.contains("OKK-201"))
        }
    }

    @Test func findACrashLoopQuarantineItApproveAndRestore() async throws {
        try await CLIFixture.run { fixture in
            // At L1 a quarantine waits for a person.
            let add = try await fixture.cli("quarantine", "add", "okik-crashloop/payments-api", "--reason", "crash loop")
            #expect(add.status == 0, "\(add)")
            #expect(add.stdout.contains("queued quarantine_deployment as plan"), "\(add)")
            let pending = try await fixture.cli("actions", "list", "-o", "json")
            let plans = try #require(pending.json()["plans"]?.arrayValue)
            #expect(plans.count == 1)
            let id = try #require(plans.first?["id"]?.stringValue)

            // Approving needs a terminal or --yes.
            let unconfirmed = try await fixture.cli("actions", "approve", String(id.prefix(8)))
            #expect(unconfirmed.status == 1)
            #expect(unconfirmed.stderr.contains("--yes"), "\(unconfirmed)")
            let approved = try await fixture.cli("actions", "approve", String(id.prefix(8)), "--yes")
            #expect(approved.status == 0, "\(approved)")
            #expect(approved.stdout.contains("executed"), "\(approved)")

            let list = try await fixture.cli("quarantine", "list", "-o", "json")
            let entries = try #require(list.json()["deployments"]?.arrayValue)
            #expect(entries.map { $0["name"]?.stringValue } == ["payments-api"])
            #expect(entries.first?["originalReplicas"]?.intValue == 2)
            let replicas = try await fixture.cluster.client.namespaced(Deployment.self, in: .named("okik-crashloop")).get("payments-api").spec?.replicas
            #expect(replicas == 0)

            // The plan's history names the person who approved it (the strongest token in the Secret: admin).
            let shown = try await fixture.cli("plan", "show", String(id.prefix(8)), "-o", "json")
            #expect(try shown.json()["plan"]?["decidedBy"]?.stringValue == "human:admin-person", "\(shown)")

            // Restoring is a write too: queued at L1, then approved.
            let restore = try await fixture.cli("quarantine", "restore", "okik-crashloop/payments-api", "-o", "json")
            #expect(restore.status == 0, "\(restore)")
            let restorePlan = try #require(try restore.json()["plan"]?["id"]?.stringValue)
            #expect(try await fixture.cli("actions", "approve", restorePlan, "--yes").status == 0)
            let after = try await fixture.cli("quarantine", "list")
            #expect(after.stdout.contains("No quarantined Deployments"), "\(after)")
            let restored = try await fixture.cluster.client.namespaced(Deployment.self, in: .named("okik-crashloop")).get("payments-api").spec?.replicas
            #expect(restored == 2)
        }
    }

    @Test func approvingAQueuedPlanRunsItAndAuditsIt() async throws {
        try await CLIFixture.run(scenario: "healthy") { fixture in
            let run = try await fixture.cli(
                "tool", "run", "scale_deployment", "--args", #"{"namespace":"okik-healthy","name":"storefront","replicas":4}"#,
                "--rationale", "more capacity", "-o", "json")
            #expect(run.status == 0, "\(run)")
            let document = try run.json()
            #expect(document["outcome"]?.stringValue == "queued")
            let id = try #require(document["plan"]?["id"]?.stringValue)

            let table = try await fixture.cli("actions", "list")
            #expect(table.stdout.contains(String(id.prefix(8))), "\(table)")
            #expect(table.stdout.contains("more capacity"), "\(table)")

            let approved = try await fixture.cli("actions", "approve", id, "--yes", "-o", "json")
            #expect(approved.status == 0, "\(approved)")
            #expect(try approved.json()["plan"]?["state"]?.stringValue == "executed")
            let replicas = try await fixture.cluster.client.namespaced(Deployment.self, in: .named("okik-healthy")).get("storefront").spec?.replicas
            #expect(replicas == 4)

            let executed = try await fixture.cli("plan", "list", "--state", "executed")
            #expect(executed.stdout.contains(String(id.prefix(8))), "\(executed)")
            let audit = try await fixture.runtime.store.entries(AuditQuery(planID: UUID(uuidString: id)))
            #expect(audit.contains { $0.kind == .planApproved && $0.actor == "human:admin-person" })
            #expect(audit.contains { $0.kind == .planExecuted })
        }
    }

    @Test func setTheLevelToL3() async throws {
        try await CLIFixture.run { fixture in
            let set = try await fixture.cli("autonomy", "set", "L3")
            #expect(set.status == 0, "\(set)")
            #expect(set.stdout.contains("L3 (conditional)"), "\(set)")
            #expect(await fixture.runtime.executor.controls.current.level == .l3)
            let off = try await fixture.cli("autonomy", "disable", "-o", "json")
            #expect(try off.json()["automation"]?.boolValue == false, "\(off)")
            #expect(await fixture.runtime.executor.controls.current.automationEnabled == false)
            let bad = try await fixture.cli("autonomy", "set", "L9")
            #expect(bad.status != 0)
            #expect(bad.stderr.contains("L9"), "\(bad)")
        }
    }

    @Test func followTheFeedWhileTheWatchdogActs() async throws {
        try await CLIFixture.run { fixture in
            let watchdog = Task { try await fixture.runtime.watchdog.run() }
            defer { watchdog.cancel() }
            let json = try await fixture.cli("watch", "--count", "1", "-o", "json")
            #expect(json.status == 0, "\(json)")
            let lines = json.stdout.split(separator: "\n")
            try #require(lines.count == 1)
            let entry = try JSONValue.parse(Data(lines[0].utf8))
            #expect(entry["subject"]?["name"]?.stringValue == "payments-api")
            let table = try await fixture.cli("watch", "--count", "1")
            #expect(table.stdout.contains("okik-crashloop/payments-api"), "\(table)")
        }
    }
}
