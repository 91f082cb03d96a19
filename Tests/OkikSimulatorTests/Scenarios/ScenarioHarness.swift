import Foundation
import Logging
import OkikKubeClient
import OkikSimulator
import OkikTesting

/// Runs scenarios on a virtual-clock simulator and reads objects back through OkikKubeClient or kubectl.
struct ScenarioHarness {
    let simulator: Simulator
    let client: KubeClient

    static func start(_ scenarios: [Scenario]) async throws -> ScenarioHarness {
        var logger = Logger(label: "okik.test")
        logger.logLevel = .error
        let simulator = try await Simulator.start(
            SimulatorConfiguration(clock: .virtual(), runtime: .standard), logger: logger)
        try await ScenarioRunner.run(scenarios, on: simulator)
        let client = try KubeClient(config: simulator.kubeConfig, logger: logger)
        return ScenarioHarness(simulator: simulator, client: client)
    }

    func stop() async {
        try? await client.shutdown()
        await simulator.stop()
    }

    static func definition(_ kind: String) -> ResourceDefinition? {
        ResourceRegistry.standard.definitions.first { $0.kind == kind }
    }

    /// Every object of a kind, as JSON, listed through OkikKubeClient.
    func objects(_ kind: String) async throws -> [JSONValue] {
        guard let definition = Self.definition(kind) else { return [] }
        let resource = GroupVersionResource(group: definition.group, version: definition.version, resource: definition.plural)
        return try await client.dynamic(resource, namespaced: definition.namespaced, in: .allNamespaces).list().items
            .map(\.json)
    }

    /// Every object of a kind, as JSON, listed by kubectl; nil when kubectl is not installed.
    func kubectlObjects(_ kind: String, kubeconfig: String) throws -> [JSONValue]? {
        let kubectl = "/usr/bin/kubectl"
        guard FileManager.default.isExecutableFile(atPath: kubectl), let definition = Self.definition(kind) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: kubectl)
        let resource = definition.group.isEmpty ? definition.plural : "\(definition.plural).\(definition.group)"
        process.arguments = ["--kubeconfig", kubeconfig, "get", resource, "-A", "-o", "json"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        let data = FileDescriptorReader.readToEnd(output.fileHandleForReading)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return [] }
        return try JSONValue.parse(data)["items"]?.arrayValue ?? []
    }

    /// The objects the problem scan reads, through OkikKubeClient.
    func scanInput() async throws -> [String: [JSONValue]] {
        var result: [String: [JSONValue]] = [:]
        for (kind, _) in ProblemScan.kinds { result[kind] = try await objects(kind) }
        return result
    }
}
