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

/// Plugins that hang, ignore SIGTERM, or leave a process holding their output: the runner must stop them (the whole
/// process group), report a clear error quickly, and leave nothing running.
@Suite("Exec plugins that misbehave", .timeLimit(.minutes(2)))
struct MisbehavingExecPluginTests {
    static let cluster = Cluster(server: "https://127.0.0.1:6443")
    static let validCredential =
        #"{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t0k"}}"#

    /// A runner for `script` (written to the temporary directory) with a short timeout and grace.
    static func plugin(_ dir: TemporaryDirectory, _ script: String, timeout: Duration = .seconds(1))
        throws -> ExecCredentialPlugin
    {
        let path = try dir.write("bin/plugin", "#!/bin/sh\n" + script + "\n", executable: true)
        return ExecCredentialPlugin(
            config: ExecConfig(apiVersion: "client.authentication.k8s.io/v1", command: path, interactiveMode: "Never"),
            cluster: cluster, environment: ["STATE": dir.path, "PATH": "/usr/bin:/bin"], timeout: timeout,
            terminationGrace: .milliseconds(300))
    }

    /// The process ids a plugin wrote into `names` (files in the temporary directory).
    static func pids(_ dir: TemporaryDirectory, _ names: [String]) throws -> [pid_t] {
        try names.map { name in
            let text = try dir.read(name).trimmingCharacters(in: .whitespacesAndNewlines)
            return try #require(pid_t(text), "\(name) holds \(text)")
        }
    }

    @Test("a plugin that ignores SIGTERM and sleeps is stopped at the timeout, with its child")
    func ignoresTerm() async throws {
        let dir = try TemporaryDirectory()
        let plugin = try Self.plugin(
            dir,
            """
            trap '' TERM
            echo $$ > "$STATE/pid"
            sleep 1000 &
            echo $! > "$STATE/child"
            wait
            """)
        let started = ContinuousClock.now
        let error = try await #require(throws: KubeError.self) { try await plugin.run() }
        let elapsed = started.duration(to: .now)
        #expect(error.code == .credentials)
        #expect(error.message.contains("timed out after 1 s"), "\(error.message)")
        #expect(error.message.contains("stopped"), "\(error.message)")
        // Timeout 1 s + grace 0.3 s, so about 1.3 s; generous for a loaded machine.
        #expect(elapsed < .seconds(10), "reported after \(elapsed)")
        for pid in try Self.pids(dir, ["pid", "child"]) {
            #expect(await processGone(pid), "process \(pid) is still running")
        }
    }

    @Test("a plugin that prints credentials and exits while a child holds its stdout succeeds at once")
    func childHoldsOutputAfterSuccess() async throws {
        let dir = try TemporaryDirectory()
        let plugin = try Self.plugin(
            dir,
            """
            sleep 1000 &
            echo $! > "$STATE/child"
            printf '%s' '\(Self.validCredential)'
            exit 0
            """, timeout: .seconds(30))
        let started = ContinuousClock.now
        let credential = try await plugin.run()
        let elapsed = started.duration(to: .now)
        #expect(credential.token == "t0k")
        #expect(elapsed < .seconds(10), "reported after \(elapsed), the timeout is 30 s")
        for pid in try Self.pids(dir, ["child"]) {
            #expect(await processGone(pid), "process \(pid) is still running")
        }
    }

    @Test("a plugin that prints nothing and exits while a child holds its stdout fails clearly")
    func childHoldsOutputAfterFailure() async throws {
        let dir = try TemporaryDirectory()
        let plugin = try Self.plugin(
            dir,
            """
            sleep 1000 &
            echo $! > "$STATE/child"
            echo "no session" >&2
            exit 0
            """, timeout: .seconds(30))
        let started = ContinuousClock.now
        let error = try await #require(throws: KubeError.self) { try await plugin.run() }
        let elapsed = started.duration(to: .now)
        #expect(error.code == .credentials)
        #expect(error.message.contains("not JSON"), "\(error.message)")
        #expect(error.message.contains("kept its standard output open"), "\(error.message)")
        #expect(elapsed < .seconds(10), "reported after \(elapsed), the timeout is 30 s")
        for pid in try Self.pids(dir, ["child"]) {
            #expect(await processGone(pid), "process \(pid) is still running")
        }
    }

