import Synchronization

/// Faults the simulated API server injects, for reliability tests of every client of OKIK.
public struct FaultConfiguration: Sendable, Hashable {
    /// Delay added before every response.
    public var latency: Duration
    /// Share of requests (0...1) answered 429 with `Retry-After`.
    public var tooManyRequestsRate: Double
    /// The `Retry-After` seconds sent with injected 429s.
    public var retryAfterSeconds: Int
    /// Share of requests answered 500.
    public var internalErrorRate: Double
    /// Share of requests answered 503.
    public var unavailableRate: Double
    /// Share of requests whose connection is reset without a response.
    public var connectionResetRate: Double
    /// Watch streams are cut after this many events.
    public var cutWatchAfterEvents: Int?
    /// Watch streams are cut after this long.
    public var cutWatchAfter: Duration?
    /// Faults apply only to requests whose path contains this text (nil: all requests except discovery).
    public var pathFilter: String?
    /// Faults apply only to requests with this HTTP method, such as `PATCH` (nil: every method), so a test can fail a
    /// write and not the read before it.
    public var methodFilter: String?
    /// Faults apply to at most this many requests (nil: unlimited), so a test can ask for "the next two fail".
    public var budget: Int?

    /// Creates a configuration; the defaults inject nothing.
    public init(
        latency: Duration = .zero, tooManyRequestsRate: Double = 0, retryAfterSeconds: Int = 1,
        internalErrorRate: Double = 0, unavailableRate: Double = 0, connectionResetRate: Double = 0,
        cutWatchAfterEvents: Int? = nil, cutWatchAfter: Duration? = nil, pathFilter: String? = nil, methodFilter: String? = nil,
        budget: Int? = nil
    ) {
        self.latency = latency
        self.tooManyRequestsRate = tooManyRequestsRate
        self.retryAfterSeconds = retryAfterSeconds
        self.internalErrorRate = internalErrorRate
        self.unavailableRate = unavailableRate
        self.connectionResetRate = connectionResetRate
        self.cutWatchAfterEvents = cutWatchAfterEvents
        self.cutWatchAfter = cutWatchAfter
        self.pathFilter = pathFilter
        self.methodFilter = methodFilter
        self.budget = budget
    }

    /// No faults.
    public static let none = FaultConfiguration()
}

/// The fault decided for one request.
enum InjectedFault: Sendable {
    case none
    case status(APIError)
    case reset
}

/// Decides faults with a seeded generator, so a test run is repeatable.
final class FaultInjector: Sendable {
    private struct State {
        var configuration: FaultConfiguration
        var random: SplitMix64
    }
    private let state: Mutex<State>

    init(configuration: FaultConfiguration, seed: UInt64) {
        state = Mutex(State(configuration: configuration, random: SplitMix64(seed: seed)))
    }

    var configuration: FaultConfiguration {
        get { state.withLock { $0.configuration } }
        set { state.withLock { $0.configuration = newValue } }
    }

    func decide(method: String, path: String) -> (latency: Duration, fault: InjectedFault) {
        state.withLock { state in
            let config = state.configuration
            if let filter = config.pathFilter, !path.contains(filter) { return (.zero, .none) }
            if let filter = config.methodFilter, method.uppercased() != filter.uppercased() { return (.zero, .none) }
            if config.pathFilter == nil && (path == "/version" || path.hasPrefix("/openapi") || path == "/api" || path == "/apis") {
                return (config.latency, .none)
            }
            if let budget = config.budget, budget <= 0 { return (config.latency, .none) }
            let roll = state.random.nextDouble()
            var threshold = config.tooManyRequestsRate
            var fault = InjectedFault.none
            if roll < threshold {
                fault = .status(.tooManyRequests("injected fault: too many requests", retryAfter: config.retryAfterSeconds))
            } else if roll < (threshold + config.internalErrorRate) {
                fault = .status(.internalError("injected fault"))
            } else if roll < (threshold + config.internalErrorRate + config.unavailableRate) {
                fault = .status(APIError(code: 503, reason: "ServiceUnavailable", message: "injected fault: service unavailable"))
            } else {
                threshold += config.internalErrorRate + config.unavailableRate
                if roll < threshold + config.connectionResetRate { fault = .reset }
            }
            if case .none = fault {} else if let budget = config.budget { state.configuration.budget = budget - 1 }
            return (config.latency, fault)
        }
    }
}

/// A small seeded generator (SplitMix64): repeatable across runs and platforms.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func nextDouble() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
