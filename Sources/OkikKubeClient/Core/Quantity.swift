/// A Kubernetes resource quantity (`resource.Quantity`): an exact fixed-point number such as `100m`, `1.5Gi` or `1e3`.
///
/// The value is kept exactly, in nano units, together with the suffix family it was written in, so formatting gives
/// Kubernetes' canonical form (`1.5Gi` → `1536Mi`, `0.5` → `500m`). Equality, hashing and ordering compare values
/// only: `1Ki == 1024`.
///
/// ```swift
/// let request = try Quantity("250m")
/// let limit = try Quantity("1.5")
/// print(limit - request, request.millicores)  // "1250m 250"
/// ```
public struct Quantity: Sendable {
    /// The suffix family a quantity is written in.
    public enum Format: String, Sendable, Hashable, Codable, CaseIterable {
        /// Powers of two: `Ki`, `Mi`, `Gi`, `Ti`, `Pi`, `Ei`.
        case binarySI = "BinarySI"
        /// Powers of ten as SI suffixes: `n`, `u`, `m`, (none), `k`, `M`, `G`, `T`, `P`, `E`.
        case decimalSI = "DecimalSI"
        /// Powers of ten as an exponent: `1e3`, `12e-3`.
        case decimalExponent = "DecimalExponent"
    }

    /// The suffix family used when formatting; kept from parsing.
    public var format: Format
    /// True for values below zero (never for zero).
    var isNegative: Bool
    /// The absolute value in nano units (10^-9).
    var nanos: QuantityMagnitude

    /// Nano units in one unit.
    static let nanosPerUnit: UInt64 = 1_000_000_000

    /// Creates a quantity from its exact parts; zero is always non-negative.
    init(isNegative: Bool, nanos: QuantityMagnitude, format: Format) {
        self.isNegative = isNegative && !nanos.isZero
        self.nanos = nanos
        self.format = format
    }

    /// Zero, in the decimal SI format.
    public static let zero = Quantity(isNegative: false, nanos: .zero, format: .decimalSI)

    /// Creates a whole-number quantity, such as a count or a byte size.
    /// - Parameters:
    ///   - value: The number of units.
    ///   - format: The suffix family used for formatting.
    public init(integer value: Int64, format: Format = .decimalSI) {
        let (nanos, _) = QuantityMagnitude(value.magnitude).multipliedReportingOverflow(by: Quantity.nanosPerUnit)
        self.init(isNegative: value < 0, nanos: nanos, format: format)
    }

    /// Creates a CPU-style quantity from thousandths of a unit (`Quantity(millicores: 250)` is `250m`).
    public init(millicores: Int64) {
        let (nanos, _) = QuantityMagnitude(millicores.magnitude).multipliedReportingOverflow(by: 1_000_000)
        self.init(isNegative: millicores < 0, nanos: nanos, format: .decimalSI)
    }

    /// Creates a memory-style quantity from a byte count, with binary suffixes (`Quantity(bytes: 1024)` is `1Ki`).
    public init(bytes: Int64) {
        self.init(integer: bytes, format: .binarySI)
    }

    /// Parses a quantity such as `100m`, `1.5Gi`, `1e3`, `12E-3`, `12345n`, `+1` or `.5`.
    ///
    /// Values finer than one nano unit are rounded up, away from zero, as Kubernetes does (`0.1n` → `1n`). A binary
    /// quantity above 2^63-1 is capped there, as Kubernetes does; a decimal quantity beyond about 3.4 × 10^29 is out of
    /// range.
    /// - Parameter text: The quantity text, without surrounding whitespace.
    /// - Throws: ``QuantityError`` naming the text when it is not a valid quantity.
    public init(_ text: String) throws(QuantityError) {
        var copy = text
        let result = copy.withUTF8 { Quantity.parse($0) }
        switch result {
        case .success(let quantity): self = quantity
        case .failure(let code): throw QuantityError(text: text, code: code)
        }
    }

    /// True when the value is zero.
    public var isZero: Bool { nanos.isZero }

    /// -1, 0 or 1 according to the sign of the value.
    public var signum: Int { nanos.isZero ? 0 : (isNegative ? -1 : 1) }
}

// MARK: - Conversions

