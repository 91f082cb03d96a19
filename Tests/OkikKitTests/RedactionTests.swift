import Foundation
import GRDB
import OkikKit
import OkikKubeClient
import OkikSimulator
import Testing

@Suite("Redaction")
struct RedactionTests {
    static let redactor = Redactor.standard

    // MARK: - Text patterns

    @Test("text: each secret shape is replaced by its marker", arguments: [
        ("Authorization: Bearer abc123def456ghi", "Authorization: Bearer [REDACTED:bearer]", RedactionKind.bearer),
        ("curl -H 'Authorization: Basic dXNlcjpodW50ZXIy'", "curl -H 'Authorization: Basic [REDACTED:basic-auth]'", .basicAuth),
        ("DATABASE_URL=postgres://app:s3cr3t-Pw@db:5432/shop", "DATABASE_URL=postgres://app:[REDACTED:url-credentials]@db:5432/shop", .urlCredentials),
        ("redis://:hunter2@redis:6379/0", "redis://:[REDACTED:url-credentials]@redis:6379/0", .urlCredentials),
        ("amqp://user:p@ss@rabbit/vhost", "amqp://user:[REDACTED:url-credentials]@rabbit/vhost", .urlCredentials),
        ("key id AKIAIOSFODNN7EXAMPLE in use", "key id [REDACTED:aws-access-key] in use", .awsAccessKey),
        ("push with ghp_abcdefghijklmnopqrstuvwxyz0123456789", "push with [REDACTED:github-token]", .githubToken),
        ("github_pat_11AAAAAAA0aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "[REDACTED:github-token]", .githubToken),
        ("bot xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOp", "bot [REDACTED:slack-token]", .slackToken),
        ("POST https://hooks.slack.com/services/T000/B000/XXXXabcd", "POST [REDACTED:slack-token]", .slackToken),
        ("id_token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.sig-Part_1", "id_token=[REDACTED:jwt]", .jwt),
        ("got eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0", "got [REDACTED:jwt]", .jwt),
        ("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\n-----END OPENSSH PRIVATE KEY-----\ndone",
         "[REDACTED:private-key]\ndone", .privateKey),
        ("key: -----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAcut", "key: [REDACTED:private-key]", .privateKey),
        ("uses sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz012345", "uses [REDACTED:api-key]", .apiKey),
        ("connecting with password=hunter2 to db", "connecting with password=[REDACTED:password] to db", .password),
        ("DB_PASS=hunter2", "DB_PASS=[REDACTED:password]", .password),
        ("mysql --password hunter2 -h db", "mysql --password [REDACTED:password] -h db", .password),
        ("api_key: abc123", "api_key: [REDACTED:secret-key]", .secretKey),
        ("{\"client_secret\":\"s3cr3t\",\"user\":\"bob\"}", "{\"client_secret\":\"[REDACTED:secret-key]\",\"user\":\"bob\"}", .secretKey),
        ("server --token=abc123 --port=8080", "server --token=[REDACTED:secret-key] --port=8080", .secretKey),
        ("X-Api-Key: 0123abcd", "X-Api-Key: [REDACTED:secret-key]", .secretKey),
        ("Cookie: session=abc123; Path=/", "Cookie: [REDACTED:secret-key]; Path=/", .secretKey),
        ("GET /callback?code=x&access_token=abc123&state=1", "GET /callback?code=x&access_token=[REDACTED:secret-key]&state=1", .secretKey),
        ("cache_key=9fK2xQ7mB4nV8cL1zR6tY3wP", "cache_key=[REDACTED:high-entropy]", .highEntropy),
        ("failed container: token=abc123", "failed container: token=[REDACTED:secret-key]", .secretKey),
        ("msg=\"login\" password=\"two words\"", "msg=\"login\" password=\"[REDACTED:password]\"", .password),
    ])
    func textShapes(input: String, expected: String, kind: RedactionKind) {
        var report = RedactionReport()
        let redacted = Self.redactor.redact(input, report: &report)
        #expect(redacted == expected)
        #expect(report[kind] == 1, "\(report)")
        #expect(report.total == 1, "\(report)")
        #expect(RedactionReport(markersInText: redacted) == report)
    }

    @Test("text: ordinary diagnostics stay readable", arguments: [
        "Back-off restarting failed container",
        "Scaled up replica set web-7d9f8c6b5 to 3",
        "registry.example/web:1.0",
        "docker-pullable://registry.example/web@sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945",
        "Readiness probe failed: Get \"http://10.0.0.5:8080/ready\": dial tcp 10.0.0.5:8080: connect: connection refused",
        "MountVolume.SetUp failed for volume \"secret-vol\" : secret \"db\" not found",
        "Error: secret \"db-creds\" not found",
        "Error: couldn't find key password in Secret shop/db",
        "Container app exited with code 137 (OOMKilled)",
        "using bearer authentication",
        "basic auth is disabled",
        "token refresh scheduled in 5m",
        "the password is required",
        "--port=8080 --log-level=debug",
        "cache_key=orders",
        "PWD=/srv/app",
        "cpu: 500m, memory: 256Mi",
        "2025-06-15T10:00:00Z",
        "3f2b8c1e-9d4a-4b7e-8f21-0c6d5e4a3b2f",
        "GET /api/v1/namespaces/shop/pods?limit=500&continue=abc 200",
        "secretName=db-creds",
        "tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token",
        "Successfully pulled image \"nginx:1.25\" in 2.1s",
        "node.kubernetes.io/unreachable:NoExecute",
        "https://github.com/okik/okik.git",
        "ssh://git@github.com/okik/okik.git",
        "JAVA_OPTS=-Xmx512m -Dlog.level=info",
        "0/3 nodes are available: 3 Insufficient memory.",
        "panic: runtime error: index out of range [5] with length 3",
        "level=info msg=\"request done\" status=200 duration=12ms path=/api/orders",
    ])
    func textFalsePositives(input: String) {
        var report = RedactionReport()
        #expect(Self.redactor.redact(input, report: &report) == input)
        #expect(report.isEmpty, "\(report)")
    }

    // MARK: - JSON trees

    @Test("JSON: env values under secret-like names, by name; others by shape")
    func envByName() {
        let env: JSON = [
            ["name": "DB_PASS", "value": "hunter2"],
            ["name": "OPENAI_API_KEY", "value": "abc"],
            ["name": "OPENAI_KEY", "value": "sk-proj-Qw3rTy8UiOp2AsDf5GhJk9LzXc"],
            ["name": "HMAC_SALT", "value": "Zq7Lm2Xv9Rt4Bn8Kw3Py"],
            ["name": "CACHE_KEY", "value": "orders-v2"],
            ["name": "GITHUB_TOKEN", "value": "ghp_abcdefghijklmnopqrstuvwxyz0123456789"],
            ["name": "AWS_ACCESS_KEY_ID", "value": "AKIAIOSFODNN7EXAMPLE"],
            ["name": "LOG_LEVEL", "value": "debug"],
            ["name": "PWD", "value": "/srv/app"],
            ["name": "Authorization", "value": "Bearer abc123def456ghi"],
            ["name": "DB_PASSWORD", "valueFrom": ["secretKeyRef": ["name": "db", "key": "password"]]],
        ]
        var report = RedactionReport()
        let redacted = Self.redactor.redact(env, report: &report)
        let values = (redacted.arrayValue ?? []).map { $0["value"]?.stringValue }
        #expect(values == [
            "[REDACTED:password]", "[REDACTED:secret-key]", "[REDACTED:api-key]", "[REDACTED:high-entropy]", "orders-v2",
            "[REDACTED:github-token]", "[REDACTED:aws-access-key]", "debug", "/srv/app", "Bearer [REDACTED:bearer]", nil,
        ])
        #expect(redacted.arrayValue?.last == env.arrayValue?.last)
        #expect(report.total == 7)
    }

    @Test("JSON: Secret data and stringData never pass; keys stay")
    func secretData() {
        let secret: JSON = [
            "kind": "Secret", "type": "Opaque", "metadata": ["name": "db"],
            "data": ["password": "aHVudGVyMg==", "username": "YWRtaW4="], "stringData": ["token": "plain"],
        ]
        var report = RedactionReport()
        let redacted = Self.redactor.redact(secret, report: &report)
        #expect(redacted["data"] == ["password": "[REDACTED:secret-data]", "username": "[REDACTED:secret-data]"])
        #expect(redacted["stringData"] == ["token": "[REDACTED:secret-data]"])
        #expect(redacted["metadata"] == ["name": "db"])
        #expect(report == RedactionReport(counts: [.secretData: 3]))
        // List items carry no kind; a SecretList and Secret-shaped objects are caught too.
        let list: JSON = ["kind": "SecretList", "items": [["metadata": ["name": "a"], "data": ["k": "dg=="]]]]
        #expect(Self.redactor.redact(list)["items"]?.arrayValue?.first?["data"] == ["k": "[REDACTED:secret-data]"])
        let shaped: JSON = ["metadata": ["name": "a"], "type": "kubernetes.io/tls", "data": ["tls.key": "LS0t"]]
        #expect(Self.redactor.redact(shaped)["data"] == ["tls.key": "[REDACTED:secret-data]"])
    }

    @Test("JSON: argv pairs, numbers and arrays under secret names")
    func argvAndScalars() {
        let value: JSON = [
            "args": ["--password", "hunter2", "--verbose", "--token", "--port", "8080", "-p", "5432"],
            "password": 123456, "replicas": 3, "tokens": ["a1", "b2"], "automountServiceAccountToken": false,
        ]
        var report = RedactionReport()
        let redacted = Self.redactor.redact(value, report: &report)
        #expect(redacted["args"] == ["--password", "[REDACTED:password]", "--verbose", "--token", "--port", "8080", "-p", "5432"])
        #expect(redacted["password"] == "[REDACTED:password]")
        #expect(redacted["replicas"] == 3)
        #expect(redacted["tokens"] == ["[REDACTED:secret-key]", "[REDACTED:secret-key]"])
        #expect(redacted["automountServiceAccountToken"] == false)
        #expect(report == RedactionReport(counts: [.password: 2, .secretKey: 2]))
    }

    @Test("JSON: embedded JSON (annotations, structured logs) is redacted as a tree")
    func embeddedJSON() {
        let lastApplied = #"{"spec":{"containers":[{"env":[{"name":"DB_PASS","value":"hunter2"}],"name":"app"}]}}"#
        let value: JSON = ["metadata": ["annotations": ["kubectl.kubernetes.io/last-applied-configuration": .string(lastApplied),
                                                       "plain": "{not json"]]]
        var report = RedactionReport()
        let redacted = Self.redactor.redact(value, report: &report)
        let text = redacted.jsonString()
        #expect(!text.contains("hunter2"))
        #expect(text.contains("DB_PASS"))
        #expect(text.contains("{not json"))
        #expect(report == RedactionReport(counts: [.password: 1]))
        // Unchanged embedded JSON keeps its original formatting.
        let untouched: JSON = ["note": "{ \"a\": 1 }"]
        #expect(Self.redactor.redact(untouched) == untouched)
    }

    @Test("JSON: a private key spread over log lines becomes one marker line")
    func privateKeyAcrossLines() {
        let lines: JSON = [
            "starting", "-----BEGIN PRIVATE KEY-----", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", "L0gPemBodySecondLineAbCdEf012345",
            "-----END PRIVATE KEY-----", "ready",
        ]
        var report = RedactionReport()
        #expect(Self.redactor.redact(lines, report: &report) == ["starting", "[REDACTED:private-key]", "ready"])
        #expect(report == RedactionReport(counts: [.privateKey: 1]))
        // The tail of a log that starts inside a key: the body before END goes too.
        let tail: JSON = ["MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", "L0gPemBodySecondLineAbCdEf012345", "-----END RSA PRIVATE KEY-----", "ok"]
        #expect(Self.redactor.redact(tail) == ["[REDACTED:private-key]", "ok"])
    }

    @Test("JSON: ordinary Kubernetes objects pass unchanged")
    func objectFalsePositives() {
        let pod: JSON = [
            "apiVersion": "v1", "kind": "Pod",
            "metadata": ["name": "web-1", "namespace": "shop", "uid": "3f2b8c1e-9d4a-4b7e-8f21-0c6d5e4a3b2f",
                         "annotations": ["deployment.kubernetes.io/revision": "3", "okik.io/quarantine-reason": "CrashLoopBackOff: 14 restarts"],
                         "ownerReferences": [["kind": "ReplicaSet", "name": "web-7d9f8c6b5", "uid": "0c6d5e4a-3b2f-4b7e-8f21-3f2b8c1e9d4a"]]],
            "spec": [
                "serviceAccountName": "web", "automountServiceAccountToken": false, "imagePullSecrets": [["name": "regcred"]],
                "tolerations": [["key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute"]],
                "containers": [[
                    "name": "app", "image": "registry.example/web:1.0", "args": ["--port=8080", "--log-level=debug"],
                    "env": [["name": "PWD", "value": "/srv"], ["name": "TOKEN_URL", "value": "https://auth.example/token"],
                            ["name": "API_KEY_FILE", "value": "/etc/keys/api"], ["name": "SECRET_NAME", "value": "db"],
                            ["name": "DB_PASSWORD", "valueFrom": ["secretKeyRef": ["name": "db", "key": "password"]]]],
                    "envFrom": [["secretRef": ["name": "db"]]],
                    "resources": ["requests": ["cpu": "100m", "memory": "128Mi"]],
                    "volumeMounts": [["name": "token", "mountPath": "/var/run/secrets/tokens"]],
                ]],
                "volumes": [["name": "creds", "secret": ["secretName": "db-creds"]],
                            ["name": "token", "projected": ["sources": [["serviceAccountToken": ["path": "token", "expirationSeconds": 3600]]]]]],
            ],
            "status": [
                "phase": "Running",
                "containerStatuses": [["name": "app", "imageID": "docker-pullable://registry.example/web@sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945",
                                       "containerID": "containerd://9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b",
                                       "lastState": ["terminated": ["reason": "OOMKilled", "exitCode": 137]]]],
            ],
        ]
        var report = RedactionReport()
        #expect(Self.redactor.redact(pod, report: &report) == pod)
        #expect(report.isEmpty, "\(report)")
    }

    @Test("redaction is idempotent: markers are never redacted again")
    func idempotent() {
        let value: JSON = [
            "env": [["name": "DB_PASS", "value": "hunter2"]], "log": "Authorization: Bearer abc123def456ghi token=x1y2z3",
            "kind": "Secret", "data": ["k": "dg=="], "url": "postgres://a:b@c/d", "args": ["--password", "p4ss"],
        ]
        let once = Self.redactor.redact(value)
        var report = RedactionReport()
        #expect(Self.redactor.redact(once, report: &report) == once)
        #expect(report.isEmpty, "\(report)")
        #expect(RedactionReport(markersIn: once).total == 6)
    }

    @Test("additional secret names extend the rules")
    func additionalNames() {
        let value: JSON = ["ACME_THING": "plain-value", "OTHER_THING": "plain-value"]
        #expect(Redactor(additionalSecretNames: ["Acme"]).redact(value) == ["ACME_THING": "[REDACTED:secret-key]", "OTHER_THING": "plain-value"])
        #expect(Self.redactor.redact(value) == value)
    }

    @Test("reports count, merge, print and round-trip through JSON")
    func reports() {
        var report = RedactionReport(counts: [.bearer: 2, .jwt: 0])
        report.record(.password)
        report.merge(RedactionReport(counts: [.bearer: 1]))
        #expect(report[.bearer] == 3)
        #expect(report.total == 4)
        #expect(report.counts[.jwt] == nil)
        #expect(report.description == "bearer: 3, password: 1")
        #expect(report.json.jsonString() == #"{"bearer":3,"password":1}"#)
        #expect(RedactionReport(json: report.json) == report)
        #expect(RedactionReport().description == "none")
        #expect(RedactionReport(markersInText: "a [REDACTED:jwt] b [REDACTED:nope] [REDACTED:jwt]") == RedactionReport(counts: [.jwt: 2]))
        let encoded = String(decoding: (try? JSONEncoder().encode(report)) ?? Data(), as: UTF8.self)
        #expect(encoded.contains("\"bearer\""))
    }

    @Test("large texts are redacted in one pass")
    func largeText() {
        let line = "ts=2025-06-15T10:00:00Z level=info msg: token=abc123 path=/api/orders status=200 user=alice"
        let text = Array(repeating: line, count: 5_000).joined(separator: "\n")
        let clock = ContinuousClock()
        var report = RedactionReport()
        var redacted = ""
        let elapsed = clock.measure { redacted = Self.redactor.redact(text, report: &report) }
        #expect(report == RedactionReport(counts: [.secretKey: 5_000]))
        #expect(!redacted.contains("abc123"))
        #expect(elapsed < .seconds(10), "\(elapsed) for \(text.utf8.count) bytes")
    }

    // MARK: - Where it is applied

    @Test("textForModel is redacted even for an output that never passed the executor")
    func textForModelAlwaysRedacted() {
        var output = ToolOutput(
            summary: "found token=abc123xyz", data: ["env": [["name": "DB_PASS", "value": "hunter2-db"]]], untrustedContent: true)
        #expect(output.redaction == nil)
        let text = output.textForModel
        #expect(!text.contains("abc123xyz"))
        #expect(!text.contains("hunter2-db"))
        #expect(text.contains("[REDACTED:password]"))
        output = Self.redactor.redact(output)
        #expect(output.redaction == RedactionReport(counts: [.password: 1, .secretKey: 1]))
        output.data = ["added": "password=later-secret"]
        #expect(!output.textForModel.contains("later-secret"))
    }

    @Test("failures and invalid calls are redacted in model text")
    func failureText() {
        let failure = Self.redactor.redact(ToolFailure(TestFailure("upstream said: Authorization: Bearer abc123def456ghi")))
        #expect(failure.message == "upstream said: Authorization: Bearer [REDACTED:bearer]")
    }

    @Test("audit entries are redacted, counted and stamped with the set (memory and SQLite)", arguments: ["memory", "sqlite"])
    func auditCounts(kind: String) async throws {
        let directory = try TemporaryPath()
        let store: any AuditStore = kind == "sqlite" ? try SQLiteAuditStore(path: directory.path) : InMemoryAuditStore()
        let entry = AuditEntry(
            timestamp: Date(timeIntervalSince1970: 1_750_000_000), kind: .outcome, actor: "agent:okik", tool: "x",
            arguments: ["password": "pw-arg-777"], reason: "failed: token=tok-reason-1", summary: "Bearer abc123def456ghi",
            result: ["lines": ["-----BEGIN PRIVATE KEY-----", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", "-----END PRIVATE KEY-----"]])
        #expect(entry.redactions == nil)
        let stored = try await store.append(entry)
        let expected = RedactionReport(counts: [.password: 1, .secretKey: 1, .bearer: 1, .privateKey: 1])
        #expect(stored.redactions == expected)
        #expect(stored.redactionSet == Redactor.setName)
        let read = try await store.entries(AuditQuery()).first
        #expect(read?.redactions == expected)
        #expect(read?.redactionSet == "redactor-v1")
        #expect(read?.summary == "Bearer [REDACTED:bearer]")
        #expect(read?.reason == "failed: token=[REDACTED:secret-key]")
        if kind == "sqlite" {
            let queue = try DatabaseQueue(path: directory.path)
            let row = try queue.read { db in
                try Row.fetchOne(db, sql: "SELECT redaction, redaction_count, redaction_kinds FROM audit_entry")
            }
            #expect(row?["redaction"] as String? == "redactor-v1")
            #expect(row?["redaction_count"] as Int? == 4)
            #expect(row?["redaction_kinds"] as String? == #"{"bearer":1,"password":1,"private-key":1,"secret-key":1}"#)
        }
    }

    @Test("plans are stored redacted: rationale, arguments, previews, results")
    func plansRedacted() async throws {
        let store: any AuditStore = InMemoryAuditStore()
        var step = ActionPlan.Step(
            invocation: ToolInvocation(tool: "quarantine_deployment", arguments: ["reason": "password=plan-pw-1"]),
            package: .quarantine, targets: [])
        step.preview = ActionPlan.Preview(summary: "token=preview-tok-1", data: ["DB_PASS": "preview-pw-2"], error: "Bearer abc123def456ghi")
        let plan = ActionPlan(
            requester: "agent:okik", rationale: "api_key=rationale-key-1", steps: [step], createdAt: Date(),
            expiresAt: Date().addingTimeInterval(60))
        _ = try await store.insertPlan(plan, now: Date())
        let stored = try #require(try await store.plan(id: plan.id))
        let text = String(decoding: try JSONEncoder().encode(stored), as: UTF8.self)
        for secret in ["plan-pw-1", "preview-tok-1", "preview-pw-2", "abc123def456ghi", "rationale-key-1"] {
            #expect(!text.contains(secret), "\(secret) stored")
        }
        #expect(stored.rationale == "api_key=[REDACTED:secret-key]")
    }

    // MARK: - The corpus

    @Test("corpus: no planted secret reaches model text, tool outputs or any audit column")
    func corpus() async throws {
        #expect(RedactionCorpus.all.count >= 50)
        #expect(Set(RedactionCorpus.all.map(\.value)).count == RedactionCorpus.all.count, "planted values are distinct")
        let directory = try TemporaryPath()
        let store = try SQLiteAuditStore(path: directory.path)
        let level4 = GatekeeperConfiguration(level: .l4, rateLimits: .unlimited)
        let (modelTexts, outputs, callIDs) = try await withHarness(level4, store: store) { harness in
            try await RedactionCorpus.plant(harness.simulator, harness.client)
            let raw = try await Self.rawClusterText(harness.client)
            for secret in RedactionCorpus.all {
                let inArguments = [RedactionCorpus.quarantine, RedactionCorpus.invalid, RedactionCorpus.proposed]
                    .contains { $0.arguments.jsonString().contains(secret.value) }
                    || RedactionCorpus.proposedRationale.contains(secret.value)
                // A Secret's stringData is stored base64 in data, as the API server does.
                let encoded = Data(secret.value.utf8).base64EncodedString()
                #expect(raw.contains(secret.value) || raw.contains(encoded) || inArguments, "\(secret) was not planted")
            }
            var modelTexts: [String] = []
            var outputs: [ToolOutput] = []
            var callIDs: [(UUID, Bool, String)] = []
            let executor = harness.executor
            let quarantined = try await executor.execute(RedactionCorpus.quarantine, caller: agent)
            outputs.append(try output(quarantined))
            modelTexts.append(quarantined.textForModel)
            let invalid = try await executor.execute(RedactionCorpus.invalid, caller: agent)
            _ = try inputError(invalid)
            modelTexts.append(invalid.textForModel)
            for (invocation, redacts) in RedactionCorpus.observeCalls {
                let report = try await executor.execute(invocation, caller: agent)
                outputs.append(try output(report))
                modelTexts.append(report.textForModel)
                callIDs.append((report.callID, redacts, invocation.description))
            }
            let proposal = try await executor.approvals.propose(
                [RedactionCorpus.proposed], caller: agent, rationale: RedactionCorpus.proposedRationale)
            let plan = try #require(proposal.plan, "\(proposal.refusals)")
            let approved = try await executor.approvals.approve(plan.id, by: operatorHuman)
            #expect(approved.plan.state == .executed, "\(approved.message)")
            for result in approved.plan.results { modelTexts.append(result.message + (result.data?.jsonString() ?? "")) }
            return (modelTexts, outputs, callIDs)
        }

        // Model text and tool outputs.
        let encoder = JSONEncoder()
        let outputTexts = try outputs.map { output in
            output.summary + output.data.jsonString() + String(decoding: try encoder.encode(output), as: UTF8.self)
        }
        for secret in RedactionCorpus.all {
            for text in modelTexts { #expect(!text.contains(secret.value), "\(secret) reached model text") }
            for text in outputTexts { #expect(!text.contains(secret.value), "\(secret) is in a tool output") }
        }
        let everything = modelTexts.joined(separator: "\n")
        for diagnostic in RedactionCorpus.diagnostics {
            #expect(everything.contains(diagnostic), "\(diagnostic) should stay readable")
        }

        // Every column of every audit row and plan, read back raw, and the database files' bytes.
        let queue = try DatabaseQueue(path: directory.path)
        let (columns, rows) = try queue.read { db in
            var texts: [String] = []
            for table in ["audit_entry", "action_plan"] {
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table)") {
                    for (_, value) in row { texts.append(Self.text(of: value)) }
                }
            }
            let rows = try Row.fetchAll(
                db, sql: "SELECT kind, call_id, redaction, redaction_count, redaction_kinds FROM audit_entry")
            return (texts, rows)
        }
        let files = try [directory.path, directory.path + "-wal"].compactMap { path in
            FileManager.default.fileExists(atPath: path) ? try Data(contentsOf: URL(fileURLWithPath: path)) : nil
        }
        let fileText = files.map { String(decoding: $0, as: UTF8.self) }.joined()
        for secret in RedactionCorpus.all {
            #expect(!columns.contains { $0.contains(secret.value) }, "\(secret) is in an audit row")
            #expect(!fileText.contains(secret.value), "\(secret) is in the database file")
        }

        // Redactions are counted.
        #expect(rows.allSatisfy { $0["redaction"] as String? == Redactor.setName })
        for (callID, redacts, call) in callIDs where redacts {
            let outcome = rows.first { $0["kind"] as String? == "outcome" && $0["call_id"] as String? == callID.uuidString }
            #expect((outcome?["redaction_count"] as Int? ?? 0) > 0, "no redactions counted for \(call)")
        }
        var total = RedactionReport()
        for row in rows {
            if let kinds = row["redaction_kinds"] as String?, let json = try? JSON.parse(Data(kinds.utf8)) {
                total.merge(RedactionReport(json: json))
            }
        }
        let expectedKinds: Set<RedactionKind> = [
            .bearer, .basicAuth, .password, .urlCredentials, .awsAccessKey, .githubToken, .slackToken, .jwt,
            .privateKey, .apiKey, .secretKey, .highEntropy, .secretData,
        ]
        #expect(Set(total.counts.keys) == expectedKinds, "\(total)")
        #expect(total.total >= RedactionCorpus.all.count, "\(total)")
        let decisions = rows.filter { $0["kind"] as String? == "decision" && ($0["redaction_count"] as Int? ?? 0) > 0 }
        #expect(!decisions.isEmpty, "decision rows with redacted arguments are counted")
    }

    /// Everything the cluster holds about the corpus, unredacted, to prove the secrets were planted.
    static func rawClusterText(_ client: KubeClient) async throws -> String {
        let namespace = RedactionCorpus.namespace
        var texts: [String] = []
        func get(_ group: String, _ version: String, _ resource: String, _ name: String, namespaced: Bool = true) async throws {
            let gvr = GroupVersionResource(group: group, version: version, resource: resource)
            texts.append(try await client.dynamic(gvr, namespaced: namespaced, in: .named(namespace)).get(name).json.jsonString())
        }
        try await get("", "v1", "pods", "checkout-1")
        try await get("apps", "v1", "deployments", "checkout")
        try await get("", "v1", "configmaps", "checkout-config")
        try await get("", "v1", "secrets", "checkout-secrets")
        try await get("", "v1", "nodes", "node-1", namespaced: false)
        texts.append(try await client.namespaced(Pod.self, in: .named(namespace)).logs("checkout-1", options: PodLogOptions(container: "app")))
        for event in try await client.namespaced(Event.self, in: .named(namespace)).list().items {
            texts.append(event.message ?? "")
        }
        // Values inside embedded JSON are escaped once more; unescape so they can be found.
        return texts.joined(separator: "\n").replacingOccurrences(of: "\\\"", with: "\"")
    }

    /// A database value as text.
    static func text(of value: DatabaseValue) -> String {
        switch value.storage {
        case .null: ""
        case .int64(let number): "\(number)"
        case .double(let number): "\(number)"
        case .string(let text): text
        case .blob(let data): String(decoding: data, as: UTF8.self)
        }
    }
}
