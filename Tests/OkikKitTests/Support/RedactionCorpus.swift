import Foundation
import OkikKit
import OkikKubeClient
import OkikSimulator

/// One secret planted in the simulated cluster (or in a call's arguments): `value` must never reach model text or
/// the audit.
struct PlantedSecret: Sendable, CustomStringConvertible {
    /// Where it was planted.
    let place: String
    /// The text that must not appear anywhere a model or the audit can see.
    let value: String

    var description: String { "\(place): \(value)" }
}

/// Fake secrets planted across pods (env, args, annotations, container messages), a Deployment, a ConfigMap, a Secret,
/// pod logs, events, a node condition, and the arguments of write, invalid and proposed calls. None is a real
/// credential; each only has the shape of one.
enum RedactionCorpus {
    static let namespace = "payments"

    private static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    // Pod env (pod checkout-1, container app).
    static let openAIKey = PlantedSecret(place: "env OPENAI_KEY", value: "sk-proj-Qw3rTy8UiOp2AsDf5GhJk9LzXc")
    static let dbPass = PlantedSecret(place: "env DB_PASS", value: "Tr0ub4dor-and-3")
    static let databaseURL = PlantedSecret(place: "env DATABASE_URL password", value: "Pg-S3cret-77x")
    static let awsKeyID = PlantedSecret(place: "env AWS_ACCESS_KEY_ID", value: "AKIAQX4EXAMPLE7Z2KQ9")
    static let awsSecret = PlantedSecret(place: "env AWS_SECRET_ACCESS_KEY", value: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY9")
    static let githubPAT = PlantedSecret(place: "env GITHUB_PAT", value: "ghp_R4nd0mT0k3nV4lu3F0rT3st1ngAbCdEf12")
    static let slackToken = PlantedSecret(place: "env SLACK_BOT_TOKEN", value: "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp")
    static let sessionJWT = PlantedSecret(
        place: "env SESSION_JWT", value: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjaGVja291dCJ9.c2lnbmF0dXJlLXNhbXBsZS0x")
    static let stripeKey = PlantedSecret(place: "env STRIPE_KEY", value: "sk_live_51HqLyjWDarjtT1zdp7dcXyz")
    static let redisPassword = PlantedSecret(place: "env REDIS_PASSWORD", value: "redis-pw-4412")
    static let signingKey = PlantedSecret(place: "env SIGNING_KEY", value: "9fK2xQ7mB4nV8cL1zR6tY3wP")
    static let apiToken = PlantedSecret(place: "env API_TOKEN", value: "at-5512-qwerty")
    static let clientSecret = PlantedSecret(place: "env CLIENT_SECRET", value: "cs_7731_zxcv")
    static let hmacSalt = PlantedSecret(place: "env HMAC_SALT", value: "Zq7Lm2Xv9Rt4Bn8Kw3Py")
    static let pgPassword = PlantedSecret(place: "env PGPASSWORD", value: "pgpw-9981")
    static let sentryDSN = PlantedSecret(place: "env SENTRY_DSN key", value: "f00dbabe1234")
    // Container args and command.
    static let tokenArg = PlantedSecret(place: "arg --token=", value: "tok-args-5521")
    static let passwordArgv = PlantedSecret(place: "argv --password X", value: "argv-pass-8823")
    static let dbPasswordArg = PlantedSecret(place: "arg --db-password=", value: "dbp-args-1177")
    static let shellAPIKey = PlantedSecret(place: "command sh -c '--api-key X'", value: "sh-key-6612")
    static let clientSecretArgv = PlantedSecret(place: "argv --client-secret X", value: "csa-0098")
    // Pod annotations.
    static let annotationBearer = PlantedSecret(place: "annotation Bearer", value: "bt-annot-6H2k9Lq1Zx")
    static let annotationBasic = PlantedSecret(place: "annotation Basic", value: base64("deploy:reg-pass-5531"))
    static let annotationToken = PlantedSecret(place: "annotation api-token", value: "annot-tok-7781")
    static let annotationURL = PlantedSecret(place: "annotation URL userinfo", value: "cb-pass-3390")
    static let annotationJSON = PlantedSecret(place: "annotation embedded JSON", value: "snap-pw-2290")
    // Container status messages.
    static let terminatedMessage = PlantedSecret(place: "terminated message URL", value: "term-pw-6671")
    static let waitingMessage = PlantedSecret(place: "waiting message api_key=", value: "wait-key-Zq81x9Lm")
    // ConfigMap checkout-config.
    static let configProperties = PlantedSecret(place: "ConfigMap .properties password=", value: "cm-props-pw-1290")
    static let configYAML = PlantedSecret(place: "ConfigMap YAML password:", value: "cm-yaml-pw-4471")
    static let configJSON = PlantedSecret(place: "ConfigMap JSON apiKey", value: "cm-json-key-7712")
    static let configToken = PlantedSecret(place: "ConfigMap API_TOKEN", value: "cm-token-0091")
    static let configPEM = PlantedSecret(place: "ConfigMap tls.key PEM body", value: "MIIEpAIBAAKCAQEAcmPemBodyLine1xyz")
    static let configEnvFile = PlantedSecret(place: "ConfigMap .env STRIPE_SECRET=", value: "cm-env-stripe-5561")
    static let configGitHub = PlantedSecret(place: "ConfigMap GITHUB_TOKEN", value: "gho_CmG1tHubT0k3nAbCdEfGhIjKlMnOpQrSt")
    // Secret checkout-secrets.
    static let secretPassword = PlantedSecret(place: "Secret data password", value: base64("sec-data-pw-8812"))
    static let secretAPIKey = PlantedSecret(place: "Secret data api-key", value: base64("sec-data-key-2231"))
    static let secretStringToken = PlantedSecret(place: "Secret stringData token", value: "sec-string-tok-3320")
    static let secretTLSKey = PlantedSecret(
        place: "Secret data tls.key", value: base64("-----BEGIN EC PRIVATE KEY-----\nsecretTlsKeyBody\n-----END EC PRIVATE KEY-----"))
    // Pod logs.
    static let logBearer = PlantedSecret(place: "log Authorization: Bearer", value: "log-bearer-9Xk2Lm7Qp1")
    static let logPassword = PlantedSecret(place: "log password=", value: "log-pw-5521x")
    static let logAPIKey = PlantedSecret(place: "log api_key=", value: "log-apikey-Hq28Zx")
    static let logURL = PlantedSecret(place: "log URL userinfo", value: "log-url-pw-7731")
    static let logJWT = PlantedSecret(
        place: "log JWT", value: "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJsb2cifQ.bG9nLXNpZ25hdHVyZS05OQ")
    static let logAWS = PlantedSecret(place: "log AWS key id", value: "AKIAL0GSECRET1234567")
    static let logPEMFirst = PlantedSecret(place: "log PEM line 1", value: "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC")
    static let logPEMSecond = PlantedSecret(place: "log PEM line 2", value: "L0gPemBodySecondLineAbCdEf012345")
    static let logSlack = PlantedSecret(place: "log Slack token", value: "xoxp-2222222222-3333333333-LogSlackTok")
    static let logJSON = PlantedSecret(place: "log JSON password", value: "log-json-pw-6610")
    static let logEnv = PlantedSecret(place: "log DB_PASS=", value: "log-env-pw-3381")
    static let logGitHub = PlantedSecret(place: "log github_pat_", value: "github_pat_11ABCDEFG0LogPatValue_xyz12345")
    static let logAnthropic = PlantedSecret(place: "log sk-ant- key", value: "sk-ant-api03-LogAnthropicKey0123456789abcd")
    // Events.
    static let eventBasic = PlantedSecret(place: "event Basic", value: base64("event:evt-pw-7732"))
    static let eventBearer = PlantedSecret(place: "event Bearer", value: "evt-bearer-5Tq8Wm3Zr0")
    static let eventToken = PlantedSecret(place: "event token=", value: "evt-tok-1182")
    static let eventSlackHook = PlantedSecret(place: "event Slack webhook", value: "T000EVT/B000EVT/evtSlackHook123")
    // Node condition.
    static let nodeToken = PlantedSecret(place: "node condition token=", value: "node-boot-tok-4410")
    // Deployment checkout.
    static let deploymentKey = PlantedSecret(place: "Deployment env ENCRYPTION_KEY", value: "Xk29fLq81ZmW4vBn7TyR")
    static let lastApplied = PlantedSecret(place: "Deployment last-applied-configuration", value: "lastapplied-pw-4477")
    static let deploymentArg = PlantedSecret(place: "Deployment arg --password=", value: "dep-args-pw-2214")
    static let probeHeader = PlantedSecret(place: "Deployment probe header X-Api-Key", value: "probe-hdr-key-5590")
    // Call arguments.
    static let quarantineReason = PlantedSecret(place: "quarantine reason argument", value: "quar-pw-8890")
    static let invalidArgument = PlantedSecret(place: "invalid call argument apiToken", value: "inv-arg-tok-5567")
    static let planReason = PlantedSecret(place: "proposed plan argument Bearer", value: "plan-bearer-Zx81Lq92x")
    static let planRationale = PlantedSecret(place: "proposed plan rationale token=", value: "plan-rat-tok-3344")

    /// Every planted secret.
    static let all: [PlantedSecret] = [
        openAIKey, dbPass, databaseURL, awsKeyID, awsSecret, githubPAT, slackToken, sessionJWT, stripeKey, redisPassword,
        signingKey, apiToken, clientSecret, hmacSalt, pgPassword, sentryDSN, tokenArg, passwordArgv, dbPasswordArg, shellAPIKey,
        clientSecretArgv, annotationBearer, annotationBasic, annotationToken, annotationURL, annotationJSON,
        terminatedMessage, waitingMessage, configProperties, configYAML, configJSON, configToken, configPEM,
        configEnvFile, configGitHub, secretPassword, secretAPIKey, secretStringToken, secretTLSKey, logBearer,
        logPassword, logAPIKey, logURL, logJWT, logAWS, logPEMFirst, logPEMSecond, logSlack, logJSON, logEnv, logGitHub,
        logAnthropic,
        eventBasic, eventBearer, eventToken, eventSlackHook, nodeToken, deploymentKey, lastApplied, deploymentArg,
        probeHeader, quarantineReason, invalidArgument, planReason, planRationale,
    ]

    /// Ordinary diagnostics planted next to the secrets, which must stay readable in model text.
    static let diagnostics = [
        "starting checkout v2.3.1 on port 8080", "GET /healthz 200 1.2ms", "OOMKilled: memory limit 512Mi exceeded",
        "registry.example/checkout:2.3.1", "checkout-1", "--log-level=debug", "--port=8080", "eu-west-1",
        "/srv/checkout", "checkout-secrets", "regcred", "postgres://checkout:", "db.payments.svc",
        "CreateContainerConfigError", "KubeletConfigError", "512Mi", "Authorization: Bearer [REDACTED:bearer]",
    ]

    /// The observe calls that show the planted secrets, with whether each result must carry redactions.
    static let observeCalls: [(invocation: ToolInvocation, redacts: Bool)] = [
        (ToolInvocation(tool: "describe_resource", arguments: ["kind": "Pod", "namespace": .string(namespace), "name": "checkout-1"]), true),
        (ToolInvocation(tool: "describe_resource", arguments: ["kind": "Deployment", "namespace": .string(namespace), "name": "checkout"]), true),
        (ToolInvocation(tool: "describe_resource", arguments: ["kind": "ConfigMap", "namespace": .string(namespace), "name": "checkout-config"]), true),
        (ToolInvocation(tool: "describe_resource", arguments: ["kind": "Secret", "namespace": .string(namespace), "name": "checkout-secrets"]), true),
        (ToolInvocation(tool: "get_pod_logs", arguments: ["namespace": .string(namespace), "pod": "checkout-1", "container": "app"]), true),
        (ToolInvocation(tool: "get_events", arguments: ["namespace": .string(namespace)]), true),
        (ToolInvocation(tool: "get_container_statuses", arguments: ["namespace": .string(namespace), "pod": "checkout-1"]), true),
        (ToolInvocation(tool: "get_node_conditions", arguments: [:]), true),
        (ToolInvocation(tool: "list_quarantined", arguments: ["namespace": .string(namespace)]), true),
        (ToolInvocation(tool: "get_pods", arguments: ["namespace": .string(namespace)]), false),
        (ToolInvocation(tool: "get_deployments", arguments: ["namespace": .string(namespace)]), false),
    ]

    /// The quarantine call whose reason holds a secret (run before the observe calls, so `list_quarantined` shows it).
    static let quarantine = ToolInvocation(tool: "quarantine_deployment", arguments: [
        "namespace": .string(namespace), "name": "checkout",
        "reason": .string("leaked creds, rotating password=\(quarantineReason.value)"),
    ])
    /// A call refused as invalid, with a secret in an unknown argument.
    static let invalid = ToolInvocation(tool: "get_pods", arguments: [
        "namespace": .string(namespace), "apiToken": .string(invalidArgument.value),
    ])
    /// A proposed plan with secrets in an argument and in the rationale.
    static let proposed = ToolInvocation(tool: "quarantine_deployment", arguments: [
        "namespace": .string(namespace), "name": "ledger",
        "reason": .string("Authorization: Bearer \(planReason.value)"),
    ])
    static let proposedRationale = "rotate: token=\(planRationale.value)"

    // MARK: - Planting

    /// Plants everything in a simulator seeded with the `shop` fixture.
    static func plant(_ simulator: Simulator, _ client: KubeClient) async throws {
        _ = try await client.clusterScoped(Namespace.self).create(Namespace(metadata: ObjectMeta(name: namespace)))
        func create(_ gvr: GroupVersionResource, _ json: JSON) async throws {
            _ = try await client.dynamic(gvr, namespaced: true, in: .named(namespace)).create(UnstructuredObject(json))
        }
        try await create(GroupVersionResource(group: "", version: "v1", resource: "pods"), pod)
        _ = try await client.namespaced(Pod.self, in: .named(namespace)).patchStatus("checkout-1", .merge(["status": [
            "phase": "Running",
            "containerStatuses": [
                ["name": "app", "ready": false, "restartCount": 3, "image": "registry.example/checkout:2.3.1",
                 "state": ["terminated": [
                    "reason": "Error", "exitCode": 1,
                    "message": .string("panic: dial postgres://svc:\(terminatedMessage.value)@db:5432 failed"),
                 ]]],
                ["name": "sidecar", "ready": false, "restartCount": 0, "image": "registry.example/proxy:2.0",
                 "state": ["waiting": [
                    "reason": "CreateContainerConfigError", "message": .string("Error: invalid api_key=\(waitingMessage.value)"),
                 ]]],
            ],
        ]]))
        let deployments = GroupVersionResource(group: "apps", version: "v1", resource: "deployments")
        try await create(deployments, deployment)
        try await create(deployments, [
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "ledger", "namespace": .string(namespace)],
            "spec": ["replicas": 2, "selector": ["matchLabels": ["app": "ledger"]],
                     "template": ["metadata": ["labels": ["app": "ledger"]],
                                  "spec": ["containers": [["name": "ledger", "image": "registry.example/ledger:1.0"]]]]],
        ])
        try await create(GroupVersionResource(group: "", version: "v1", resource: "configmaps"), configMap)
        try await create(GroupVersionResource(group: "", version: "v1", resource: "secrets"), [
            "apiVersion": "v1", "kind": "Secret", "type": "Opaque",
            "metadata": ["name": "checkout-secrets", "namespace": .string(namespace)],
            "data": ["password": .string(secretPassword.value), "api-key": .string(secretAPIKey.value),
                     "tls.key": .string(secretTLSKey.value)],
            "stringData": ["token": .string(secretStringToken.value)],
        ])
        simulator.logs.append(logLines, to: PodLogStore.Key(namespace: namespace, pod: "checkout-1", container: "app"))
        let events = client.namespaced(Event.self, in: .named(namespace))
        let messages = [
            ("Failed", "Warning", "Failed to pull image \"registry.example/checkout:2.3.1\": unauthorized: Basic \(eventBasic.value)"),
            ("Unhealthy", "Warning", "Liveness probe failed with Authorization: Bearer \(eventBearer.value)"),
            ("BackOff", "Warning", "Back-off restarting failed container: token=\(eventToken.value)"),
            ("Notified", "Normal", "sent to https://hooks.slack.com/services/\(eventSlackHook.value)"),
        ]
        for (index, (reason, type, message)) in messages.enumerated() {
            _ = try await events.create(Event(
                metadata: ObjectMeta(name: "checkout-1.\(index)", namespace: namespace),
                involvedObject: ObjectReference(kind: "Pod", namespace: namespace, name: "checkout-1"),
                reason: reason, message: message, type: type, count: 1,
                lastTimestamp: Timestamp(Date(timeIntervalSince1970: 1_750_000_000 + Double(index)))))
        }
        _ = try await client.clusterScoped(Node.self).patchStatus("node-1", .merge(["status": [
            "conditions": [
                ["type": "Ready", "status": "True", "reason": "KubeletReady"],
                ["type": "MemoryPressure", "status": "True", "reason": "KubeletHasInsufficientMemory", "message": "memory low"],
                ["type": "DiskPressure", "status": "True", "reason": "KubeletConfigError",
                 "message": .string("kubelet config: bootstrap token=\(nodeToken.value)")],
            ],
        ]]))
    }

    static var pod: JSON {
        [
            "apiVersion": "v1", "kind": "Pod",
            "metadata": [
                "name": "checkout-1", "namespace": .string(namespace), "labels": ["app": "checkout"],
                "annotations": [
                    "example.com/webhook": .string("Authorization: Bearer \(annotationBearer.value)"),
                    "example.com/registry-auth": .string("Basic \(annotationBasic.value)"),
                    "example.com/api-token": .string(annotationToken.value),
                    "example.com/callback": .string("https://hook:\(annotationURL.value)@callbacks.example.com/notify"),
                    "example.com/config-snapshot": .string("{\"password\":\"\(annotationJSON.value)\",\"retries\":3}"),
                    "deployment.kubernetes.io/revision": "3",
                ],
            ],
            "spec": [
                "nodeName": "node-1", "serviceAccountName": "checkout", "automountServiceAccountToken": false,
                "imagePullSecrets": [["name": "regcred"]],
                "containers": [
                    [
                        "name": "app", "image": "registry.example/checkout:2.3.1",
                        "command": ["sh", "-c", .string("exec server --api-key \(shellAPIKey.value) --port 8080")],
                        "args": [.string("--token=\(tokenArg.value)"), "--password", .string(passwordArgv.value),
                                 .string("--db-password=\(dbPasswordArg.value)"), "--client-secret",
                                 .string(clientSecretArgv.value), "--log-level=debug", "--port=8080"],
                        "env": [
                            ["name": "OPENAI_KEY", "value": .string(openAIKey.value)],
                            ["name": "DB_PASS", "value": .string(dbPass.value)],
                            ["name": "DATABASE_URL", "value": .string("postgres://checkout:\(databaseURL.value)@db.payments.svc:5432/orders")],
                            ["name": "AWS_ACCESS_KEY_ID", "value": .string(awsKeyID.value)],
                            ["name": "AWS_SECRET_ACCESS_KEY", "value": .string(awsSecret.value)],
                            ["name": "GITHUB_PAT", "value": .string(githubPAT.value)],
                            ["name": "SLACK_BOT_TOKEN", "value": .string(slackToken.value)],
                            ["name": "SESSION_JWT", "value": .string(sessionJWT.value)],
                            ["name": "STRIPE_KEY", "value": .string(stripeKey.value)],
                            ["name": "REDIS_PASSWORD", "value": .string(redisPassword.value)],
                            ["name": "SIGNING_KEY", "value": .string(signingKey.value)],
                            ["name": "API_TOKEN", "value": .string(apiToken.value)],
                            ["name": "CLIENT_SECRET", "value": .string(clientSecret.value)],
                            ["name": "HMAC_SALT", "value": .string(hmacSalt.value)],
                            ["name": "PGPASSWORD", "value": .string(pgPassword.value)],
                            ["name": "SENTRY_DSN", "value": .string("https://\(sentryDSN.value)@o123.ingest.sentry.io/42")],
                            ["name": "AWS_REGION", "value": "eu-west-1"],
                            ["name": "PWD", "value": "/srv/checkout"],
                            ["name": "DB_PASSWORD_FROM_SECRET", "valueFrom": ["secretKeyRef": ["name": "checkout-secrets", "key": "password"]]],
                        ],
                        "envFrom": [["secretRef": ["name": "checkout-secrets"]]],
                        "resources": ["requests": ["cpu": "250m", "memory": "256Mi"], "limits": ["cpu": "1", "memory": "512Mi"]],
                    ],
                    ["name": "sidecar", "image": "registry.example/proxy:2.0"],
                ],
                "volumes": [["name": "tls", "secret": ["secretName": "checkout-secrets"]]],
            ],
        ]
    }

    static var deployment: JSON {
        let lastApplied: JSON = [
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "checkout"],
            "spec": ["template": ["spec": ["containers": [
                ["name": "app", "env": [["name": "DB_PASS", "value": .string(Self.lastApplied.value)]]],
            ]]]],
        ]
        return [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": [
                "name": "checkout", "namespace": .string(namespace), "labels": ["app": "checkout"],
                "annotations": ["kubectl.kubernetes.io/last-applied-configuration": .string(lastApplied.jsonString())],
            ],
            "spec": [
                "replicas": 3, "selector": ["matchLabels": ["app": "checkout"]],
                "template": [
                    "metadata": ["labels": ["app": "checkout"]],
                    "spec": ["containers": [[
                        "name": "app", "image": "registry.example/checkout:2.3.1",
                        "args": [.string("--password=\(deploymentArg.value)"), "--port=8080"],
                        "env": [["name": "ENCRYPTION_KEY", "value": .string(deploymentKey.value)]],
                        "readinessProbe": ["httpGet": [
                            "path": "/ready", "port": 8080,
                            "httpHeaders": [["name": "X-Api-Key", "value": .string(probeHeader.value)]],
                        ]],
                    ]]],
                ],
            ],
        ]
    }

    static var configMap: JSON {
        [
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": ["name": "checkout-config", "namespace": .string(namespace)],
            "data": [
                "application.properties": .string("spring.datasource.password=\(configProperties.value)\nserver.port=8080"),
                "config.yaml": .string("db:\n  host: db.payments.svc\n  password: \(configYAML.value)\n  pool: 10\n"),
                "settings.json": .string("{\"apiKey\": \"\(configJSON.value)\", \"timeout\": 30}"),
                "API_TOKEN": .string(configToken.value),
                "tls.key": .string("-----BEGIN RSA PRIVATE KEY-----\n\(configPEM.value)\nAnotherBodyLineOfTheKey0987\n-----END RSA PRIVATE KEY-----\n"),
                ".env": .string("STRIPE_SECRET=\(configEnvFile.value)\nLOG_LEVEL=debug"),
                "GITHUB_TOKEN": .string(configGitHub.value),
                "LOG_LEVEL": "debug",
            ],
        ]
    }

    static var logLines: [String] {
        [
            "starting checkout v2.3.1 on port 8080",
            "GET /api/orders Authorization: Bearer \(logBearer.value)",
            "connecting with password=\(logPassword.value)",
            "config loaded api_key=\(logAPIKey.value)",
            "retrying https://deploy:\(logURL.value)@git.example.com/repo.git",
            "token refreshed: \(logJWT.value)",
            "aws creds \(logAWS.value)",
            "-----BEGIN PRIVATE KEY-----",
            logPEMFirst.value,
            logPEMSecond.value,
            "-----END PRIVATE KEY-----",
            "slack notify \(logSlack.value)",
            "{\"level\":\"info\",\"msg\":\"login\",\"password\":\"\(logJSON.value)\"}",
            "DB_PASS=\(logEnv.value) exported",
            "cloning with \(logGitHub.value)",
            "LLM client using \(logAnthropic.value)",
            "GET /healthz 200 1.2ms",
            "OOMKilled: memory limit 512Mi exceeded",
        ]
    }
}
