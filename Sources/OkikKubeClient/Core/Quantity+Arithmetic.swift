extension Quantity {
    /// The sum; the result keeps the left operand's format (or the right one's when the left is zero).
    ///
    /// Overflow past about 3.4 × 10^29 units traps, like integer overflow.
    public static func + (lhs: Quantity, rhs: Quantity) -> Quantity {
        lhs.combined(with: rhs.isNegative, rhs.nanos, otherFormat: rhs.format)
    }

    /// The difference; the result keeps the left operand's format (or the right one's when the left is zero).
    public static func - (lhs: Quantity, rhs: Quantity) -> Quantity {
        lhs.combined(with: !rhs.isNegative && !rhs.nanos.isZero, rhs.nanos, otherFormat: rhs.format)
    }

    /// The negated value.
    public static prefix func - (operand: Quantity) -> Quantity {
        Quantity(isNegative: !operand.isNegative, nanos: operand.nanos, format: operand.format)
    }

    /// Adds in place.
    public static func += (lhs: inout Quantity, rhs: Quantity) { lhs = lhs + rhs }

    /// Subtracts in place.
    public static func -= (lhs: inout Quantity, rhs: Quantity) { lhs = lhs - rhs }

    /// The product with an integer (`replicas × request`); keeps the quantity's format. Overflow traps.
    public static func * (lhs: Quantity, rhs: Int) -> Quantity {
        let (product, overflow) = lhs.nanos.multipliedReportingOverflow(by: UInt64(rhs.magnitude))
        precondition(!overflow, "Quantity multiplication overflowed")
        return Quantity(isNegative: lhs.isNegative != (rhs < 0), nanos: product, format: lhs.format)
    }

    /// The product with an integer; keeps the quantity's format.
    public static func * (lhs: Int, rhs: Quantity) -> Quantity { rhs * lhs }

    /// Multiplies in place.
    public static func *= (lhs: inout Quantity, rhs: Int) { lhs = lhs * rhs }

    /// The absolute value.
    public var magnitude: Quantity { Quantity(isNegative: false, nanos: nanos, format: format) }

    /// This quantity written in another format (same value).
    public func formatted(as format: Format) -> Quantity {
        Quantity(isNegative: isNegative, nanos: nanos, format: format)
    }

    private func combined(with otherNegative: Bool, _ otherNanos: QuantityMagnitude, otherFormat: Format) -> Quantity {
        let resultFormat = isZero ? otherFormat : format
        if isNegative == otherNegative {
            let (sum, overflow) = nanos.addingReportingOverflow(otherNanos)
            precondition(!overflow, "Quantity addition overflowed")
            return Quantity(isNegative: isNegative, nanos: sum, format: resultFormat)
        }
        if otherNanos < nanos {
            return Quantity(isNegative: isNegative, nanos: nanos.subtracting(otherNanos), format: resultFormat)
        }
        return Quantity(isNegative: otherNegative, nanos: otherNanos.subtracting(nanos), format: resultFormat)
    }
}

extension Sequence where Element == Quantity {
    /// The sum of all quantities (``Quantity/zero`` for an empty sequence).
    public func sum() -> Quantity { reduce(Quantity.zero, +) }
}