extension Quantity {
    /// The value as a `Double` (approximate for values that a `Double` cannot hold exactly).
    public var doubleValue: Double {
        let (units, fraction) = nanos.quotientAndRemainder(dividingBy: Quantity.nanosPerUnit)
        let magnitude = units.doubleValue + Double(fraction) / Double(Quantity.nanosPerUnit)
        return isNegative ? -magnitude : magnitude
    }

    /// The value in CPU cores (`250m` → 0.25); the same as ``doubleValue``.
    public var cores: Double { doubleValue }

    /// The value in thousandths, rounded up away from zero (`0.1m` → 1) and clamped to the `Int64` range.
    public var millicores: Int64 { scaledInteger(nanosPerStep: 1_000_000) }

    /// The value in whole units, rounded up away from zero and clamped to the `Int64` range.
    public var integerValue: Int64 { scaledInteger(nanosPerStep: Quantity.nanosPerUnit) }

    /// The value in bytes (whole units), rounded up away from zero and clamped to the `Int64` range.
    public var bytes: Int64 { integerValue }

    /// The value in nano units when it fits in an `Int64`, else nil.
    public var nanoValue: Int64? {
        guard let value = nanos.uint64Value else { return nil }
        if isNegative {
            return value <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- value) : nil
        }
        return value <= UInt64(Int64.max) ? Int64(value) : nil
    }

    private func scaledInteger(nanosPerStep: UInt64) -> Int64 {
        var (steps, remainder) = nanos.quotientAndRemainder(dividingBy: nanosPerStep)
        if remainder != 0 { steps = steps.addingReportingOverflow(QuantityMagnitude(1)).partialValue }
        guard let value = steps.uint64Value else { return isNegative ? .min : .max }
        if isNegative { return value > UInt64(Int64.max) ? .min : -Int64(value) }
        return value > UInt64(Int64.max) ? .max : Int64(value)
    }
}

// MARK: - Equality and ordering

extension Quantity: Hashable, Comparable {
    public static func == (lhs: Quantity, rhs: Quantity) -> Bool {
        lhs.isNegative == rhs.isNegative && lhs.nanos == rhs.nanos
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(isNegative)
        hasher.combine(nanos)
    }

    public static func < (lhs: Quantity, rhs: Quantity) -> Bool {
        switch (lhs.isNegative, rhs.isNegative) {
        case (true, false): return true
        case (false, true): return false
        case (false, false): return lhs.nanos < rhs.nanos
        case (true, true): return rhs.nanos < lhs.nanos
        }
    }
}

// MARK: - Parsing

extension Quantity {
    /// The largest binary quantity, 2^63-1, in nano units: parsing caps binary values here as Kubernetes does.
    static let maximumBinaryNanos = QuantityMagnitude(UInt64(Int64.max))
        .multipliedReportingOverflow(by: nanosPerUnit).partialValue

    /// Scans `<sign><digits>[.<digits>]<suffix>` and computes the exact value.
    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<Quantity, QuantityError.Code> {
        let count = bytes.count
        guard count > 0 else { return .failure(.empty) }
        var index = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
            negative = bytes[0] == UInt8(ascii: "-")
            index = 1
        }

