import Foundation

/// One container of one workload, across its pods and their restarts: the key of usage history.
public struct ContainerKey: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The workload (Deployment, StatefulSet, ...).
    public var workload: ResourceRef
    /// The container's name in the pod template.
    public var container: String

    /// Creates a key.
    public init(workload: ResourceRef, container: String) {
        self.workload = workload
        self.container = container
    }

    /// Orders by workload, then container.
    public static func < (lhs: ContainerKey, rhs: ContainerKey) -> Bool {
        (lhs.workload, lhs.container) < (rhs.workload, rhs.container)
    }

    /// `Deployment shop/web/api`.
    public var description: String { "\(workload)/\(container)" }
}

/// One usage observation of a container: the highest CPU and memory among the workload's pods at one metrics time.
public struct UsageSample: Sendable, Hashable, Codable {
    /// Whose usage.
    public var key: ContainerKey
    /// When metrics-server measured it.
    public var time: Date
    /// CPU, millicores.
    public var cpuMillicores: Int64
    /// Memory (working set), bytes.
    public var memoryBytes: Int64

    /// Creates a sample.
    public init(key: ContainerKey, time: Date, cpuMillicores: Int64, memoryBytes: Int64) {
        self.key = key
        self.time = time
        self.cpuMillicores = cpuMillicores
        self.memoryBytes = memoryBytes
    }
}

/// The compact usage history of one container, as the VPA recommender and KRR keep it: a decaying CPU histogram
/// (percentiles), daily memory peaks for the last eight days, and how much history there is.
public struct ContainerUsageHistory: Sendable, Hashable, Codable {
    /// The first sample's time.
    public private(set) var firstSampleAt: Date
    /// The last sample's time.
    public private(set) var lastSampleAt: Date
    /// How many samples were taken.
    public private(set) var samples: Int
    /// CPU usage, millicores, half-life 24 h.
    public private(set) var cpu: DecayingHistogram
    /// The highest CPU sample ever seen, millicores.
    public private(set) var cpuPeak: Int64
    /// The peak memory per day (days since 1970), the last ``retainedMemoryDays`` days.
    public private(set) var dailyMemoryPeaks: [Int: Int64]
    /// The hours (since 1970) with at least one sample, the last ``retainedMemoryDays`` days: how much of the time
    /// the history actually saw. Empty in a history recorded before OKIK kept it, which then counts as uncovered.
    public private(set) var sampledHours: Set<Int>

    /// Days of memory peaks kept (8, as VPA keeps).
    public static let retainedMemoryDays = 8
    /// The least time between two samples that both count (60 s): reading the cluster twice in a row adds one.
    public static let minimumSpacingSeconds: Double = 60

    /// A history holding one sample.
    public init(_ sample: UsageSample) {
        firstSampleAt = sample.time
        lastSampleAt = sample.time
        samples = 0
        cpu = DecayingHistogram(reference: sample.time)
        cpuPeak = 0
        dailyMemoryPeaks = [:]
        sampledHours = []
        add(sample)
    }

    private enum CodingKeys: String, CodingKey {
        case firstSampleAt, lastSampleAt, samples, cpu, cpuPeak, dailyMemoryPeaks, sampledHours
    }

    /// Decodes a stored history; one stored before `sampledHours` existed has none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        firstSampleAt = try container.decode(Date.self, forKey: .firstSampleAt)
        lastSampleAt = try container.decode(Date.self, forKey: .lastSampleAt)
        samples = try container.decode(Int.self, forKey: .samples)
        cpu = try container.decode(DecayingHistogram.self, forKey: .cpu)
        cpuPeak = try container.decode(Int64.self, forKey: .cpuPeak)
        dailyMemoryPeaks = try container.decode([Int: Int64].self, forKey: .dailyMemoryPeaks)
        sampledHours = try container.decodeIfPresent(Set<Int>.self, forKey: .sampledHours) ?? []
    }

    /// Adds a sample; one less than ``minimumSpacingSeconds`` after the last is ignored (the same usage read twice).
    /// - Returns: whether it was added.
    @discardableResult
    public mutating func add(_ sample: UsageSample) -> Bool {
        guard samples == 0 || sample.time.timeIntervalSince(lastSampleAt) >= Self.minimumSpacingSeconds else { return false }
        samples += 1
        lastSampleAt = sample.time
        cpu.add(Double(max(0, sample.cpuMillicores)), at: sample.time)
        cpuPeak = max(cpuPeak, sample.cpuMillicores)
        let day = Int((sample.time.timeIntervalSince1970 / 86_400).rounded(.down))
        dailyMemoryPeaks[day] = max(dailyMemoryPeaks[day] ?? 0, sample.memoryBytes)
        for old in dailyMemoryPeaks.keys where old <= day - Self.retainedMemoryDays { dailyMemoryPeaks[old] = nil }
        let hour = Int((sample.time.timeIntervalSince1970 / 3600).rounded(.down))
        sampledHours.insert(hour)
        sampledHours = sampledHours.filter { $0 > hour - Self.retainedMemoryDays * 24 }
        return true
    }

    /// Seconds from the first sample to the last.
    public var spanSeconds: Double { lastSampleAt.timeIntervalSince(firstSampleAt) }

    /// The highest memory seen in the retained days, bytes.
    public var memoryPeak: Int64 { dailyMemoryPeaks.values.max() ?? 0 }

    /// The CPU usage below which `fraction` of the (decayed) samples lie, millicores, rounded up.
    public func cpuPercentile(_ fraction: Double) -> Int64 {
        Int64((cpu.percentile(fraction) ?? 0).rounded(.up))
    }

    /// Whether there is enough history to lower requests or limits under `policy`: the span, the samples, and
    /// samples spread over it (a sample in most hours of the span required), so thirty samples taken in one half hour
    /// a day after a first one do not count as a day that saw the nightly peak.
    public func isSufficient(for policy: RemediationPolicy) -> Bool {
        spanSeconds >= policy.minimumHistorySeconds && samples >= policy.minimumHistorySamples
            && sampledHours.count >= Self.hoursRequired(by: policy)
    }

    /// The sampled hours `policy` asks for: its ``RemediationPolicy/minimumHistoryCoverage`` of the hours in its
    /// ``RemediationPolicy/minimumHistorySeconds``.
    public static func hoursRequired(by policy: RemediationPolicy) -> Int {
        Int((policy.minimumHistorySeconds / 3600 * policy.minimumHistoryCoverage).rounded(.up))
    }

    /// `2h10m of history, 14 samples in 3 hours`.
    public var extent: String {
        "\(Figures.duration(spanSeconds)) of history, \(samples) sample\(samples == 1 ? "" : "s") in \(sampledHours.count) hour\(sampledHours.count == 1 ? "" : "s")"
    }
}
