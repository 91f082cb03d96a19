import ArgumentParser
import Foundation
import Logging
import OkikKubeClient
import OkikSimulator

extension OkikCtl.Sim {
    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "apply",
            abstract: "Load YAML manifests into a running simulator with server-side apply (field manager okikctl).",
            discussion: """
                FILE may be a file with several documents (List kinds are expanded), a directory of .yaml/.yml/.json
                files, or - for standard input:
                  okikctl sim apply -f scenario/ --kubeconfig /tmp/okik-sim.yaml
                """
        )

        @Option(name: .shortAndLong, help: "A manifest file, a directory of manifests, or - for standard input.")
        var filename: String

        @Option(help: "The kubeconfig of the simulator (the file `okikctl sim start` wrote).")
        var kubeconfig: String = "okik-sim.kubeconfig"

        @Flag(help: "Take over fields other managers own instead of failing with a conflict.")
        var forceConflicts = false

        func run() async throws {
            let manifests: [Manifest]
            do {
                manifests = try ManifestLoader.load(path: filename)
            } catch {
                throw ValidationError("\(error)")
            }
            let config = try FileKubeConfigLoader(paths: [kubeconfig]).load()
            var logger = Logger(label: "okik.sim.apply")
            logger.logLevel = .warning
            let force = forceConflicts
            let outcomes = try await KubeClient.withClient(config: config, logger: logger) { client in
                await ManifestApplier(client: client, force: force).apply(manifests)
            }
            var failed = 0
            for outcome in outcomes {
                if outcome.succeeded {
                    print(outcome.line)
                } else {
                    failed += 1
                    FileHandle.standardError.write(Data((outcome.line + "\n").utf8))
                }
            }
            if manifests.isEmpty { print("no objects found in \(filename)") }
            if failed > 0 { throw ExitCode(1) }
        }
    }
}
