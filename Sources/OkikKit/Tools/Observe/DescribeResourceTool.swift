import OkikKubeClient

/// `describe_resource`: any object by kind and name, compacted, with Secret values redacted and its related events.
public struct DescribeResourceTool: KubeTool {
    /// Which object.
    public struct Input: Decodable, Sendable {
        var kind: String
        var name: String
        var namespace: String?
        var apiVersion: String?
    }

    /// The tool's stable snake_case name.
    public static let name = "describe_resource"
    /// What the tool does, written for a model.
    public static let description =
        "Describes any Kubernetes object (kind + name, namespace for namespaced kinds, apiVersion for kinds outside the common set): metadata, spec and status compacted, plus the related events. Secret values are never shown."
    /// The tool's risk package, enforced by the gatekeeper.
    public static let package = ToolPackage.observe
    /// The JSON Schema of the input.
    public static let inputSchema = ToolSchema.object([
        .required("kind", .string("Kind, such as Deployment, Pod, Node, ConfigMap", maxLength: 63)),
        .required("name", .dnsSubdomain("Name of the object")),
        .optional("namespace", .dnsLabel("Namespace, for namespaced kinds")),
        .optional("apiVersion", .string("apiVersion such as apps/v1, for kinds outside the common set", maxLength: 128)),
    ])
    /// Creates the tool.
    public init() {}

    /// Common kinds: group, version, plural, namespaced.
    static let knownKinds: [String: (GroupVersionResource, Bool)] = {
        let kinds: [(String, String, String, String, Bool)] = [
            ("Pod", "", "v1", "pods", true), ("Service", "", "v1", "services", true),
            ("ConfigMap", "", "v1", "configmaps", true), ("Secret", "", "v1", "secrets", true),
            ("Node", "", "v1", "nodes", false), ("Namespace", "", "v1", "namespaces", false),
            ("PersistentVolumeClaim", "", "v1", "persistentvolumeclaims", true),
            ("PersistentVolume", "", "v1", "persistentvolumes", false),
            ("ResourceQuota", "", "v1", "resourcequotas", true), ("LimitRange", "", "v1", "limitranges", true),
            ("ServiceAccount", "", "v1", "serviceaccounts", true), ("Event", "", "v1", "events", true),
            ("Deployment", "apps", "v1", "deployments", true), ("ReplicaSet", "apps", "v1", "replicasets", true),
            ("StatefulSet", "apps", "v1", "statefulsets", true), ("DaemonSet", "apps", "v1", "daemonsets", true),
            ("Job", "batch", "v1", "jobs", true), ("CronJob", "batch", "v1", "cronjobs", true),
            ("HorizontalPodAutoscaler", "autoscaling", "v2", "horizontalpodautoscalers", true),
            ("PodDisruptionBudget", "policy", "v1", "poddisruptionbudgets", true),
            ("Lease", "coordination.k8s.io", "v1", "leases", true),
            ("StorageClass", "storage.k8s.io", "v1", "storageclasses", false),
        ]
        var map: [String: (GroupVersionResource, Bool)] = [:]
        for (kind, group, version, plural, namespaced) in kinds {
            map[kind.lowercased()] = (GroupVersionResource(group: group, version: version, resource: plural), namespaced)
        }
        map["hpa"] = map["horizontalpodautoscaler"]
        map["pvc"] = map["persistentvolumeclaim"]
        map["pdb"] = map["poddisruptionbudget"]
        return map
    }()

    /// Checks what the schema cannot express.
    public func validate(_ input: Input) throws(ToolError) {
        guard let first = input.kind.first, first.isLetter, input.kind.allSatisfy({ $0.isLetter || $0.isNumber }) else {
            throw ToolError.invalidValue("kind", "\"\(input.kind)\" is not a kind name")
        }
        if let known = Self.knownKinds[input.kind.lowercased()], input.apiVersion == nil, known.1, input.namespace == nil {
            throw ToolError.missingField("namespace")
        }
    }

    /// The resources the call touches, for the guards.
    public func targets(_ input: Input) -> [ToolTarget] {
        [ToolTarget(scope: input.namespace.map { .namespace($0) } ?? .cluster, kind: input.kind, name: input.name)]
    }

    /// Runs the call; writes honour `context.dryRun`.
    public func run(_ input: Input, context: ToolContext) async throws -> ToolOutput {
        let (resource, namespaced) = try await resolve(input, client: context.client)
        if namespaced && input.namespace == nil { throw ToolError.missingField("namespace") }
        let object = try await context.client.dynamic(
            resource, namespaced: namespaced, in: input.namespace.map { .named($0) } ?? .contextDefault
        ).get(input.name)
        // Redacted whole before strings are cut to length, so no secret is left half-recognisable; the executor
        // redacts the output again and counts these markers.
        var json = Redactor.standard.redact(object.json)
        json["metadata"]?["managedFields"] = nil
        if var annotations = json["metadata"]?["annotations"]?.objectValue {
            annotations["kubectl.kubernetes.io/last-applied-configuration"] = nil
            json["metadata"]?["annotations"] = annotations.isEmpty ? nil : .object(annotations)
        }
        let kind = object.kind ?? input.kind
        var fields = ["involvedObject.name=\(input.name)", "involvedObject.kind=\(kind)"]
        if !namespaced { fields.removeLast() }
        let events = (try? await GetEventsTool.events(
            context.client, namespace: namespaced ? input.namespace : nil, fieldSelector: fields.joined(separator: ",")))
            ?? []
        let shownEvents = events.prefix(context.limits.maxEvents).map { GetEventsTool.row($0, context: context) }
        let bounded = Compact.bounded(json, maxString: context.limits.maxTextLength)
        let truncated = bounded != json || events.count > shownEvents.count
        let data: JSONValue = [
            "object": bounded, "events": .array(Array(shownEvents)), "eventCount": .int(events.count),
        ]
        let place = namespaced ? "\(input.namespace ?? "")/\(input.name)" : input.name
        let warnings = events.filter { $0.type == "Warning" }.count
        return ToolOutput(
            summary: "\(kind) \(place): \(events.count) related events (\(warnings) warnings)", data: data,
            truncated: truncated, untrustedContent: true)
    }

    private func resolve(_ input: Input, client: KubeClient) async throws -> (GroupVersionResource, Bool) {
        if input.apiVersion == nil, let known = Self.knownKinds[input.kind.lowercased()] { return known }
        let groupVersions: [String]
        if let apiVersion = input.apiVersion {
            groupVersions = [apiVersion]
        } else {
            groupVersions = ["v1"] + (try await client.apiGroups()).compactMap { $0.preferredVersion?.groupVersion }
        }
        for groupVersion in groupVersions {
            guard let list = try? await client.apiResources(groupVersion: groupVersion) else { continue }
            if let match = list.resources.first(where: {
                $0.kind.lowercased() == input.kind.lowercased() && !$0.name.contains("/")
            }) {
                let parts = groupVersion.split(separator: "/").map(String.init)
                let gvr = parts.count == 2
                    ? GroupVersionResource(group: parts[0], version: parts[1], resource: match.name)
                    : GroupVersionResource(group: "", version: parts[0], resource: match.name)
                return (gvr, match.namespaced)
            }
        }
        throw ToolError.invalidValue("kind", "the server has no kind \"\(input.kind)\"")
    }
}