        // The number: significant digits go into `mantissa`; trailing zeros wait in `pendingZeros` so that
        // "1.500000…" never overflows, and `fractionDigits` counts the digits after the point.
        var mantissa = QuantityMagnitude.zero
        var pendingZeros = 0
        var fractionDigits = 0
        var digitCount = 0
        var seenPoint = false
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: ".") {
                if seenPoint { return .failure(.invalidNumber) }
                seenPoint = true
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digitCount += 1
                if seenPoint { fractionDigits += 1 }
                let digit = UInt64(byte &- UInt8(ascii: "0"))
                if digit == 0 {
                    if !mantissa.isZero { pendingZeros += 1 }
                } else {
                    guard let shifted = mantissa.multipliedByPowerOfTen(pendingZeros + 1) else {
                        return .failure(.outOfRange)
                    }
                    let (sum, overflow) = shifted.addingReportingOverflow(QuantityMagnitude(digit))
                    if overflow { return .failure(.outOfRange) }
                    mantissa = sum
                    pendingZeros = 0
                }
            } else {
                break
            }
            index += 1
        }
        guard digitCount > 0 else { return .failure(.invalidNumber) }

        // The suffix.
        guard let suffix = interpretSuffix(bytes, from: index) else { return .failure(.invalidSuffix) }
        let decimalExponent = pendingZeros - fractionDigits + 9

        if mantissa.isZero {
            return .success(Quantity(isNegative: false, nanos: .zero, format: suffix.format))
        }

        switch suffix.format {
        case .decimalSI, .decimalExponent:
            let exponent = decimalExponent + suffix.exponent
            let nanos: QuantityMagnitude
            if exponent >= 0 {
                guard let product = mantissa.multipliedByPowerOfTen(exponent) else { return .failure(.outOfRange) }
                nanos = product
            } else {
                nanos = mantissa.dividedByPowerOfTen(-exponent, roundingUp: true)
            }
            return .success(Quantity(isNegative: negative, nanos: nanos, format: suffix.format))

        case .binarySI:
            var nanos: QuantityMagnitude
            let multiplier = UInt64(1) << UInt64(suffix.exponent)
            if decimalExponent >= 0 {
                if let scaled = mantissa.multipliedByPowerOfTen(decimalExponent),
                    case let (product, overflow) = scaled.multipliedReportingOverflow(by: multiplier), !overflow
                {
                    nanos = product
                } else {
                    nanos = maximumBinaryNanos
                }
            } else {
                let (product, overflow) = mantissa.multipliedReportingOverflow(by: multiplier)
                nanos = overflow ? maximumBinaryNanos : product.dividedByPowerOfTen(-decimalExponent, roundingUp: true)
            }
            if maximumBinaryNanos < nanos { nanos = maximumBinaryNanos }
            // Below one unit a binary suffix cannot be written, so such values switch to decimal SI.
            let format: Format = nanos < QuantityMagnitude(nanosPerUnit) ? .decimalSI : .binarySI
            return .success(Quantity(isNegative: negative, nanos: nanos, format: format))
        }
    }

    /// Reads the suffix from `start` to the end: a decimal SI letter, a binary SI pair or an exponent.
    /// Returns the format and the exponent (of 10 for decimal formats, of 2 for binary).
    private static func interpretSuffix(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int
    ) -> (format: Format, exponent: Int)? {
        let length = bytes.count - start
        if length == 0 { return (.decimalSI, 0) }
        let first = bytes[start]
        if length == 1 {
            switch first {
            case UInt8(ascii: "n"): return (.decimalSI, -9)
            case UInt8(ascii: "u"): return (.decimalSI, -6)
            case UInt8(ascii: "m"): return (.decimalSI, -3)
            case UInt8(ascii: "k"): return (.decimalSI, 3)
            case UInt8(ascii: "M"): return (.decimalSI, 6)
            case UInt8(ascii: "G"): return (.decimalSI, 9)
            case UInt8(ascii: "T"): return (.decimalSI, 12)
            case UInt8(ascii: "P"): return (.decimalSI, 15)
            case UInt8(ascii: "E"): return (.decimalSI, 18)
            default: return nil
            }
        }
        if length == 2 && bytes[start + 1] == UInt8(ascii: "i") {
            switch first {
            case UInt8(ascii: "K"): return (.binarySI, 10)
            case UInt8(ascii: "M"): return (.binarySI, 20)
            case UInt8(ascii: "G"): return (.binarySI, 30)
            case UInt8(ascii: "T"): return (.binarySI, 40)
            case UInt8(ascii: "P"): return (.binarySI, 50)
            case UInt8(ascii: "E"): return (.binarySI, 60)
            default: return nil
            }
        }
        guard first == UInt8(ascii: "e") || first == UInt8(ascii: "E") else { return nil }
        var index = start + 1
        var negative = false
        if bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        guard index < bytes.count else { return nil }
        var exponent = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            // Saturate: anything this large is out of range (or rounds to 1n) anyway.
            exponent = min(exponent * 10 + Int(byte &- UInt8(ascii: "0")), 1_000_000)
            index += 1
        }
        return (.decimalExponent, negative ? -exponent : exponent)
    }
}
