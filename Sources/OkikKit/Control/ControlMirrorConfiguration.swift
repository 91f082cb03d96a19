/// Where ``ControlMirror`` mirrors the control state, and how patiently it retries.
public struct ControlMirrorConfiguration: Sendable, Hashable {
    /// The ConfigMap's namespace.
    public var namespace: String
    /// The ConfigMap's name.
    public var name: String
    /// How often the database is read again, so a change another process made there reaches the ConfigMap.
    public var refreshInterval: Duration
    /// The first wait before reading or watching again after an error; it doubles up to ``maximumBackoff``.
    public var initialBackoff: Duration
    /// The longest wait between attempts.
    public var maximumBackoff: Duration
    /// How long one watch of the ConfigMap runs before the mirror lists it again. A watch whose connection died
    /// without a close (a lost API server node, a dropped flow) delivers nothing and ends nothing; this bounds how
    /// long a stop written into the ConfigMap can go unseen.
    public var relistInterval: Duration

    /// Creates a configuration; by default `okik-system/okik-control`.
    public init(
        namespace: String = ControlConfigMap.defaultNamespace, name: String = ControlConfigMap.defaultName,
        refreshInterval: Duration = .seconds(5), initialBackoff: Duration = .seconds(1),
        maximumBackoff: Duration = .seconds(30), relistInterval: Duration = .seconds(60)
    ) {
        self.namespace = namespace
        self.name = name
        self.refreshInterval = refreshInterval
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
        self.relistInterval = relistInterval
    }

    /// `okik-system/okik-control` with the default intervals.
    public static let `default` = ControlMirrorConfiguration()

    /// Parses `NAMESPACE/NAME` (both non-empty), as `--control-configmap` takes it; nil otherwise.
    public init?(reference: String) {
        let parts = reference.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        self.init(namespace: String(parts[0]), name: String(parts[1]))
    }
}
