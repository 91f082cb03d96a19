import Foundation

/// A histogram with exponentially growing buckets whose samples lose half their weight every `halfLife`, as the
/// VPA recommender keeps CPU usage: recent behaviour counts most, and a week-old spike still counts a little.
///
/// Bucket `i` holds values in `[firstBucket × growth^i, firstBucket × growth^(i+1))`; percentiles answer with a
/// bucket's upper edge, so they never understate usage.
public struct DecayingHistogram: Sendable, Hashable, Codable {
    /// The upper edge of the first bucket.
    public let firstBucket: Double
    /// How much wider each bucket is than the one before (1.05: 5%).
    public let growth: Double
    /// Seconds after which a sample's weight halves.
    public let halfLifeSeconds: Double
    /// Weight per bucket index.
    private(set) var weights: [Int: Double]
    /// The time weights are relative to.
    private(set) var reference: Date

    /// Creates an empty histogram.
    public init(firstBucket: Double = 1, growth: Double = 1.05, halfLifeSeconds: Double = 24 * 3600, reference: Date) {
        self.firstBucket = firstBucket
        self.growth = growth
        self.halfLifeSeconds = halfLifeSeconds
        self.weights = [:]
        self.reference = reference
    }

    /// Whether it holds no sample.
    public var isEmpty: Bool { weights.isEmpty }

    /// Adds a sample taken at `time`.
    public mutating func add(_ value: Double, at time: Date) {
        var exponent = time.timeIntervalSince(reference) / halfLifeSeconds
        if exponent > 30 {
            // Keep weights in range: move the reference to now and scale older weights down to match.
            let factor = pow(2, -exponent)
            weights = weights.compactMapValues { weight in
                let scaled = weight * factor
                return scaled > 1e-12 ? scaled : nil
            }
            reference = time
            exponent = 0
        }
        weights[bucket(of: value), default: 0] += pow(2, exponent)
    }

    /// The smallest bucket edge at or below which `fraction` of the weight lies; nil when empty.
    public func percentile(_ fraction: Double) -> Double? {
        let total = weights.values.reduce(0, +)
        guard total > 0 else { return nil }
        var cumulative = 0.0
        let threshold = min(1, max(0, fraction)) * total
        for index in weights.keys.sorted() {
            cumulative += weights[index] ?? 0
            if cumulative >= threshold * (1 - 1e-12) { return upperEdge(of: index) }
        }
        return weights.keys.max().map(upperEdge)
    }

    func bucket(of value: Double) -> Int {
        guard value > firstBucket else { return 0 }
        return Int((log(value / firstBucket) / log(growth)).rounded(.down)) + 1
    }

    func upperEdge(of index: Int) -> Double {
        firstBucket * pow(growth, Double(index))
    }
}
