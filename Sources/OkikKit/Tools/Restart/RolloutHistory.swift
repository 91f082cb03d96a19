import OkikKubeClient

/// A Deployment's revisions, read as `kubectl rollout undo` reads them: the ReplicaSets its selector matches and it
/// controls, ordered by their `deployment.kubernetes.io/revision` annotation. Templates stay raw JSON, so a rollback
/// copies every field, including ones OKIK's typed models do not know.
struct RolloutHistory {
    /// One revision.
    struct Revision {
        var revision: Int
        var replicaSet: String
        var template: JSONValue
        var annotations: [String: String]
    }

    /// Oldest first.
    var revisions: [Revision]

    /// `revisions 1, 2` or `no revisions`.
    var summary: String {
        revisions.isEmpty ? "no revisions" : "revisions " + revisions.map { String($0.revision) }.joined(separator: ", ")
    }

    static let revisionAnnotation = "deployment.kubernetes.io/revision"

    /// Reads the ReplicaSets of a Deployment (given as raw JSON).
    static func load(
        deployment: JSONValue, namespace: String, client: KubeClient
    ) async throws -> RolloutHistory {
        guard let uid = deployment.value(at: ["metadata", "uid"])?.stringValue,
            let selector = try? (deployment.value(at: ["spec", "selector"]) ?? .null).decode(as: LabelSelector.self)
        else {
            throw ToolError.precondition("the deployment has no uid or selector; cannot read its rollout history")
        }
        let sets = try await client.dynamic(
            GroupVersionResource(group: "apps", version: "v1", resource: "replicasets"), namespaced: true,
            in: .named(namespace)
        ).list(ListOptions(labelSelector: selector.selectorString)).items
        var revisions: [Revision] = []
        for set in sets {
            let json = set.json
            let owners = json.value(at: ["metadata", "ownerReferences"])?.arrayValue ?? []
            guard owners.contains(where: { $0["uid"]?.stringValue == uid && $0["controller"]?.boolValue == true }) else {
                continue
            }
            var annotations: [String: String] = [:]
            for (key, value) in json.value(at: ["metadata", "annotations"])?.objectValue ?? [:] {
                if let text = value.stringValue { annotations[key] = text }
            }
            // kubectl: a missing annotation is revision 0; an unparsable one is ignored.
            let revision: Int
            if let text = annotations[revisionAnnotation] {
                guard let number = Int(text) else { continue }
                revision = number
            } else {
                revision = 0
            }
            revisions.append(
                Revision(
                    revision: revision, replicaSet: set.name ?? "", template: json.value(at: ["spec", "template"]) ?? .null,
                    annotations: annotations))
        }
        return RolloutHistory(revisions: revisions.sorted { ($0.revision, $0.replicaSet) < ($1.revision, $1.replicaSet) })
    }

    /// A pod template without the `pod-template-hash` label the ReplicaSet controller adds.
    static func withoutHash(_ template: JSONValue) -> JSONValue {
        guard case .object(var object) = template, case .object(var metadata)? = object["metadata"],
            case .object(var labels)? = metadata["labels"]
        else { return template }
        labels["pod-template-hash"] = nil
        metadata["labels"] = .object(labels)
        object["metadata"] = .object(metadata)
        return .object(object)
    }
}
