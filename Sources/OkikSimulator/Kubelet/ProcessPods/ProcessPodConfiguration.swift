/// Which container images the simulated kubelet runs as real child processes instead of simulating them.
///
/// ```swift
/// var configuration = SimulatorConfiguration(runtime: .standard)
/// configuration.processPods = ProcessPodConfiguration(executables: ["okik-server": "/usr/local/bin/okik-server"])
/// ```
public struct ProcessPodConfiguration: Sendable, Hashable {
    /// Executable path by image name without registry path, tag or digest (`okik-server` matches
    /// `okik-server:0.1.0` and `registry.example/x/okik-server:1`); a key naming a repository path
    /// (`ghcr.io/okik/okik-server`) matches that path only.
    public var executables: [String: String]
    /// Seconds to wait for a process's readiness probe to answer before a probe attempt counts as failed.
    public var probeTimeout: Double

    /// Creates a configuration; empty by default (every container stays simulated).
    public init(executables: [String: String] = [:], probeTimeout: Double = 1) {
        self.executables = executables
        self.probeTimeout = probeTimeout
    }

    /// No process pods: every container is simulated.
    public static var none: ProcessPodConfiguration { ProcessPodConfiguration() }

    /// Whether any image runs as a process.
    public var isEnabled: Bool { !executables.isEmpty }

    /// The executable for a container image, if it runs as a process.
    public func executable(forImage image: String) -> String? {
        guard isEnabled else { return nil }
        let repository = Self.repository(of: image)
        if let path = executables[repository] { return path }
        let name = repository.split(separator: "/").last.map(String.init) ?? repository
        return executables[name]
    }

    /// An image reference without its tag or digest (`registry:5000/x/okik-server:1` gives `registry:5000/x/okik-server`).
    static func repository(of image: String) -> String {
        var reference = Substring(image)
        if let at = reference.firstIndex(of: "@") { reference = reference[..<at] }
        let lastSlash = reference.lastIndex(of: "/")
        if let colon = reference.lastIndex(of: ":"), lastSlash.map({ colon > $0 }) ?? true {
            reference = reference[..<colon]
        }
        return String(reference)
    }
}
