import ArgumentParser
import Foundation
import Logging
import OkikSimulator

extension OkikCtl {
    struct LoadTest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "load-test",
            abstract: "Render scenario manifests for a real cluster (busybox containers that really crash, OOM or fail).",
            discussion: """
                Prints the manifests (YAML), writes them to a directory, or applies them to the current kubeconfig \
                context.

                Examples:
                  okikctl load-test --scenario crashloop > crashloop.yaml
                  okikctl load-test --scenario all --output-dir manifests/
                  okikctl load-test --scenario all --apply

                Exit codes: 0 done; 1 error (an unknown scenario, or the cluster refused an object).
                """
        )

        @Option(help: "A built-in scenario name, `all`, or a scenario YAML file.")
        var scenario: String

        @Option(help: "Write one file per scenario into this directory instead of printing.")
        var outputDir: String?

        @Flag(help: "Create the objects in the cluster of the current kubeconfig context.")
        var apply = false

        @Option(help: "Kubeconfig file (default: $KUBECONFIG, then ~/.kube/config).")
        var kubeconfig: String?

        @Option(help: "Kubeconfig context (default: the current one).")
        var context: String?

        func run() async throws {
            let scenarios = try Scenario.load(scenario)
            if apply {
                let logger = Logger(label: "okik.load-test")
                let lines = try await ScenarioLoadTest.apply(
                    scenarios, kubeconfig: kubeconfig, context: context, logger: logger)
                lines.forEach { print($0) }
                return
            }
            if let outputDir {
                try FileManager.default.createDirectory(atPath: outputDir, withIntermediateDirectories: true)
                for scenario in scenarios {
                    let path = (outputDir as NSString).appendingPathComponent("\(scenario.name).yaml")
                    try ScenarioRenderer.yaml([scenario]).write(toFile: path, atomically: true, encoding: .utf8)
                    print("wrote \(path)")
                }
                return
            }
            print(try ScenarioRenderer.yaml(scenarios), terminator: "")
        }
    }
}
