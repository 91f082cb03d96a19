extension Quantity: CustomStringConvertible {
    /// The canonical form, as Kubernetes' `Quantity.String()` writes it (`1.5Gi` → `1536Mi`, `0.5` → `500m`).
    ///
    /// No precision is lost, no fractional digits are written, and the suffix is as large as possible within the
    /// quantity's format. Binary values below 1024 or with a fraction are written in decimal SI; decimal SI values
    /// beyond `E` fall back to an exponent (`1e21`).
    public var description: String { canonical }

    /// The canonical form; see ``description``.
    public var canonical: String {
        if nanos.isZero { return "0" }
        let sign = isNegative ? "-" : ""
        if format == .binarySI, let binary = binaryCanonical() { return sign + binary }
        // Binary values that cannot be written with a binary suffix are written in decimal SI.
        let format: Format = self.format == .decimalExponent ? .decimalExponent : .decimalSI

        // Strip factors of ten, then lower the exponent to a multiple of three.
        var mantissa = nanos
        var exponent = -9
        while true {
            let (quotient, remainder) = mantissa.quotientAndRemainder(dividingBy: 10)
            if remainder != 0 { break }
            mantissa = quotient
            exponent += 1
        }
        while exponent % 3 != 0 {
            // Cannot overflow: the value only gets back digits removed above.
            mantissa = mantissa.multipliedReportingOverflow(by: 10).partialValue
            exponent -= 1
        }
        let digits = mantissa.decimalDigits
        if format == .decimalSI, let suffix = Quantity.decimalSuffixes[exponent] {
            return sign + digits + suffix
        }
        return sign + digits + (exponent == 0 ? "" : "e\(exponent)")
    }

    /// The exact value as a plain decimal number without suffix (`1.5Gi` → `1610612736`, `12345n` → `0.000012345`).
    public var exactDecimalString: String {
        let (units, fraction) = nanos.quotientAndRemainder(dividingBy: Quantity.nanosPerUnit)
        var text = (isNegative ? "-" : "") + units.decimalDigits
        if fraction != 0 {
            var digits = String(fraction)
            digits = String(repeating: "0", count: 9 - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text
    }

    /// The binary form (`1536Mi`), or nil when the value is below 1024 or not whole, which Kubernetes writes in
    /// decimal SI instead.
    private func binaryCanonical() -> String? {
        let (units, fraction) = nanos.quotientAndRemainder(dividingBy: Quantity.nanosPerUnit)
        guard fraction == 0, !(units < QuantityMagnitude(1024)) else { return nil }
        var mantissa = units
        var power = 0
        while power < Quantity.binarySuffixes.count - 1 {
            let (quotient, remainder) = mantissa.quotientAndRemainder(dividingBy: 1024)
            guard remainder == 0, !quotient.isZero else { break }
            mantissa = quotient
            power += 1
        }
        return mantissa.decimalDigits + Quantity.binarySuffixes[power]
    }

    /// Decimal SI suffixes by power of ten.
    private static let decimalSuffixes: [Int: String] = [
        -9: "n", -6: "u", -3: "m", 0: "", 3: "k", 6: "M", 9: "G", 12: "T", 15: "P", 18: "E",
    ]

    /// Binary SI suffixes by power of 1024.
    private static let binarySuffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]
}
