import Foundation
import OkikYAML
import Yams

/// Yams' node type; `Node` alone is the Kubernetes Node in this module.
private typealias YAMLNode = Yams.Node

extension KubeConfig {
    /// Parses kubeconfig YAML text.
    ///
    /// - Parameters:
    ///   - yaml: the file's text.
    ///   - source: a name for error messages, usually the path.
    ///   - baseDirectory: relative file references are made absolute against this directory.
    /// - Throws: ``KubeConfigError`` naming the source and the field at fault.
    public static func parse(yaml: String, source: String, baseDirectory: String? = nil) throws -> KubeConfig {
        let root: YAMLNode?
        do {
            root = try SafeYAML.compose(yaml)
        } catch let error as SafeYAMLError {
            throw KubeConfigError.malformed(source, reason: error.description)
        } catch {
            throw KubeConfigError.malformed(source, reason: "not valid YAML: \(error)")
        }
        guard let root else { return KubeConfig(sources: [source]) }  // an empty file is an empty config
        guard root.mapping != nil else {
            throw KubeConfigError.malformed(source, reason: "expected a mapping at the top level")
        }
        let reader = NodeReader(source: source, baseDirectory: baseDirectory)
        if let kind = try reader.string(root, "kind", path: ""), kind != "Config" {
            throw KubeConfigError.invalidField("kind", file: source, reason: "expected \"Config\", found \"\(kind)\"")
        }
        var config = KubeConfig(sources: [source])
        config.currentContext = try reader.string(root, "current-context", path: "").flatMap { $0.isEmpty ? nil : $0 }
        for (index, entry) in try reader.sequence(root, "clusters", path: "").enumerated() {
            let name = try reader.requiredString(entry, "name", path: "clusters[\(index)]")
            let path = "clusters[\(name)].cluster"
            guard let node = entry["cluster"] else { throw KubeConfigError.missingField(path, file: source) }
            config.clusters.append(NamedCluster(name: name, cluster: try reader.cluster(node, path: path)))
        }
        for (index, entry) in try reader.sequence(root, "users", path: "").enumerated() {
            let name = try reader.requiredString(entry, "name", path: "users[\(index)]")
            let path = "users[\(name)].user"
            let user = try entry["user"].map { try reader.authInfo($0, path: path) } ?? AuthInfo()
            config.users.append(NamedUser(name: name, user: user))
        }
        for (index, entry) in try reader.sequence(root, "contexts", path: "").enumerated() {
            let name = try reader.requiredString(entry, "name", path: "contexts[\(index)]")
            let path = "contexts[\(name)].context"
            guard let node = entry["context"] else { throw KubeConfigError.missingField(path, file: source) }
            let context = Context(
                cluster: try reader.string(node, "cluster", path: path) ?? "",
                user: try reader.string(node, "user", path: path) ?? "",
                namespace: try reader.string(node, "namespace", path: path).flatMap { $0.isEmpty ? nil : $0 })
            config.contexts.append(NamedContext(name: name, context: context))
        }
        return config
    }

    /// Loads one kubeconfig file; relative file references become absolute against its directory.
    /// - Throws: ``KubeConfigError`` when the file cannot be read or parsed.
    public static func load(from path: String) throws -> KubeConfig {
        let url = URL(fileURLWithPath: path)
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw KubeConfigError.fileUnreadable(path, reason: Self.reason(error))
        }
        return try parse(yaml: text, source: path, baseDirectory: url.deletingLastPathComponent().path)
    }

    /// Merges several configurations with kubectl's rules: the first to set a value or a named entry wins,
    /// and entries are never merged field by field.
    public static func merge(_ configs: [KubeConfig]) -> KubeConfig {
        var merged = KubeConfig()
        var clusterNames = Set<String>()
        var userNames = Set<String>()
        var contextNames = Set<String>()
        for config in configs {
            merged.sources += config.sources
            if merged.currentContext == nil { merged.currentContext = config.currentContext }
            for entry in config.clusters where clusterNames.insert(entry.name).inserted { merged.clusters.append(entry) }
            for entry in config.users where userNames.insert(entry.name).inserted { merged.users.append(entry) }
            for entry in config.contexts where contextNames.insert(entry.name).inserted { merged.contexts.append(entry) }
        }
        return merged
    }

    static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
            underlying.domain == NSPOSIXErrorDomain, let code = POSIXErrorCode(rawValue: Int32(underlying.code))
        {
            return String(cString: strerror(code.rawValue))
        }
        if nsError.domain == NSCocoaErrorDomain {
            switch nsError.code {
            case NSFileReadNoSuchFileError, NSFileNoSuchFileError: return "no such file"
            case NSFileReadNoPermissionError: return "permission denied"
            case NSFileReadInapplicableStringEncodingError: return "not UTF-8 text"
            default: break
            }
        }
        return nsError.localizedDescription
    }
}

