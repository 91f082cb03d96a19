import Foundation

/// How a process container's arguments and environment values are made to fit the host: paths under a volume's
/// mount path point into the pod's temporary directory, and container port numbers become the host ports.
enum ProcessRewriting {
    /// Rewrites one argument or value: every mount path (longest first, where followed by `/` or the end) becomes
    /// its local directory; a value that is a container port number, or ends in `=PORT` or `:PORT`, gets the host
    /// port instead.
    static func rewrite(_ value: String, mounts: [(path: String, local: String)], ports: [Int: Int]) -> String {
        var result = value
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
