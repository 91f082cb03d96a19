/// What a ``LoadGenerator`` run measured. Latencies run from when each request was due to when its whole answer
/// was read.
public struct LoadReport: Sendable, Hashable, Codable {
    /// One path's share of the load.
    public struct Route: Sendable, Hashable, Codable {
        /// The path requested.
        public var path: String
        /// Requests sent to it.
        public var sent: Int
        /// Requests that failed: an answer other than 2xx, a transport error or a timeout.
        public var errors: Int
        /// Its latencies, failed requests included.
        public var latency: LatencySummary

        /// Creates a route's figures.
        public init(path: String, sent: Int, errors: Int, latency: LatencySummary) {
            self.path = path
            self.sent = sent
            self.errors = errors
            self.latency = latency
        }
    }

    /// The requests per second asked for.
    public var rate: Int
    /// From the first request being due to the last answer, in seconds.
    public var seconds: Double
    /// Requests sent.
    public var sent: Int
    /// Requests that failed.
    public var errors: Int
    /// Successful answers per second over ``seconds``.
    public var achievedRate: Double
    /// Per path.
    public var routes: [Route]
    /// Over all paths.
    public var overall: LatencySummary
    /// How late requests were sent after they were due (the generator's own delay, included in the latencies).
    public var sendLag: LatencySummary
    /// The first few failures, described.
    public var errorSamples: [String]

    /// Creates a report.
    public init(
        rate: Int, seconds: Double, sent: Int, errors: Int, achievedRate: Double, routes: [Route],
        overall: LatencySummary, sendLag: LatencySummary, errorSamples: [String]
    ) {
        self.rate = rate
        self.seconds = seconds
        self.sent = sent
        self.errors = errors
        self.achievedRate = achievedRate
        self.routes = routes
        self.overall = overall
        self.sendLag = sendLag
        self.errorSamples = errorSamples
    }
}
