import Foundation

/// How one resource of one container is used over its lifetime, from the `sim.okik.io/cpu` and
/// `sim.okik.io/memory` annotations. Time is measured from the container's (re)start, so a leak starts over
/// after an OOM kill.
///
/// Forms: `steady:200m`, `periodic:100m-800m/10m` (a smooth wave from low to high and back per period),
/// `ramp:100m->900m/1h` (linear, then flat), `leak:100Mi+10Mi/1m` (grows without bound).
enum UsageModel: Hashable, Sendable {
    case steady(Int64)
    case periodic(low: Int64, high: Int64, period: Double)
    case ramp(from: Int64, to: Int64, over: Double)
    case leak(start: Int64, perSecond: Double)

    /// Usage `elapsed` seconds after the container started.
    func value(at elapsed: Double) -> Int64 {
        let elapsed = max(0, elapsed)
        switch self {
        case .steady(let value):
            return value
        case .periodic(let low, let high, let period):
            guard period > 0 else { return low }
            let phase = (1 - cos(2 * Double.pi * elapsed / period)) / 2
            return low + Int64((Double(high - low) * phase).rounded())
        case .ramp(let from, let to, let over):
            guard over > 0, elapsed < over else { return to }
            return from + Int64((Double(to - from) * elapsed / over).rounded())
        case .leak(let start, let perSecond):
            return start + Int64((perSecond * elapsed).rounded())
        }
    }

    /// The first time (seconds after start) the usage goes above `limit`, or nil if it never does.
    func firstExceeding(_ limit: Int64) -> Double? {
        switch self {
        case .steady(let value):
            return value > limit ? 0 : nil
        case .periodic(let low, let high, let period):
            if low > limit { return 0 }
            guard high > limit, period > 0 else { return nil }
            // (1 - cos(2πt/p))/2 = f  =>  t = p/(2π) * acos(1 - 2f)
            let fraction = Double(limit - low) / Double(high - low)
            return period / (2 * Double.pi) * acos(1 - 2 * fraction) + 0.001
        case .ramp(let from, let to, let over):
            if from > limit { return 0 }
            guard to > limit else { return nil }
            return over * Double(limit - from) / Double(to - from) + 0.001
        case .leak(let start, let perSecond):
            if start > limit { return 0 }
            guard perSecond > 0 else { return nil }
            return Double(limit - start) / perSecond + 0.001
        }
    }

    /// Parses an annotation value; `parseAmount` reads one quantity (CPU or memory).
    static func parse(_ text: String, amount parseAmount: (String) -> Int64?) -> UsageModel? {
        let text = text.trimmingCharacters(in: .whitespaces)
        guard let colon = text.firstIndex(of: ":") else {
            return parseAmount(text).map(UsageModel.steady)
        }
        let form = text[..<colon].lowercased()
        let body = String(text[text.index(after: colon)...])
        switch form {
        case "steady":
            return parseAmount(body).map(UsageModel.steady)
        case "periodic":
            let parts = body.split(separator: "/", maxSplits: 1).map(String.init)
            let range = parts.first?.split(separator: "-", maxSplits: 1).map(String.init) ?? []
            guard parts.count == 2, range.count == 2, let low = parseAmount(range[0]), let high = parseAmount(range[1]),
                let period = SimDuration.parse(parts[1])
            else { return nil }
            return .periodic(low: low, high: high, period: period)
        case "ramp":
            let parts = body.split(separator: "/", maxSplits: 1).map(String.init)
            let range = parts.first?.components(separatedBy: "->") ?? []
            guard parts.count == 2, range.count == 2, let from = parseAmount(range[0]), let to = parseAmount(range[1]),
                let over = SimDuration.parse(parts[1])
            else { return nil }
            return .ramp(from: from, to: to, over: over)
        case "leak":
            let parts = body.split(separator: "/", maxSplits: 1).map(String.init)
            let amounts = parts.first?.split(separator: "+", maxSplits: 1).map(String.init) ?? []
            guard amounts.count == 2, let start = parseAmount(amounts[0]), let step = parseAmount(amounts[1]) else {
                return nil
            }
            let interval = parts.count == 2 ? SimDuration.parse(parts[1]) : 60
            guard let interval, interval > 0 else { return nil }
            return .leak(start: start, perSecond: Double(step) / interval)
        default:
            return nil
        }
    }
}