/// Reads typed fields from YAML nodes, turning every mismatch into a ``KubeConfigError`` with the field path.
private struct NodeReader {
    let source: String
    let baseDirectory: String?

    func string(_ node: YAMLNode, _ key: String, path: String) throws -> String? {
        guard let value = node[key], value.null == nil else { return nil }
        if case .scalar(let scalar) = value {
            if scalar.tag.description == "tag:yaml.org,2002:null" || (scalar.string == "null" && scalar.style == .plain)
                || (scalar.string == "~" && scalar.style == .plain)
            {
                return nil
            }
            return scalar.string
        }
        throw KubeConfigError.invalidField(join(path, key), file: source, reason: "expected a string")
    }

    func requiredString(_ node: YAMLNode, _ key: String, path: String) throws -> String {
        guard let value = try string(node, key, path: path), !value.isEmpty else {
            throw KubeConfigError.missingField(join(path, key), file: source)
        }
        return value
    }

    func bool(_ node: YAMLNode, _ key: String, path: String) throws -> Bool? {
        guard let text = try string(node, key, path: path) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off", "": return false
        default:
            throw KubeConfigError.invalidField(
                join(path, key), file: source, reason: "expected true or false, found \"\(text)\"")
        }
    }

    func sequence(_ node: YAMLNode, _ key: String, path: String) throws -> [YAMLNode] {
        guard let value = node[key] else { return [] }
        if case .scalar(let scalar) = value, scalar.string.isEmpty || scalar.string == "null" || scalar.string == "~" {
            return []
        }
        guard case .sequence(let sequence) = value else {
            throw KubeConfigError.invalidField(join(path, key), file: source, reason: "expected a list")
        }
        for (index, item) in sequence.enumerated() where item.mapping == nil {
            throw KubeConfigError.invalidField("\(join(path, key))[\(index)]", file: source, reason: "expected a mapping")
        }
        return Array(sequence)
    }

    func stringList(_ node: YAMLNode, _ key: String, path: String) throws -> [String]? {
        guard let value = node[key] else { return nil }
        guard case .sequence(let sequence) = value else {
            if value.null != nil { return nil }
            throw KubeConfigError.invalidField(join(path, key), file: source, reason: "expected a list of strings")
        }
        return try sequence.enumerated().map { index, item in
            guard case .scalar(let scalar) = item else {
                throw KubeConfigError.invalidField(
                    "\(join(path, key))[\(index)]", file: source, reason: "expected a string")
            }
            return scalar.string
        }
    }

    func base64(_ node: YAMLNode, _ key: String, path: String) throws -> Data? {
        guard let text = try string(node, key, path: path), !text.isEmpty else { return nil }
        let cleaned = text.filter { !$0.isWhitespace }
        guard let data = Data(base64Encoded: cleaned) else {
            throw KubeConfigError.invalidField(join(path, key), file: source, reason: "not valid base64")
        }
        return data
    }

    func filePath(_ node: YAMLNode, _ key: String, path: String) throws -> String? {
        guard let value = try string(node, key, path: path), !value.isEmpty else { return nil }
        return absolute(value)
    }

    func absolute(_ value: String) -> String {
        var value = value
        if value.hasPrefix("~/") { value = NSHomeDirectory() + value.dropFirst(1) }
        guard !value.hasPrefix("/"), let baseDirectory else { return value }
        return URL(fileURLWithPath: baseDirectory).appendingPathComponent(value).standardizedFileURL.path
    }

    func cluster(_ node: YAMLNode, path: String) throws -> Cluster {
        guard node.mapping != nil else {
            throw KubeConfigError.invalidField(path, file: source, reason: "expected a mapping")
        }
        let server = try string(node, "server", path: path) ?? ""
        return Cluster(
            server: server,
            tlsServerName: try string(node, "tls-server-name", path: path),
            insecureSkipTLSVerify: try bool(node, "insecure-skip-tls-verify", path: path) ?? false,
            certificateAuthority: try filePath(node, "certificate-authority", path: path),
            certificateAuthorityData: try base64(node, "certificate-authority-data", path: path),
            proxyURL: try string(node, "proxy-url", path: path).flatMap { $0.isEmpty ? nil : $0 },
            disableCompression: try bool(node, "disable-compression", path: path) ?? false)
    }

    func authInfo(_ node: YAMLNode, path: String) throws -> AuthInfo {
        if node.null != nil { return AuthInfo() }
        guard node.mapping != nil else {
            throw KubeConfigError.invalidField(path, file: source, reason: "expected a mapping")
        }
        var info = AuthInfo(
            clientCertificate: try filePath(node, "client-certificate", path: path),
            clientCertificateData: try base64(node, "client-certificate-data", path: path),
            clientKey: try filePath(node, "client-key", path: path),
            clientKeyData: try base64(node, "client-key-data", path: path),
            token: try string(node, "token", path: path).flatMap { $0.isEmpty ? nil : $0 },
            tokenFile: try filePath(node, "tokenFile", path: path),
            username: try string(node, "username", path: path),
            password: try string(node, "password", path: path),
            impersonate: try string(node, "as", path: path),
            impersonateGroups: try stringList(node, "as-groups", path: path))
        if let provider = node["auth-provider"], provider.null == nil {
            let providerPath = join(path, "auth-provider")
            var config: [String: String] = [:]
            if let configNode = provider["config"], let mapping = configNode.mapping {
                for (key, value) in mapping {
                    if let key = key.string { config[key] = value.string ?? "" }
                }
            }
            info.authProvider = AuthProviderConfig(
                name: try requiredString(provider, "name", path: providerPath), config: config)
        }
        if let exec = node["exec"], exec.null == nil {
            info.exec = try execConfig(exec, path: join(path, "exec"))
        }
        return info
    }

    func execConfig(_ node: YAMLNode, path: String) throws -> ExecConfig {
        guard node.mapping != nil else {
            throw KubeConfigError.invalidField(path, file: source, reason: "expected a mapping")
        }
        let apiVersion = try requiredString(node, "apiVersion", path: path)
        let supported = ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"]
        guard supported.contains(apiVersion) else {
            throw KubeConfigError.invalidField(
                join(path, "apiVersion"), file: source,
                reason: "unsupported exec plugin version \"\(apiVersion)\" (supported: \(supported.joined(separator: ", ")))")
        }
        var command = try requiredString(node, "command", path: path)
        if command.contains("/") { command = absolute(command) }
        var env: [ExecEnvVar] = []
        for (index, item) in try sequence(node, "env", path: path).enumerated() {
            let itemPath = "\(join(path, "env"))[\(index)]"
            env.append(
                ExecEnvVar(
                    name: try requiredString(item, "name", path: itemPath),
                    value: try string(item, "value", path: itemPath) ?? ""))
        }
        let interactiveMode = try string(node, "interactiveMode", path: path)
        if let interactiveMode, !["Never", "IfAvailable", "Always"].contains(interactiveMode) {
            throw KubeConfigError.invalidField(
                join(path, "interactiveMode"), file: source,
                reason: "expected Never, IfAvailable or Always, found \"\(interactiveMode)\"")
        }
        return ExecConfig(
            apiVersion: apiVersion, command: command, args: try stringList(node, "args", path: path) ?? [], env: env,
            installHint: try string(node, "installHint", path: path),
            provideClusterInfo: try bool(node, "provideClusterInfo", path: path) ?? false,
            interactiveMode: interactiveMode)
    }

    private func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}
