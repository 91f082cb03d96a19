/// Arithmetic on resource figures that never traps. The figures come from objects tenants write (`limits.memory:
/// 8Ei` is a valid quantity, held at `Int64.max` by ``Quantity``), and a sum or a scaled figure of them must never stop
/// OKIK: sums hold at the bounds, and conversions from `Double` clamp (NaN is 0).
extension Int64 {
    /// The largest figure one container contributes to a node's load (2^50: a pebibyte, or a billion cores in
    /// millicores), so that adding and later subtracting thousands of them stays exact.
    static let largestContainerFigure: Int64 = 1 << 50

    /// `self + other`, held at `.max` or `.min` instead of overflowing.
    func saturatingAdd(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }

    /// `self - other`, held at `.max` or `.min` instead of overflowing.
    func saturatingSubtract(_ other: Int64) -> Int64 {
        let (difference, overflow) = subtractingReportingOverflow(other)
        return overflow ? (other > 0 ? .min : .max) : difference
    }

    /// A `Double` as the nearest representable figure: clamped to the bounds, NaN as 0.
    init(saturating value: Double) {
        if value.isNaN {
            self = 0
        } else if value >= 9.2e18 {
            self = .max
        } else if value <= -9.2e18 {
            self = .min
        } else {
            self = Int64(value)
        }
    }
}

extension Int {
    /// A `Double` as the nearest representable `Int`: clamped to the bounds, NaN as 0.
    init(saturating value: Double) {
        self = Int(Int64(saturating: value))
    }
}

extension Sequence {
    /// The sum of a figure of every element, held at the bounds instead of overflowing.
    func saturatingSum(_ figure: (Element) -> Int64?) -> Int64 {
        reduce(Int64(0)) { $0.saturatingAdd(figure($1) ?? 0) }
    }
}
