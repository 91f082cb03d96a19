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
        result = replacePaths(mounts.filter { !$0.path.isEmpty }, in: result)
        for (container, host) in ports.sorted(by: { $0.key < $1.key }) {
            let number = String(container)
            if result == number { return String(host) }
            for separator in ["=", ":"] where result.hasSuffix(separator + number) {
                return String(result.dropLast(number.count)) + String(host)
            }
        }
        return result
    }

    /// Replaces every mount path, in one pass (a replacement is never rewritten again), where it starts a path
    /// (at the start or after a character like `=`, `:`, `,` or a space) and ends a path component.
    private static func replacePaths(_ mounts: [(path: String, local: String)], in value: String) -> String {
        guard mounts.contains(where: { value.contains($0.path) }) else { return value }
        let ordered = mounts.sorted { $0.path.count > $1.path.count }
        let stops: Set<Character> = ["/", ",", ":", " ", "\"", "'", ";"]
        var result = ""
        var index = value.startIndex
        var previous: Character?
        while index < value.endIndex {
            let startsPath = previous.map { !($0.isLetter || $0.isNumber || "/._-~".contains($0)) } ?? true
            if startsPath, let mount = ordered.first(where: { mount in
                guard value[index...].hasPrefix(mount.path) else { return false }
                let end = value.index(index, offsetBy: mount.path.count)
                return end == value.endIndex || stops.contains(value[end])
            }) {
                result += mount.local
                index = value.index(index, offsetBy: mount.path.count)
                previous = mount.path.last
                continue
            }
            previous = value[index]
            result.append(value[index])
            index = value.index(after: index)
        }
        return result
    }
}
