import Foundation

extension KubeConfig {
    /// Why `text` cannot be used as a URL with one of `schemes`, or `nil` when it can.
    ///
    /// Checks what the HTTP stack would otherwise trip over: a scheme from `schemes`, a host, and a port (when
    /// given) of 1 to 65535. `URL.port` cannot be trusted for the last: it may hold a value that does not fit a TCP
    /// port, which crashed the connection code, or nothing at all for a port too long to parse.
    static func urlProblem(_ text: String, schemes: Set<String>) -> String? {
        let expected = schemes.sorted().joined(separator: " or ")
        guard let separator = text.range(of: "://") else {
            return "\"\(text)\" is not an \(schemes == ["http", "https"] ? "http(s)" : expected) URL (no scheme)"
        }
        let scheme = text[..<separator.lowerBound].lowercased()
        guard schemes.contains(scheme) else {
            if schemes == ["http", "https"] { return "\"\(text)\" is not an http(s) URL" }
            return "scheme \"\(scheme)\" in \"\(text)\" is not \(expected)"
        }
        let authority = text[separator.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostAndPort = authority.lastIndex(of: "@").map { authority[authority.index(after: $0)...] } ?? authority
        let host: Substring
        let port: Substring?
        if hostAndPort.hasPrefix("[") {
            guard let close = hostAndPort.firstIndex(of: "]") else {
                return "\"\(text)\" has an IPv6 address without its closing bracket"
            }
            host = hostAndPort[hostAndPort.index(after: hostAndPort.startIndex)..<close]
            let rest = hostAndPort[hostAndPort.index(after: close)...]
            if rest.isEmpty {
                port = nil
            } else if rest.first == ":" {
                port = rest.dropFirst()
            } else {
                return "\"\(text)\" has text after its IPv6 address that is not a port"
            }
        } else if let colon = hostAndPort.lastIndex(of: ":") {
            host = hostAndPort[..<colon]
            port = hostAndPort[hostAndPort.index(after: colon)...]
        } else {
            host = hostAndPort
            port = nil
        }
        guard !host.isEmpty else { return "\"\(text)\" has no host" }
        if let port, !port.isEmpty {
            let isNumber = port.allSatisfy { $0.isASCII && $0.isNumber }
            guard isNumber, port.count <= 5, let value = Int(port), (1...65535).contains(value) else {
                return "port \(port) in \"\(text)\" is not a TCP port (1-65535)"
            }
        }
        guard let url = URL(string: text), url.host != nil else { return "\"\(text)\" is not a valid URL" }
        return nil
    }

    /// Checks a cluster's `server` URL: http or https, a host, a port of 1 to 65535.
    /// - Throws: ``KubeConfigError/invalidField(_:file:context:reason:)`` naming `field` and the value.
    static func validateServer(_ server: String, field: String, file: String?, context: String?) throws {
        if let problem = urlProblem(server, schemes: ["http", "https"]) {
            throw KubeConfigError.invalidField(field, file: file, context: context, reason: problem)
        }
    }
}