    @Test("a plugin that hangs without output is stopped at the timeout")
    func hangsSilently() async throws {
        let dir = try TemporaryDirectory()
        let plugin = try Self.plugin(dir, "echo $$ > \"$STATE/pid\"\nexec sleep 1000")
        let started = ContinuousClock.now
        let error = try await #require(throws: KubeError.self) { try await plugin.run() }
        #expect(error.message.contains("timed out"), "\(error.message)")
        #expect(started.duration(to: .now) < .seconds(10))
        for pid in try Self.pids(dir, ["pid"]) {
            #expect(await processGone(pid), "process \(pid) is still running")
        }
    }

    @Test("the plugin starts with no blocked and no ignored signals")
    func cleanSignalState() async throws {
        guard FileManager.default.fileExists(atPath: "/proc/self/status") else { return }  // Linux only
        // This process ignores SIGPIPE (NIO does it, servers do it): without the reset the plugin would too.
        signal(SIGPIPE, SIG_IGN)
        let dir = try TemporaryDirectory()
        let plugin = try Self.plugin(
            dir,
            """
            grep -E '^Sig(Blk|Ign):' /proc/self/status > "$STATE/signals"
            printf '%s' '\(Self.validCredential)'
            """, timeout: .seconds(30))
        _ = try await plugin.run()
        let text = try dir.read("signals")
        let masks = text.split(separator: "\n").map { UInt64($0.split(separator: "\t").last ?? "", radix: 16) }
        // glibc ignores its internal signals 32 and 33 in every child it spawns; no program can use them.
        let glibcInternal: UInt64 = 1 << 31 | 1 << 32
        #expect(masks.map { $0.map { $0 & ~glibcInternal } } == [0, 0], "\(text)")
    }

    @Test("the plugin inherits no descriptor of OKIK's beyond stdin, stdout and stderr")
    func noInheritedDescriptors() async throws {
        guard FileManager.default.fileExists(atPath: "/proc/self/fd") else { return }  // Linux only
        let dir = try TemporaryDirectory()
        let marker = try dir.write("marker", "x")
        let fd = open(marker, O_RDONLY)  // without O_CLOEXEC, as Foundation opens files
        try #require(fd >= 0)
        defer { close(fd) }
        let plugin = try Self.plugin(
            dir,
            """
            readlink /proc/$$/fd/\(fd) > "$STATE/inherited" || true
            printf '%s' '\(Self.validCredential)'
            """, timeout: .seconds(30))
        _ = try await plugin.run()
        #expect(try dir.read("inherited").trimmingCharacters(in: .whitespacesAndNewlines) != marker)
    }

    @Test("cancelling the task stops the plugin")
    func cancellation() async throws {
        let dir = try TemporaryDirectory()
        let plugin = try Self.plugin(dir, "trap '' TERM\necho $$ > \"$STATE/pid\"\nsleep 1000", timeout: .seconds(60))
        let task = Task { try await plugin.run() }
        for _ in 0..<1000 where (try? dir.read("pid")) == nil { try await Task.sleep(for: .milliseconds(10)) }
        let started = ContinuousClock.now
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(started.duration(to: .now) < .seconds(10))
        for pid in try Self.pids(dir, ["pid"]) {
            #expect(await processGone(pid), "process \(pid) is still running")
        }
    }
}

/// True when `pid` no longer runs: it does not exist, or it is a zombie waiting for a parent that does not reap
/// (an orphan's new parent may be a PID 1 that never reaps). Waits up to 5 s for the kernel to finish a kill.
func processGone(_ pid: pid_t) async -> Bool {
    for _ in 0..<100 {
        if kill(pid, 0) != 0 && errno == ESRCH { return true }
        if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")"),
            stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
        {
            return true
        }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return false
}
