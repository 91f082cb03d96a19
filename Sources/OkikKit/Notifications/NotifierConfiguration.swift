import Foundation

/// Where notifications go and how hard the ``Notifier`` tries.
///
/// ```swift
/// var configuration = NotifierConfiguration(targets: try WebhookTarget.load(from: "/etc/okik/webhooks.yaml"))
/// configuration.retry.attempts = 5
/// ```
public struct NotifierConfiguration: Sendable {
    /// How deliveries are retried: on a connection error, a timeout, 429 and 5xx; never on another 4xx.
    public struct Retry: Sendable, Hashable {
        /// Attempts per delivery, the first included (3 by default).
        public var attempts: Int
        /// The wait before the second attempt; it doubles for each next one (1 s, 2 s, 4 s by default).
        public var initialBackoff: Duration
        /// The longest wait between two attempts.
        public var maxBackoff: Duration

        /// Creates a policy.
        public init(attempts: Int = 3, initialBackoff: Duration = .seconds(1), maxBackoff: Duration = .seconds(30)) {
            self.attempts = attempts
            self.initialBackoff = initialBackoff
            self.maxBackoff = maxBackoff
        }

        /// The wait after failed attempt `attempt` (1-based).
        public func backoff(after attempt: Int) -> Duration {
            var wait = initialBackoff
            for _ in 1..<max(1, attempt) where wait < maxBackoff { wait *= 2 }
            return min(wait, maxBackoff)
        }
    }

    /// The targets (none: the notifier does nothing).
    public var targets: [WebhookTarget]
    /// How often the audit trail is read for new entries (1 s by default).
    public var pollInterval: Duration
    /// Notifications waiting for delivery at most; when full the oldest is dropped with a warning (256 by default).
    public var queueCapacity: Int
    /// The retry policy.
    public var retry: Retry
    /// How long one attempt may take (10 s by default).
    public var timeout: Duration
    /// What removes secrets from every text before it leaves.
    public var redactor: Redactor

    /// Creates a configuration.
    public init(
        targets: [WebhookTarget] = [], pollInterval: Duration = .seconds(1), queueCapacity: Int = 256,
        retry: Retry = Retry(), timeout: Duration = .seconds(10), redactor: Redactor = .standard
    ) {
        self.targets = targets
        self.pollInterval = pollInterval
        self.queueCapacity = queueCapacity
        self.retry = retry
        self.timeout = timeout
        self.redactor = redactor
    }
}
