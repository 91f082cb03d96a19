import OkikKubeClient

/// The write that undoes a write, from the call and what it returned: what the agent proposes (through the gate)
/// when verification finds a write made things worse.
public enum Inverse {
    /// The inverse call, or nil when the write has none OKIK can make (a deletion).
    public static func of(_ invocation: ToolInvocation, output: ToolOutput) -> ToolInvocation? {
        let arguments = invocation.arguments
        let namespace = arguments["namespace"] ?? .null
        let name = arguments["name"] ?? .null
        switch invocation.tool {
        case QuarantineDeploymentTool.name:
            return ToolInvocation(tool: UnquarantineDeploymentTool.name, arguments: ["namespace": namespace, "name": name])
        case ScaleDeploymentTool.name:
            guard let from = output.data["from"]?.intValue, from > 0 else { return nil }
            return ToolInvocation(tool: ScaleDeploymentTool.name, arguments: ["namespace": namespace, "name": name, "replicas": .int(from)])
        case UpdateResourcesTool.name:
            guard let before = output.data["before"], let container = arguments["container"] else { return nil }
            var restored: [String: JSONValue] = ["namespace": namespace, "name": name, "container": container]
            for field in ["requests", "limits"] {
                if let values = before[field]?.objectValue, !values.isEmpty { restored[field] = .object(values) }
            }
            return restored.count > 3 ? ToolInvocation(tool: UpdateResourcesTool.name, arguments: .object(restored)) : nil
        case CordonNodeTool.name, DrainNodeTool.name:
            return ToolInvocation(tool: UncordonNodeTool.name, arguments: ["name": name])
        case RollbackDeploymentTool.name:
            guard let from = output.data["fromRevision"]?.intValue, output.data["changed"] == true else { return nil }
            return ToolInvocation(tool: RollbackDeploymentTool.name, arguments: ["namespace": namespace, "name": name, "toRevision": .int(from)])
        case UpdateHPATool.name:
            guard let before = output.data["before"]?.objectValue else { return nil }
            var restored: [String: JSONValue] = ["namespace": namespace, "name": name]
            // `metrics` is recorded only when the call changed them; restoring it sets the exact earlier list.
            for key in ["minReplicas", "maxReplicas", "metrics"] where before[key] != nil { restored[key] = before[key] }
            return restored.count > 2 ? ToolInvocation(tool: UpdateHPATool.name, arguments: .object(restored)) : nil
        default:
            return nil
        }
    }
}
