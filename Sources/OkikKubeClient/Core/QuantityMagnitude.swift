/// An unsigned 128-bit integer: the exact magnitude of a ``Quantity`` in nano units.
///
/// The standard library's `UInt128` needs macOS 15 while the package supports macOS 14, so the few operations
/// `Quantity` needs are written here over two 64-bit words.
struct QuantityMagnitude: Sendable, Hashable, Comparable {
    /// The upper 64 bits.
    var high: UInt64
    /// The lower 64 bits.
    var low: UInt64

    /// Zero.
    static let zero = QuantityMagnitude(high: 0, low: 0)

    /// Creates a magnitude from its two words.
    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Creates a magnitude from a 64-bit value.
    init(_ value: UInt64) {
        self.high = 0
        self.low = value
    }

    /// True when the value is zero.
    var isZero: Bool { high == 0 && low == 0 }

    static func < (lhs: QuantityMagnitude, rhs: QuantityMagnitude) -> Bool {
        lhs.high != rhs.high ? lhs.high < rhs.high : lhs.low < rhs.low
    }

    /// The sum, and whether it overflowed 128 bits.
    func addingReportingOverflow(_ other: QuantityMagnitude) -> (partialValue: QuantityMagnitude, overflow: Bool) {
        let (newLow, carry) = low.addingReportingOverflow(other.low)
        var (newHigh, overflow) = high.addingReportingOverflow(other.high)
        if carry {
            let (withCarry, carryOverflow) = newHigh.addingReportingOverflow(1)
            newHigh = withCarry
            overflow = overflow || carryOverflow
        }
        return (QuantityMagnitude(high: newHigh, low: newLow), overflow)
    }

    /// The difference; the caller guarantees `self >= other`.
    func subtracting(_ other: QuantityMagnitude) -> QuantityMagnitude {
        let (newLow, borrow) = low.subtractingReportingOverflow(other.low)
        let newHigh = high &- other.high &- (borrow ? 1 : 0)
        return QuantityMagnitude(high: newHigh, low: newLow)
    }

    /// The product with a 64-bit factor, and whether it overflowed 128 bits.
    func multipliedReportingOverflow(by factor: UInt64) -> (partialValue: QuantityMagnitude, overflow: Bool) {
        let lowProduct = low.multipliedFullWidth(by: factor)
        let highProduct = high.multipliedFullWidth(by: factor)
        let (newHigh, overflow) = highProduct.low.addingReportingOverflow(lowProduct.high)
        return (QuantityMagnitude(high: newHigh, low: lowProduct.low), overflow || highProduct.high != 0)
    }

    /// Quotient and remainder of a division by a non-zero 64-bit divisor.
    func quotientAndRemainder(dividingBy divisor: UInt64) -> (quotient: QuantityMagnitude, remainder: UInt64) {
        let (highQuotient, highRemainder) = high.quotientAndRemainder(dividingBy: divisor)
        let (lowQuotient, remainder) = divisor.dividingFullWidth((high: highRemainder, low: low))
        return (QuantityMagnitude(high: highQuotient, low: lowQuotient), remainder)
    }

    /// `self × 10^exponent`, or nil on overflow.
    func multipliedByPowerOfTen(_ exponent: Int) -> QuantityMagnitude? {
        var result = self
        var remaining = exponent
        while remaining > 0 {
            if result.isZero { return result }
            let step = min(remaining, 19)
            let (product, overflow) = result.multipliedReportingOverflow(by: QuantityMagnitude.powersOfTen[step])
            if overflow { return nil }
            result = product
            remaining -= step
        }
        return result
    }

    /// `self / 10^exponent`, rounded up (towards infinity) when `roundingUp` is set, else truncated.
    func dividedByPowerOfTen(_ exponent: Int, roundingUp: Bool) -> QuantityMagnitude {
        if isZero { return self }
        if exponent > 39 { return roundingUp ? QuantityMagnitude(1) : .zero }
        var result = self
        var remaining = exponent
        var inexact = false
        while remaining > 0 {
            let step = min(remaining, 19)
            let (quotient, remainder) = result.quotientAndRemainder(dividingBy: QuantityMagnitude.powersOfTen[step])
            inexact = inexact || remainder != 0
            result = quotient
            remaining -= step
        }
        if roundingUp && inexact {
            result = result.addingReportingOverflow(QuantityMagnitude(1)).partialValue
        }
        return result
    }

    /// The value as a `Double` (rounded to the nearest representable value).
    var doubleValue: Double {
        Double(high) * 18_446_744_073_709_551_616.0 + Double(low)
    }

    /// The value if it fits in 64 bits.
    var uint64Value: UInt64? { high == 0 ? low : nil }

    /// Decimal digits, without sign or leading zeros ("0" for zero).
    var decimalDigits: String {
        if high == 0 { return String(low) }
        var chunks: [UInt64] = []
        var rest = self
        while !rest.isZero {
            let (quotient, remainder) = rest.quotientAndRemainder(dividingBy: QuantityMagnitude.powersOfTen[19])
            chunks.append(remainder)
            rest = quotient
        }
        var text = String(chunks.removeLast())
        for chunk in chunks.reversed() {
            let digits = String(chunk)
            text += String(repeating: "0", count: 19 - digits.count) + digits
        }
        return text
    }

    /// 10^0 ... 10^19, all of which fit in a `UInt64`.
    static let powersOfTen: [UInt64] = {
        var powers: [UInt64] = [1]
        for _ in 1...19 { powers.append(powers[powers.count - 1] * 10) }
        return powers
    }()
}
