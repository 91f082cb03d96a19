import Foundation
import OkikKubeClient
import OkikYAML

/// A simulated situation: nodes, workloads with the behaviour of their containers, extra manifests, and the symptoms
/// they must show after `duration` of simulated time. Written in YAML (see `Docs/Scenarios.md`).
public struct Scenario: Sendable, Codable, Hashable {
    /// Short name (`crashloop`), used by `okikctl sim start --scenario`.
    public var name: String
    /// What the scenario shows.
    public var description: String
    /// Simulated time after which the symptoms show ("10m"); default 5m.
    public var duration: String?
    /// Nodes to create (the simulator only; a real cluster has its own).
    public var nodes: [ScenarioNodePool]?
    /// Workloads with their simulated behaviour.
    public var workloads: [ScenarioWorkload]?
    /// Further Kubernetes objects, applied as written.
    public var manifests: [JSONValue]?
    /// What OKIK must find; checked by the tests through OkikKubeClient and kubectl.
    public var symptoms: [ScenarioSymptom]?

    /// Creates a scenario.
    public init(
        name: String, description: String, duration: String? = nil, nodes: [ScenarioNodePool]? = nil,
        workloads: [ScenarioWorkload]? = nil, manifests: [JSONValue]? = nil, symptoms: [ScenarioSymptom]? = nil
    ) {
        self.name = name
        self.description = description
        self.duration = duration
        self.nodes = nodes
        self.workloads = workloads
        self.manifests = manifests
        self.symptoms = symptoms
    }

    /// The simulated seconds to run before the symptoms show.
    public var durationSeconds: Double { duration.flatMap(SimDuration.parse) ?? 300 }

    /// Parses a scenario from YAML.
    /// - Throws: ``ScenarioError`` when the YAML or its fields are invalid.
    public static func parse(yaml: String) throws -> Scenario {
        let loaded: Any?
        do {
            loaded = try SafeYAML.load(yaml)
        } catch let error as SafeYAMLError {
            throw ScenarioError.invalid(error.description)
        } catch {
            throw ScenarioError.invalid("not valid YAML: \(error)")
        }
        do {
            return try YAMLBridge.json(from: loaded).decode(as: Scenario.self)
        } catch let error as DecodingError {
            throw ScenarioError.invalid("not a scenario: \(ScenarioError.describe(error))")
        }
    }

    /// Loads a built-in scenario by name, or a scenario file by path.
    /// - Throws: ``ScenarioError`` when neither exists or the file is invalid.
    public static func load(_ nameOrPath: String) throws -> [Scenario] {
        if nameOrPath == "all" { return BuiltInScenarios.all }
        if let builtIn = BuiltInScenarios.named(nameOrPath) { return [builtIn] }
        guard FileManager.default.fileExists(atPath: nameOrPath) else {
            throw ScenarioError.invalid(
                "no built-in scenario or file named \"\(nameOrPath)\" (built-in: \(BuiltInScenarios.names.joined(separator: ", ")), all)")
        }
        let text = try String(contentsOfFile: nameOrPath, encoding: .utf8)
        return try [parse(yaml: text)]
    }
}

/// Why a scenario could not be loaded or applied.
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public let message: String
    static func invalid(_ message: String) -> ScenarioError { ScenarioError(message: message) }
    public var description: String { message }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "missing \(key.stringValue) at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(context.debugDescription) at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        @unknown default:
            return "\(error)"
        }
    }
}
