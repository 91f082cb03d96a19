import Foundation
import OkikKubeClient
import OkikSimulator
import Testing

@Suite("Exec credential plugins")
struct ExecPluginTests {
    /// A plugin that counts its runs, records its input, and prints a token with the given expiry.
    @discardableResult
    static func plugin(in dir: TemporaryDirectory, apiVersion: String = "client.authentication.k8s.io/v1") throws -> String {
        try dir.write(
            "bin/get-token",
            """
            #!/bin/sh
            n=$(cat "$STATE/count" 2>/dev/null || echo 0)
            echo $((n+1)) > "$STATE/count"
            echo "$KUBERNETES_EXEC_INFO" > "$STATE/info"
            echo "$PROFILE $*" > "$STATE/args"
            if [ -n "$FAIL" ]; then echo "boom: $FAIL" >&2; exit 3; fi
            if [ -n "$GARBAGE" ]; then echo "<html>"; exit 0; fi
            printf '{"apiVersion":"\(apiVersion)","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"%s"}}' "$TOKEN" "$EXPIRY"

            """, executable: true)
    }

    static func kubeconfig(
        _ dir: TemporaryDirectory, server: String, env: [String: String], apiVersion: String = "client.authentication.k8s.io/v1",
        command: String = "./bin/get-token", hint: String = "install get-token from the platform team"
    ) throws -> KubeConfig {
        let envYAML = env.sorted { $0.key < $1.key }.map { "        - {name: \($0.key), value: \"\($0.value)\"}" }.joined(separator: "\n")
        let path = try dir.write(
            "kubeconfig.yaml",
            """
            apiVersion: v1
            kind: Config
            current-context: c
            clusters:
            - name: sim
              cluster: {server: "\(server)"}
            users:
            - name: exec
              user:
                exec:
                  apiVersion: \(apiVersion)
                  command: \(command)
                  args: ["--cluster", "sim"]
                  installHint: \(hint)
                  provideClusterInfo: true
                  interactiveMode: Never
                  env:
            \(envYAML)
            contexts:
            - name: c
              context: {cluster: sim, user: exec}

            """)
        return try KubeConfig.load(from: path)
    }

    @Test func tokenIsCachedUntilItExpires() async throws {
        let dir = try TemporaryDirectory()
        try Self.plugin(in: dir)
        let simulator = try await Simulator.start(
            SimulatorConfiguration(authentication: AuthenticationConfiguration(tokens: ["plugin-token": "eks-user"])),
            logger: testLogger)
        defer { Task { await simulator.stop() } }
        let env = ["STATE": dir.path, "PROFILE": "prod", "TOKEN": "plugin-token", "EXPIRY": "2099-01-01T00:00:00Z"]
        let client = try KubeClient(
            config: try Self.kubeconfig(dir, server: simulator.serverURL, env: env), configuration: fastRetries,
            logger: testLogger)
        _ = try await client.namespaced(ConfigMap.self).list()
        _ = try await client.namespaced(ConfigMap.self).list()
        #expect(try dir.read("count").trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        #expect(try dir.read("args").trimmingCharacters(in: .whitespacesAndNewlines) == "prod --cluster sim")
        let info = try JSONValue.parse(Data(try dir.read("info").utf8))
        #expect(info["kind"] == "ExecCredential")
        #expect(info.value(at: ["spec", "interactive"]) == false)
        #expect(info.value(at: ["spec", "cluster", "server"])?.stringValue == simulator.serverURL)
        try await client.shutdown()
    }

    @Test func expiredCredentialsAreFetchedAgain() async throws {
        let dir = try TemporaryDirectory()
        try Self.plugin(in: dir, apiVersion: "client.authentication.k8s.io/v1beta1")
        let simulator = try await Simulator.start(
            SimulatorConfiguration(authentication: AuthenticationConfiguration(tokens: ["t": "u"])), logger: testLogger)
        defer { Task { await simulator.stop() } }
        let env = ["STATE": dir.path, "TOKEN": "t", "EXPIRY": "2000-01-01T00:00:00Z"]
        let client = try KubeClient(
            config: try Self.kubeconfig(dir, server: simulator.serverURL, env: env, apiVersion: "client.authentication.k8s.io/v1beta1"),
            configuration: fastRetries, logger: testLogger)
        for _ in 0..<3 { _ = try await client.namespaced(ConfigMap.self).list() }
        #expect(try dir.read("count").trimmingCharacters(in: .whitespacesAndNewlines) == "3")
        try await client.shutdown()
    }

    @Test func pluginFailuresAreClear() async throws {
        let dir = try TemporaryDirectory()
        try Self.plugin(in: dir)
        func failure(_ env: [String: String], command: String = "./bin/get-token", apiVersion: String = "client.authentication.k8s.io/v1") async throws -> KubeError {
            let client = try KubeClient(
                config: try Self.kubeconfig(dir, server: "http://127.0.0.1:1", env: env, apiVersion: apiVersion, command: command),
                configuration: fastRetries, logger: testLogger)
            defer { Task { try await client.shutdown() } }
            return try await #require(throws: KubeError.self) { try await client.serverVersion() }
        }
        let exitError = try await failure(["STATE": dir.path, "FAIL": "no credentials for profile"])
        #expect(exitError.code == .credentials)
        #expect(exitError.message.contains("exited with status 3: boom: no credentials for profile"))

        let missing = try await failure(["STATE": dir.path], command: "okik-no-such-plugin")
        #expect(missing.message.contains("\"okik-no-such-plugin\" was not found"))
        #expect(missing.message.contains("install get-token from the platform team"))

        let garbage = try await failure(["STATE": dir.path, "GARBAGE": "1"])
        #expect(garbage.message.contains("not JSON"))

        // The plugin answers v1 while the kubeconfig asks for v1beta1.
        let mismatch = try await failure(
            ["STATE": dir.path, "TOKEN": "t", "EXPIRY": "2099-01-01T00:00:00Z"], apiVersion: "client.authentication.k8s.io/v1beta1")
        #expect(mismatch.message.contains("returned apiVersion \"client.authentication.k8s.io/v1\""))
    }
}
