/// How the gatekeeper starts: level, automation, protected namespaces, rate limits and approval lifetime.
public struct GatekeeperConfiguration: Sendable, Hashable {
    /// The autonomy level at start (L2 guarded by default).
    public var level: AutonomyLevel
    /// When false, every write is queued for approval.
    public var automationEnabled: Bool
    /// Namespaces protected in addition to the built-in ones.
    public var additionalProtectedNamespaces: [String]
    /// Token buckets per package and overall.
    public var rateLimits: RateLimitConfiguration
    /// How long a plan waits for approval before it expires.
    public var approvalTTL: Duration
    /// Whether queued plans record a server-side dry run of each write.
    public var dryRunPreview: Bool
    /// Bounds on tool results.
    public var outputLimits: ToolOutputLimits
    /// The remediation guards' invariants (availability floor, node limits, rightsizing history, ...).
    public var remediation: RemediationPolicy
    /// Four-eyes approval: the person who asked for a plan may not approve it (default off).
    public var fourEyes: Bool

    /// Creates a configuration.
    public init(
        level: AutonomyLevel = .l2, automationEnabled: Bool = true, additionalProtectedNamespaces: [String] = [],
        rateLimits: RateLimitConfiguration = .default, approvalTTL: Duration = .seconds(3600),
        dryRunPreview: Bool = true, outputLimits: ToolOutputLimits = .default, remediation: RemediationPolicy = .default,
        fourEyes: Bool = false
    ) {
        self.level = level
        self.automationEnabled = automationEnabled
        self.additionalProtectedNamespaces = additionalProtectedNamespaces
        self.rateLimits = rateLimits
        self.approvalTTL = approvalTTL
        self.dryRunPreview = dryRunPreview
        self.outputLimits = outputLimits
        self.remediation = remediation
        self.fourEyes = fourEyes
    }

    /// L2 guarded with the default rate limits.
    public static let `default` = GatekeeperConfiguration()
    /// L1: reads run, every write waits for a person.
    public static let readOnly = GatekeeperConfiguration(level: .l1)
    /// L2 with automation off: every write waits for a person, with tight rate limits.
    public static let conservative = GatekeeperConfiguration(
        level: .l2, automationEnabled: false, rateLimits: .conservative)
}

/// Token-bucket limits: one bucket overall and one per package.
public struct RateLimitConfiguration: Sendable, Hashable {
    /// One token bucket.
    public struct Bucket: Sendable, Hashable {
        /// Most calls in a burst.
        public var capacity: Int
        /// Tokens added per minute.
        public var refillPerMinute: Double

        /// Creates a bucket.
        public init(capacity: Int, refillPerMinute: Double) {
            self.capacity = capacity
            self.refillPerMinute = refillPerMinute
        }
    }

    /// The bucket every executed call draws from; nil for none.
    public var overall: Bucket?
    /// Buckets per package; a package without one is unlimited (apart from `overall`).
    public var perPackage: [ToolPackage: Bucket]

    /// Creates limits.
    public init(overall: Bucket? = nil, perPackage: [ToolPackage: Bucket] = [:]) {
        self.overall = overall
        self.perPackage = perPackage
    }

    /// 300/min overall; observe 240/min, remediate 20/min, quarantine 10/min, restart 10/min, destructive 3/min.
    public static let `default` = RateLimitConfiguration(
        overall: Bucket(capacity: 300, refillPerMinute: 300),
        perPackage: [
            .observe: Bucket(capacity: 240, refillPerMinute: 240), .remediate: Bucket(capacity: 20, refillPerMinute: 20),
            .quarantine: Bucket(capacity: 10, refillPerMinute: 10), .restart: Bucket(capacity: 10, refillPerMinute: 10),
            .destructive: Bucket(capacity: 3, refillPerMinute: 3),
        ])

    /// A tenth of the default for writes.
    public static let conservative = RateLimitConfiguration(
        overall: Bucket(capacity: 120, refillPerMinute: 120),
        perPackage: [
            .observe: Bucket(capacity: 100, refillPerMinute: 100), .remediate: Bucket(capacity: 2, refillPerMinute: 2),
            .quarantine: Bucket(capacity: 2, refillPerMinute: 2), .restart: Bucket(capacity: 1, refillPerMinute: 1),
            .destructive: Bucket(capacity: 1, refillPerMinute: 0.2),
        ])

    /// No limits.
    public static let unlimited = RateLimitConfiguration()
}
