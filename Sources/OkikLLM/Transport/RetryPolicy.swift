/// When and how long to wait before sending a failed request again.
///
/// Retries happen on the ``retryableStatusCodes`` (429, 500, 502, 503, 504 and Anthropic's 529 by default), on
/// connection failures, and on a stream that failed before any output reached the caller; never once output has
/// started streaming, and never on quota, authentication or request errors. The wait is the provider's
/// `retry-after-ms` or `retry-after` when given (up to ``maxRetryAfter``), else exponential backoff with jitter.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in total, the first included; 1 disables retries.
    public var maxAttempts: Int
    /// The backoff before the second attempt.
    public var initialBackoff: Duration
    /// The longest backoff between attempts.
    public var maxBackoff: Duration
    /// The fraction of each backoff removed at random (0 to 1), to spread clients out.
    public var jitter: Double
    /// A provider's `retry-after` longer than this is not waited for; the error is returned instead.
    public var maxRetryAfter: Duration
    /// HTTP statuses that are retried.
    public var retryableStatusCodes: Set<Int>

    /// Creates a retry policy.
    public init(
        maxAttempts: Int = 3,
        initialBackoff: Duration = .milliseconds(500),
        maxBackoff: Duration = .seconds(8),
        jitter: Double = 0.25,
        maxRetryAfter: Duration = .seconds(60),
        retryableStatusCodes: Set<Int> = [429, 500, 502, 503, 504, 529]
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.jitter = min(max(jitter, 0), 1)
        self.maxRetryAfter = maxRetryAfter
        self.retryableStatusCodes = retryableStatusCodes
    }

    /// Three attempts, 0.5 s doubling to 8 s, 25 % jitter, `retry-after` honoured up to 60 s.
    public static let `default` = RetryPolicy()

    /// One attempt only.
    public static let never = RetryPolicy(maxAttempts: 1)

    /// The backoff after failed attempt number `attempt` (1-based), given a random value in `0..<1`.
    public func backoff(afterAttempt attempt: Int, random: Double) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        var delay = initialBackoff * (1 << exponent)
        if delay > maxBackoff { delay = maxBackoff }
        let factor = 1 - jitter * min(max(random, 0), 1)
        return delay * factor
    }

    /// The wait before attempt `attempt + 1` after `error`, or `nil` when the error must be returned.
    func delay(after error: LLMError, attempt: Int, random: Double) -> Duration? {
        guard attempt < maxAttempts, !error.isFinal else { return nil }
        let retryable: Bool
        if let status = error.statusCode {
            retryable = retryableStatusCodes.contains(status) && error != .quotaExceeded
        } else {
            retryable = error == .connectionFailed || error == .streamInterrupted || error == .overloaded
                || error == .rateLimited || error == .serverError
        }
        guard retryable else { return nil }
        if let retryAfter = error.retryAfter {
            guard retryAfter <= maxRetryAfter else { return nil }
            return max(retryAfter, .zero)
        }
        return backoff(afterAttempt: attempt, random: random)
    }
}
