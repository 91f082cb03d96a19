import Foundation
import OkikKubeClient

/// Renders a ``KubeConfig`` as kubeconfig YAML that kubectl reads.
enum KubeConfigWriter {
    static func yaml(_ config: KubeConfig) -> String {
        func quote(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        var lines = ["apiVersion: v1", "kind: Config", "preferences: {}"]
        if let current = config.currentContext { lines.append("current-context: \(quote(current))") }
        lines.append("clusters:")
        for entry in config.clusters {
            lines.append("- name: \(quote(entry.name))")
            lines.append("  cluster:")
            lines.append("    server: \(quote(entry.cluster.server))")
            if let data = entry.cluster.certificateAuthorityData {
                lines.append("    certificate-authority-data: \(data.base64EncodedString())")
            }
            if let path = entry.cluster.certificateAuthority { lines.append("    certificate-authority: \(quote(path))") }
            if entry.cluster.insecureSkipTLSVerify { lines.append("    insecure-skip-tls-verify: true") }
            if let name = entry.cluster.tlsServerName { lines.append("    tls-server-name: \(quote(name))") }
        }
        lines.append("users:")
        for entry in config.users {
            lines.append("- name: \(quote(entry.name))")
            var fields: [String] = []
            if let token = entry.user.token { fields.append("    token: \(quote(token))") }
            if let file = entry.user.tokenFile { fields.append("    tokenFile: \(quote(file))") }
            if let data = entry.user.clientCertificateData { fields.append("    client-certificate-data: \(data.base64EncodedString())") }
            if let data = entry.user.clientKeyData { fields.append("    client-key-data: \(data.base64EncodedString())") }
            if fields.isEmpty {
                lines.append("  user: {}")
            } else {
                lines.append("  user:")
                lines += fields
            }
        }
        lines.append("contexts:")
        for entry in config.contexts {
            lines.append("- name: \(quote(entry.name))")
            lines.append("  context:")
            lines.append("    cluster: \(quote(entry.context.cluster))")
            lines.append("    user: \(quote(entry.context.user))")
            if let namespace = entry.context.namespace { lines.append("    namespace: \(quote(namespace))") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
