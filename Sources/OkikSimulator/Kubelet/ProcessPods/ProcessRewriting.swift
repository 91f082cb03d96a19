import Foundation

/// How a process container's arguments and environment values are made to fit the host: paths under a volume's
/// mount path point into the pod's temporary directory, and container port numbers become the host ports.
enum ProcessRewriting {
    /// Rewrites one argument or value: every mount path (longest first, where a whole path prefix) becomes its
    /// local directory; a value that is a container port number, or ends in `=PORT` or `:PORT`, gets the host port
    /// instead; the wildcard address `0.0.0.0` (alone, after `=` or before `:PORT`) becomes `127.0.0.1`, so a
    /// process pod listens on loopback only.
    static func rewrite(_ value: String, mounts: [(path: String, local: String)], ports: [Int: Int]) -> String {
        var result = value
        if result == "0.0.0.0" { return "127.0.0.1" }
        if result.hasPrefix("0.0.0.0:") { result = "127.0.0.1" + result.dropFirst("0.0.0.0".count) }
        if result.hasSuffix("=0.0.0.0") { result = result.dropLast("0.0.0.0".count) + "127.0.0.1" }
        for mount in mounts where !mount.path.isEmpty && result.contains(mount.path) {
            result = replacePath(mount.path, with: mount.local, in: result)
        }
        for (container, host) in ports.sorted(by: { $0.key < $1.key }) {
            let number = String(container)
            if result == number { return String(host) }
            for separator in ["=", ":"] where result.hasSuffix(separator + number) {
                return String(result.dropLast(number.count)) + String(host)
            }
        }
        return result
    }

    /// Replaces `path` where it is a whole path prefix (followed by `/`, the end, or a character that cannot
    /// continue a path name such as `,` or `:`).
    private static func replacePath(_ path: String, with local: String, in value: String) -> String {
        var result = ""
        var rest = Substring(value)
        while let range = rest.range(of: path) {
            let next = rest[range.upperBound...].first
            let whole = next == nil || next == "/" || next == "," || next == ":" || next == " " || next == "\""
            result += rest[..<range.lowerBound]
            result += whole ? local : path
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
