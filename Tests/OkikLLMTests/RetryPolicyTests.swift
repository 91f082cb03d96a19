import Foundation
import NIOHTTP1
import Testing

@testable import OkikLLM

@Suite("Retry policy")
struct RetryPolicyTests {
    private func error(status: Int?, kind: LLMError = .serverError, retryAfter: Duration? = nil) -> LLMError {
        .fromProvider(
            kind: kind,
            provider: .openAI,
            statusCode: status,
            message: nil,
            providerErrorType: nil,
            requestID: nil,
            retryAfter: retryAfter
        )
    }

    @Test("exponential backoff, capped, with jitter taken off")
    func backoff() {
        let policy = RetryPolicy(initialBackoff: .milliseconds(500), maxBackoff: .seconds(8), jitter: 0.25)
        #expect(policy.backoff(afterAttempt: 1, random: 0) == .milliseconds(500))
        #expect(policy.backoff(afterAttempt: 2, random: 0) == .seconds(1))
        #expect(policy.backoff(afterAttempt: 3, random: 0) == .seconds(2))
        #expect(policy.backoff(afterAttempt: 10, random: 0) == .seconds(8))
        #expect(policy.backoff(afterAttempt: 1, random: 1) == .milliseconds(375))
        #expect(policy.backoff(afterAttempt: 2, random: 0.5) == .milliseconds(875))
    }

    @Test("retryable statuses", arguments: [429, 500, 502, 503, 504, 529])
    func retryable(status: Int) {
        #expect(RetryPolicy.default.delay(after: error(status: status), attempt: 1, random: 0) != nil)
    }

    @Test("statuses that are not retried", arguments: [400, 401, 403, 404, 413, 422])
    func notRetryable(status: Int) {
        #expect(RetryPolicy.default.delay(after: error(status: status), attempt: 1, random: 0) == nil)
    }

    @Test("attempts are bounded; quota is never retried; retry-after wins and is capped")
    func bounds() {
        let policy = RetryPolicy(maxAttempts: 3, maxRetryAfter: .seconds(60))
        #expect(policy.delay(after: error(status: 500), attempt: 3, random: 0) == nil)
        #expect(policy.delay(after: error(status: 429, kind: .quotaExceeded), attempt: 1, random: 0) == nil)
        #expect(policy.delay(after: error(status: 429, retryAfter: .seconds(2)), attempt: 1, random: 0.9) == .seconds(2))
        #expect(policy.delay(after: error(status: 429, retryAfter: .seconds(120)), attempt: 1, random: 0) == nil)
        #expect(policy.delay(after: .connectionFailed, attempt: 1, random: 0) != nil)
        #expect(policy.delay(after: .authentication, attempt: 1, random: 0) == nil)
        #expect(RetryPolicy.never.delay(after: error(status: 503), attempt: 1, random: 0) == nil)
    }

    @Test("retry-after-ms, retry-after seconds and HTTP dates")
    func retryAfterHeaders() {
        #expect(RetryAfter.parse(HTTPHeaders([("retry-after-ms", "1500"), ("retry-after", "9")])) == .milliseconds(1500))
        #expect(RetryAfter.parse(HTTPHeaders([("retry-after", "2")])) == .seconds(2))
        #expect(RetryAfter.parse(HTTPHeaders([("retry-after", "0.5")])) == .milliseconds(500))
        #expect(RetryAfter.parse(HTTPHeaders([("Retry-After", "soon")])) == nil)
        #expect(RetryAfter.parse(HTTPHeaders()) == nil)
        let now = Date(timeIntervalSince1970: 1_445_412_480)  // Wed, 21 Oct 2015 07:28:00 GMT
        #expect(
            RetryAfter.parse(HTTPHeaders([("retry-after", "Wed, 21 Oct 2015 07:28:30 GMT")]), now: now) == .seconds(30)
        )
    }
}
