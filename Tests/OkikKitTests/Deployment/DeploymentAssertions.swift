import Foundation
import OkikKit
import OkikYAML
import Testing

/// Checks shared by the rendered and the read-back manifests.
enum DeploymentAssertions {
    /// The security and shape settings the issue asks of okik-server's Deployment.
    static func expectSecure(_ deployment: Deployment, mode: OkikDeployment.Mode, ephemeral: Bool = false) throws {
        let spec = try #require(deployment.spec)
        #expect(spec.replicas == 1)
        #expect(spec.strategy?.type == "Recreate")
        let pod = try #require(spec.template?.spec)
        #expect(pod.securityContext?.runAsNonRoot == true)
        #expect(pod.securityContext?.runAsUser == OkikDeployment.userID)
        #expect(pod.securityContext?.seccompProfile?.type == "RuntimeDefault")
        #expect(pod.hostNetwork != true && pod.hostPID != true && pod.hostIPC != true)
        #expect(pod.serviceAccountName == (mode == .agent ? "okik-agent" : "okik-watchdog"))
        let containers = pod.containers ?? []
        #expect(containers.count == 1)
        let container = try #require(containers.first)
        let security = try #require(container.securityContext)
        #expect(security.runAsNonRoot == true)
        #expect(security.readOnlyRootFilesystem == true)
        #expect(security.allowPrivilegeEscalation == false)
        #expect(security.privileged != true)
        #expect(security.capabilities?.drop == ["ALL"])
        #expect(security.capabilities?.add == nil)
        #expect(security.seccompProfile?.type == "RuntimeDefault")
        #expect(container.resources?.requests?["cpu"] != nil && container.resources?.requests?["memory"] != nil)
        #expect(container.resources?.limits?["cpu"] != nil && container.resources?.limits?["memory"] != nil)
        for probe in [container.livenessProbe, container.readinessProbe] {
            #expect(probe?.httpGet?.path == "/health")
            #expect(probe?.httpGet?.port == .int(8000))
        }
        #expect(container.ports?.first?.containerPort == 8000)
        let args = container.args ?? []
        func value(_ flag: String) -> String? {
            args.firstIndex(of: flag).flatMap { args.indices.contains($0 + 1) ? args[$0 + 1] : nil }
        }
        #expect(value("--host") == "0.0.0.0")
        #expect(value("--port") == "8000")
        #expect(value("--db") == OkikDeployment.Paths.database)
        #expect(value("--token-file") == OkikDeployment.Paths.tokenFile)
        #expect(value("--level") != nil)
        #expect(value("--control-configmap") == "okik-system/okik-control")
        #expect(args.contains("--watchdog") == (mode == .watchdog))
        #expect(container.command == nil, "the image's ENTRYPOINT is okik-server")

        // Every directory okik-server writes is a mounted volume; the tokens are mounted read-only from the Secret.
        let volumes = Dictionary((pod.volumes ?? []).map { ($0.name ?? "", $0) }, uniquingKeysWith: { first, _ in first })
        let mounts = Dictionary(
            (container.volumeMounts ?? []).map { ($0.mountPath ?? "", $0) }, uniquingKeysWith: { first, _ in first })
        let data = try #require(mounts[OkikDeployment.Paths.dataDirectory]?.name.flatMap { volumes[$0] })
        if ephemeral {
            #expect(data.emptyDir != nil && data.persistentVolumeClaim == nil)
        } else {
            #expect(data.persistentVolumeClaim?.claimName == "\(mode == .agent ? "okik-agent" : "okik-watchdog")-data")
        }
        let temporary = try #require(mounts["/tmp"]?.name.flatMap { volumes[$0] })
        #expect(temporary.emptyDir != nil)
        let tokensMount = try #require(mounts[OkikDeployment.Paths.tokensDirectory])
        #expect(tokensMount.readOnly == true)
        #expect(tokensMount.name.flatMap { volumes[$0] }?.secret?.secretName == "okik-api-tokens")
        #expect((pod.volumes ?? []).allSatisfy { $0.hostPath == nil })
    }

    /// Every rule of a role as (group, resource, verb) triples, for exact comparisons.
    static func triples(_ rules: [PolicyRule]) -> Set<String> {
        var result: Set<String> = []
        for rule in rules {
            for group in rule.apiGroups ?? [] {
                for resource in rule.resources ?? [] {
                    for verb in rule.verbs ?? [] {
                        let names = rule.resourceNames.map { "[" + $0.joined(separator: ",") + "]" } ?? ""
                        result.insert("\(group.isEmpty ? "core" : group)/\(resource)\(names):\(verb)")
                    }
                }
            }
        }
        return result
    }

    /// The documents of a YAML stream as JSON values.
    static func documents(_ yaml: String) throws -> [JSONValue] {
        try SafeYAML.loadAll(yaml).compactMap { $0 }.map(json(from:))
    }

    /// What Yams loads, as ``JSONValue``.
    static func json(from value: Any?) throws -> JSONValue {
        switch value {
        case nil, is NSNull: return .null
        case let value as Bool: return .bool(value)
        case let value as Int: return .int(value)
        case let value as Double: return .double(value)
        case let value as String: return .string(value)
        case let value as [Any?]: return .array(try value.map { try json(from: $0) })
        case let value as [String: Any?]: return .object(try value.mapValues { try json(from: $0) })
        case let value as [AnyHashable: Any?]:
            var object: [String: JSONValue] = [:]
            for (key, item) in value { object["\(key.base)"] = try json(from: item) }
            return .object(object)
        default:
            throw CocoaError(.coderInvalidValue)
        }
    }

    /// The repository's root, from this file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}
