/// Percentiles of a set of latencies, in milliseconds (nearest rank), for benchmark reports.
public struct LatencySummary: Sendable, Hashable, Codable {
    /// How many latencies were summarised.
    public var count: Int
    /// The median, in milliseconds.
    public var p50: Double
    /// The 90th percentile, in milliseconds.
    public var p90: Double
    /// The 99th percentile, in milliseconds.
    public var p99: Double
    /// The 99.9th percentile, in milliseconds.
    public var p999: Double
    /// The largest, in milliseconds.
    public var max: Double

    /// Summarises latencies; all zero when there are none.
    public init(_ latencies: [Duration]) {
        let sorted = latencies.sorted()
        func percentile(_ p: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
            return Self.milliseconds(sorted[Swift.min(sorted.count - 1, Swift.max(0, rank - 1))])
        }
        count = sorted.count
        p50 = percentile(50)
        p90 = percentile(90)
        p99 = percentile(99)
        p999 = percentile(99.9)
        max = sorted.last.map(Self.milliseconds) ?? 0
    }

    /// A duration in milliseconds.
    public static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
