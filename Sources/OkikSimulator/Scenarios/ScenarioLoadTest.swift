import Foundation
import Logging
import OkikKubeClient

/// Applies rendered scenario manifests to a real cluster through OkikKubeClient (`okikctl load-test --apply`).
public enum ScenarioLoadTest {
    /// Loads the kubeconfig the way kubectl does (explicit path, `$KUBECONFIG`, `~/.kube/config`), connects to the
    /// context and applies the scenarios.
    /// - Throws: ``KubeConfigError`` or ``KubeError``.
    public static func apply(
        _ scenarios: [Scenario], kubeconfig: String?, context: String?, logger: Logger
    ) async throws -> [String] {
        let config = try KubeConfig.loadDefault(explicitPath: kubeconfig)
        return try await KubeClient.withClient(config: config, context: context, logger: logger) { client in
            try await apply(scenarios, client: client)
        }
    }

    /// Creates every object of the scenarios (target ``ScenarioTarget/cluster``); objects that exist are left alone.
    /// Returns one line per object ("created Deployment okik-crashloop/payments-api").
    /// - Throws: ``KubeError`` on the first failure other than AlreadyExists.
    public static func apply(_ scenarios: [Scenario], client: KubeClient) async throws -> [String] {
        var lines: [String] = []
        for object in ScenarioRenderer.objects(scenarios) {
            let apiVersion = object["apiVersion"]?.stringValue ?? ""
            let kind = object["kind"]?.stringValue ?? ""
            guard let definition = ResourceRegistry.standard.definition(apiVersion: apiVersion, kind: kind) else {
                lines.append("skipped \(kind): not a kind OKIK knows")
                continue
            }
            let namespace = object.value(at: ["metadata", "namespace"])?.stringValue
            let name = object.value(at: ["metadata", "name"])?.stringValue ?? ""
            let resource = GroupVersionResource(group: definition.group, version: definition.version, resource: definition.plural)
            let dynamic = client.dynamic(resource, namespaced: definition.namespaced, in: .named(namespace ?? "default"))
            let label = "\(kind) \(namespace.map { "\($0)/" } ?? "")\(name)"
            do {
                _ = try await dynamic.create(UnstructuredObject(object))
                lines.append("created \(label)")
            } catch let error as KubeError where error.isConflict {
                lines.append("exists  \(label)")
            }
        }
        return lines
    }
}
