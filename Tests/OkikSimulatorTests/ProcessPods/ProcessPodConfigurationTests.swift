import OkikKubeClient
@testable import OkikSimulator
import Testing

/// Which images run as processes, and how a process container's arguments and values are rewritten.
@Suite("Process pod configuration")
struct ProcessPodConfigurationTests {
    @Test(arguments: [
        ("okik-server", true), ("okik-server:0.1.0", true), ("registry/x/okik-server:1", true),
        ("registry:5000/okik-server@sha256:abc", true), ("okik-server-extra:1", false), ("nginx:1.27", false),
    ])
    func anImageMatchesByNameWithoutTag(image: String, matches: Bool) {
        let configuration = ProcessPodConfiguration(executables: ["okik-server": "/bin/okik-server"])
        #expect((configuration.executable(forImage: image) != nil) == matches)
    }

    @Test func aRepositoryKeyMatchesThatRepositoryOnly() {
        let configuration = ProcessPodConfiguration(executables: ["ghcr.io/okik/okik-server": "/bin/okik-server"])
        #expect(configuration.executable(forImage: "ghcr.io/okik/okik-server:2") == "/bin/okik-server")
        #expect(configuration.executable(forImage: "okik-server:2") == nil)
    }

    @Test func theDefaultRunsNothingAsAProcess() {
        #expect(SimulatorConfiguration().processPods.executables.isEmpty)
        #expect(ProcessPodConfiguration.none.executable(forImage: "okik-server") == nil)
    }

    @Test(arguments: [
        ("--tokens=/etc/okik/tokens/api", "--tokens=/tmp/p/tokens/api"),
        ("/etc/okik/tokens", "/tmp/p/tokens"),
        ("/etc/okik/tokens-other/x", "/etc/okik/tokens-other/x"),
        ("/etc/okik/config/app.yaml", "/tmp/p/config/app.yaml"),
        ("8000", "41000"), ("--port=8000", "--port=41000"), ("0.0.0.0:8000", "127.0.0.1:41000"), ("0.0.0.0", "127.0.0.1"), ("--host=0.0.0.0", "--host=127.0.0.1"), ("18000", "18000"),
        ("--level=L2", "--level=L2"), ("/tmp/x", "/tmp/p/tmp/x"), ("/var/tmp/x", "/var/tmp/x"),
        ("--token-file=/etc/okik/tokens/tokens", "--token-file=/tmp/p/tokens/tokens"),
        ("/etc/okik/config:/tmp", "/tmp/p/config:/tmp/p/tmp"),
    ])
    func pathsAndPortsAreRewritten(value: String, expected: String) {
        let mounts = [("/etc/okik/tokens", "/tmp/p/tokens"), ("/etc/okik/config", "/tmp/p/config"), ("/tmp", "/tmp/p/tmp")]
            .map { (path: $0.0, local: $0.1) }
        #expect(ProcessRewriting.rewrite(value, mounts: mounts, ports: [8000: 41000]) == expected)
    }
}
