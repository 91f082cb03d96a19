import Foundation
import OkikKubeClient
import OkikSimulator
import Testing

/// Starting the simulator: a busy port fails at once with the reason; the kubeconfig is private to its owner.
@Suite struct SimulatorStartTests {
    @Test func aBusyPortFailsWithTheReason() async throws {
        try await Simulator.with { first in
            let configuration = SimulatorConfiguration(port: first.port, runtime: .standard)
            let error = await #expect(throws: SimulatorError.self) {
                let second = try await Simulator.start(configuration, logger: SimulatorFixture.quietLogger)
                await second.stop()
            }
            let message = error?.message ?? ""
            #expect(message.hasPrefix("could not listen on 127.0.0.1:\(first.port)"), "\(message)")
            #expect(message.contains("Address already in use"), "\(message)")
            // The first simulator still serves.
            let health = try await first.http("GET", "/healthz")
            #expect(health.status == 200)
        }
    }

    @Test func theKubeconfigIsReadableByItsOwnerOnly() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("okik-kubeconfig-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("kubeconfig").path
        // An existing file with a wider mode is replaced, not reused.
        try "old".write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let configuration = SimulatorConfiguration(
            tls: true, authentication: AuthenticationConfiguration(tokens: ["secret-token": "admin"]))
        _ = try await Simulator.with(configuration) { simulator in
            try simulator.writeKubeconfig(to: path)
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let config = try KubeConfig.load(from: path)
        #expect(config.users.first?.user.token == "secret-token")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(leftovers == ["kubeconfig"])
    }
}
